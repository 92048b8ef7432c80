"""Evidence files (SPEC "Evidence"): the kind is read from the bytes, renamed and polyglot
files are refused, and the copy others see of an image carries none of the original's
metadata, is upright and at most 2,000 px on its longest side. Pure: no database, no app."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from complaints.evidence import files
from complaints.evidence.files import Kind, Refusal
from tests.builders import (
    GPS_IFD,
    PDF,
)
from tests.builders import camera_exif as _camera_exif


def _image(fmt: str, size=(64, 48), mode="RGB", exif=None, **params) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    out = io.BytesIO()
    if exif is not None:
        params["exif"] = exif
    image.save(out, fmt, **params)
    return out.getvalue()


@pytest.mark.parametrize("fmt, kind", [("JPEG", Kind.JPEG), ("PNG", Kind.PNG),
                                       ("WEBP", Kind.WEBP)])
def test_images_are_known_by_their_bytes(fmt, kind):
    assert files.sniff(_image(fmt)) == kind


def test_a_pdf_is_known_by_its_header_and_end():
    assert files.sniff(PDF) == Kind.PDF
    with pytest.raises(Refusal) as refused:
        files.sniff(PDF.replace(b"%%EOF", b""))  # cut off: not a whole PDF
    assert refused.value.reason == "type"


@pytest.mark.parametrize("data", [
    _image("GIF"), _image("BMP"), _image("TIFF"),  # images of kinds that are not allowed
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"<!DOCTYPE html><html><body>factuur</body></html>",
    b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program, named factuur.pdf by its sender
    b"PK\x03\x04" + b"\x00" * 40,  # a zip (or .docx)
    b"Dit is een tekstbestand met de naam screenshot.png",
], ids=["gif", "bmp", "tiff", "svg", "html", "exe", "zip", "text"])
def test_other_kinds_are_refused_whatever_their_name(data):
    with pytest.raises(Refusal) as refused:
        files.sniff(data)
    assert refused.value.reason == "type"


def test_a_file_that_starts_like_an_image_but_is_not_one_is_refused():
    jpeg = _image("JPEG")
    for broken in (jpeg[:40], b"\xff\xd8\xff" + b"\x00" * 200,
                   b"\x89PNG\r\n\x1a\n" + b"not a png", b"RIFF\x00\x00\x00\x00WEBPVP8 "):
        with pytest.raises(Refusal):
            files.sniff(broken)


def test_polyglots_are_refused():
    """An image that a browser could read as markup, or a PDF reader as a PDF, is refused
    although Pillow reads it as an image."""
    png = _image("PNG")
    with_comment = io.BytesIO()
    Image.open(io.BytesIO(png)).save(with_comment, "JPEG", comment=b"<script>alert(1)</script>")
    assert b"<script>" in with_comment.getvalue()
    pdf_inside = _image("JPEG")[:20] + b"%PDF-1.4\n" + _image("JPEG")[20:]
    html_in_png = png[:33] + b"\x00\x00\x00\x19tEXt<html><body>x</body>" + png[33:]
    for polyglot in (with_comment.getvalue(), pdf_inside, html_in_png,
                     PDF.replace(b"trailer", b"<script>alert(1)</script>\ntrailer")):
        with pytest.raises(Refusal) as refused:
            files.sniff(polyglot)
        assert refused.value.reason == "type"


def test_size_limits():
    with pytest.raises(Refusal) as refused:
        files.sniff(b"")
    assert refused.value.reason == "empty"
    too_large = PDF[:-6] + b"\n" * (files.MAX_BYTES - len(PDF) + 1) + b"%%EOF\n"
    assert len(too_large) > files.MAX_BYTES
    with pytest.raises(Refusal) as refused:
        files.sniff(too_large)
    assert refused.value.reason == "size"
    assert files.sniff(PDF[:-6] + b"\n" * (files.MAX_BYTES - len(PDF)) + b"%%EOF\n") == Kind.PDF


def test_an_image_that_would_unpack_into_too_many_pixels_is_refused():
    """A small PNG of one colour can declare 60 million pixels."""
    image = Image.new("1", (10_000, 6_000))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < files.MAX_BYTES
    with pytest.raises(Refusal):
        files.sniff(out.getvalue())


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
def test_the_copy_others_see_has_no_metadata(fmt):
    original = _image(fmt, exif=_camera_exif().tobytes(), **(
        {"comment": b"Jan de Vries, Kerkstraat 1"} if fmt == "JPEG" else {}))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the phone's position
    copy = files.public_copy(original)
    seen = Image.open(io.BytesIO(copy))
    assert seen.format == "WEBP"
    assert not seen.getexif() and not seen.getexif().get_ifd(GPS_IFD)
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(seen.info)
    for trace in (b"Fairphone", b"FP5", b"2026:12:01", b"Jan de Vries", b"Exif"):
        assert trace not in copy
    assert files.sniff(copy) == Kind.WEBP


def test_the_copy_is_upright_and_at_most_2000_px():
    # Orientation 6: the camera was turned; the pixels are stored 3000 wide and 1500 high,
    # and shown 1500 wide and 3000 high.
    original = _image("JPEG", size=(3000, 1500), exif=_camera_exif(orientation=6).tobytes())
    seen = Image.open(io.BytesIO(files.public_copy(original)))
    assert seen.size == (1000, 2000)
    small = Image.open(io.BytesIO(files.public_copy(_image("PNG", size=(640, 480)))))
    assert small.size == (640, 480)  # never made larger


def test_transparency_is_kept_in_the_copy():
    copy = Image.open(io.BytesIO(files.public_copy(_image("PNG", mode="RGBA"))))
    assert copy.mode == "RGBA"


def test_a_pdf_has_no_public_copy():
    with pytest.raises(Refusal):
        files.public_copy(PDF)


def test_a_damaged_exif_block_does_not_stop_the_copy(monkeypatch):
    """Pillow's exif_transpose writes the EXIF back and fails on a damaged block (seen as
    struct.error on fuzzed phone photos): the orientation is then applied by hand."""
    import struct

    def broken(image):
        raise struct.error("unpack requires a buffer of 12 bytes")

    monkeypatch.setattr(files.ImageOps, "exif_transpose", broken)
    sideways = _image("JPEG", size=(80, 40), exif=_camera_exif(orientation=6))
    examined = files.examine(sideways)
    assert (examined.width, examined.height) == (40, 80)
    with Image.open(io.BytesIO(examined.copy)) as copy:
        assert not dict(copy.getexif())
