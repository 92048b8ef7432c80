"""The text in an image, read with Tesseract (Dutch and English) through pytesseract.

An image its author wants to show publicly is read first, and the text goes through the
personal-data guard (`evidence.services.request_publication`): a screenshot of a chat with a
customer number or a phone number in it cannot be made public. Tesseract is a program from
Debian (tesseract-ocr with tesseract-ocr-nld and tesseract-ocr-eng); a server without it, or
with OCR_ENABLED off, reads nothing (`read_text` gives None) and a moderator reads the image by
eye, which the pages say.
"""

from __future__ import annotations

import io
import shutil
from functools import cache

from flask import current_app
from PIL import Image


class Unreadable(Exception):
    """Tesseract ran but failed, or took longer than OCR_TIMEOUT_SECONDS."""


@cache
def _languages_installed(languages: str) -> bool:
    if shutil.which("tesseract") is None:
        return False
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return False
    return set(languages.split("+")) <= installed


def available() -> bool:
    """Whether this server reads text in images (Tesseract and its languages installed, and
    OCR_ENABLED on)."""
    config = current_app.config
    return bool(config["OCR_ENABLED"]) and _languages_installed(config["OCR_LANGUAGES"])


def read_text(image_bytes: bytes) -> str | None:
    """The text Tesseract reads in the image, or None when this server does not read text."""
    if not available():
        return None
    import pytesseract

    config = current_app.config
    with Image.open(io.BytesIO(image_bytes)) as image:
        image = image.convert("RGB")
        # Screenshots are often small and light on dark: Tesseract reads best at about
        # 300 dpi, so small images are enlarged first.
        if max(image.size) < 1600:
            factor = 1600 / max(image.size)
            image = image.resize((round(image.width * factor), round(image.height * factor)),
                                 Image.Resampling.LANCZOS)
        try:
            return pytesseract.image_to_string(image, lang=config["OCR_LANGUAGES"],
                                               timeout=config["OCR_TIMEOUT_SECONDS"])
        except (RuntimeError, pytesseract.TesseractError, OSError) as error:
            raise Unreadable(str(error)) from error
