"""What an uploaded file is, read from its bytes, and the copy of an image that others see.

SPEC "Evidence": JPEG, PNG, WebP or PDF, at most 5 MB, the type read from the content, never
from the file's name or the type the browser declared. A file is one of those only when its
first bytes say so and the whole of it reads as that: an image must decode with Pillow (at
most MAX_PIXELS, so a small file cannot unpack into gigabytes), a PDF must start with its
header and end with its end-of-file marker. A file that is also something else is refused:
markup in its first kilobytes (a browser that sniffed it would run it), or a PDF header inside
an image (a PDF reader looks for it in the first 1,024 bytes).

Everyone but the author sees an image re-encoded (`public_copy`): turned upright by its EXIF
orientation, at most MAX_SIDE pixels on its longest side, written as WebP from its pixels
alone, so no metadata of the original (GPS position, camera, dates, comments, colour profile)
can come along. A PDF has no copy: it stays private and is only downloaded.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageOps, UnidentifiedImageError


class Kind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    PDF = "pdf"


CONTENT_TYPES = {Kind.JPEG: "image/jpeg", Kind.PNG: "image/png", Kind.WEBP: "image/webp",
                 Kind.PDF: "application/pdf"}
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2000
# Pixels an image may have: a phone's 50-megapixel photo, not more (a 5 MB file can declare
# far more, and decoding costs 3 bytes a pixel); Pillow's own guard only warns from 89 million.
MAX_PIXELS = 50_000_000
PUBLIC_FORMAT, PUBLIC_CONTENT_TYPE = "WEBP", "image/webp"

# Pillow's format name for each kind: the decoder must agree with the first bytes.
_PILLOW_FORMATS = {Kind.JPEG: "JPEG", Kind.PNG: "PNG", Kind.WEBP: "WEBP"}
# Where a browser or a PDF reader looks for what a file "really" is.
_HEAD = 4096
_PDF_HEAD = 1024
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|"
                     rb"meta|a\s|img\s|style|\?xml)", re.IGNORECASE)


class Refusal(Exception):
    """Why a file cannot be evidence, for the message on the form: "empty", "size" (more
    than MAX_BYTES) or "type" (not a JPEG, PNG, WebP or PDF, or also something else)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _by_signature(data: bytes) -> Kind | None:
    if data.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind.WEBP
    if data.startswith(b"%PDF-"):
        return Kind.PDF
    return None


def sniff(data: bytes) -> Kind:
    """The kind of an uploaded file, from its content; `Refusal` when it is not one of the
    allowed kinds, is too large, or is also something else."""
    return _read(data)[0]


def _read(data: bytes) -> tuple[Kind, Image.Image | None]:
    """The file's kind and, for an image, the image fully decoded (once, for `sniff` and for
    `public_copy`)."""
    if not data:
        raise Refusal("empty")
    if len(data) > MAX_BYTES:
        raise Refusal("size")
    kind = _by_signature(data)
    if kind is None or _MARKUP.search(data[:_HEAD]):
        raise Refusal("type")
    if kind == Kind.PDF:
        if b"%%EOF" not in data[-1024:]:
            raise Refusal("type")
        return kind, None
    image = None if b"%PDF-" in data[:_PDF_HEAD] else _decoded(data, kind)
    if image is None:
        raise Refusal("type")
    return kind, image


def _decoded(data: bytes, kind: Kind) -> Image.Image | None:
    """The image, fully decoded, when Pillow reads it as `kind` and it has at most MAX_PIXELS
    (its size is in the header: nothing is decoded before that is known); else None."""
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if image.format != _PILLOW_FORMATS[kind] or width * height > MAX_PIXELS:
            return None
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        return None
    return image


@dataclass(frozen=True)
class Examined:
    """An uploaded file that may be evidence: its kind and, for an image, the copy others see
    and that copy's size in pixels."""

    kind: Kind
    copy: bytes | None = None
    width: int | None = None
    height: int | None = None


def examine(data: bytes) -> Examined:
    """`sniff` and `public_copy` at once, decoding the image once."""
    kind, image = _read(data)
    if image is None:
        return Examined(kind)
    copy, (width, height) = _copy(image)
    return Examined(kind, copy, width, height)


def public_copy(data: bytes) -> bytes:
    """The copy of an image that the company, moderators and (once allowed) the public see:
    upright, at most MAX_SIDE pixels on its longest side, WebP from the pixels alone."""
    _, image = _read(data)
    if image is None:  # a PDF
        raise Refusal("type")
    return _copy(image)[0]


# EXIF orientations and the turn that makes each upright.
_TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
          4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
          6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
          8: Image.Transpose.ROTATE_90}


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says. Pillow's `exif_transpose` also writes
    the EXIF block back, which fails on a damaged one (struct.error and others): then the
    orientation is read by hand, or, when even that cannot be read, the image stays as it
    is (the copy carries no EXIF either way)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # any damage in the block; the pixels are fine
        try:
            turn = _TURNS.get(image.getexif().get(0x0112))
        except Exception:
            return image
    return image.transpose(turn) if turn is not None else image


def _copy(image: Image.Image) -> tuple[bytes, tuple[int, int]]:
    image = _upright(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    # A new image from the pixels: nothing of the original's `info` (EXIF, XMP, ICC profile,
    # comments) exists on it to be written out.
    pixels = image.convert(mode)
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    bare.save(out, PUBLIC_FORMAT, quality=85, method=4)
    return out.getvalue(), bare.size
