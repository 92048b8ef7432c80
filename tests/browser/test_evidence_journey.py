"""Evidence in headless Chromium: a consumer attaches a phone photo while filing; the company
sees it without its metadata; the public does not see it; the author asks to show it; a
moderator agrees; the public sees it. axe on each page with files, on a phone and a desktop."""

from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.extensions import db
from complaints.moderation import services as moderation
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in, _sign_out
from tests.builders import STORY, camera_photo, make_representative, make_user

GPS_IFD = 0x8825


def _photo_file(tmp_path):
    """A phone photo with something to see: a chart of charges, with GPS and camera EXIF."""
    path = tmp_path / "IMG_2041.jpg"
    with Image.open(io.BytesIO(camera_photo((1200, 900)))) as photo:
        exif = photo.getexif()
        picture = Image.new("RGB", (1200, 900), (246, 243, 236))
        for n, height in enumerate((300, 310, 620, 305)):
            picture.paste((179, 38, 30) if height > 400 else (79, 109, 154),
                          (150 + n * 240, 800 - height, 330 + n * 240, 800))
        picture.save(path, "JPEG", exif=exif)
    return path


def test_a_photo_is_private_until_the_author_asks_and_a_moderator_agrees(
        app, browser, live_server, page, phone, company, tmp_path):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator", display_name="Mo Derator")
        make_user("klant@example.nl", display_name="Karin Klant")
        make_representative(make_user("wendy@example.nl"), company)

    # Karin files her complaint with the photo of her bill.
    _sign_in(page, "klant@example.nl")
    page.goto("/complaints/new")
    page.fill("#company", "Belnet Mobiel")
    page.fill("#title", "Drie maanden dubbele kosten op mijn rekening")
    page.fill("#body", STORY)
    page.select_option("#category", "billing")
    page.fill("#contacts_before", "3")
    page.set_input_files("#attachments", str(_photo_file(tmp_path)))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/complaints/\d+$"))
    complaint_url = page.url
    image = page.locator("#evidence img.evidence__image")
    assert image.count() == 1
    file_url = image.get_attribute("src")
    original = page.request.get(file_url)
    assert original.headers["content-type"] == "image/jpeg"  # the author keeps the original
    with Image.open(io.BytesIO(original.body())) as kept:
        assert dict(kept.getexif().get_ifd(GPS_IFD))
    screenshot(page, "evidence-author-pending")

    with app.test_request_context():
        complaint = db.session.scalar(select(Complaint))
        moderation.approve_complaint(
            db.session.scalar(select(User).where(User.email == "moderator@example.nl")),
            complaint)

    # The company sees the photo, re-encoded, without where or with what it was taken.
    _sign_out(page)
    _sign_in(page, "wendy@example.nl")
    page.goto(complaint_url)
    shown_to_company = page.locator("#evidence img.evidence__image")
    shown_to_company.scroll_into_view_if_needed()  # it loads lazily
    assert shown_to_company.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1200
    copy = page.request.get(file_url)
    assert copy.headers["content-type"] == "image/webp"
    with Image.open(io.BytesIO(copy.body())) as seen:
        assert seen.format == "WEBP" and not dict(seen.getexif())
    assert _serious(page) == []
    screenshot(page, "evidence-company")
    _sign_out(page)

    # The public sees neither the photo nor a way to it.
    visitor = browser.new_context(base_url=live_server)
    public = visitor.new_page()
    public.goto(complaint_url)
    assert public.locator("#evidence").count() == 0
    assert public.request.get(file_url).status == 404

    # Karin asks to show it, describing it for people who cannot see it.
    _sign_in(page, "klant@example.nl")
    page.goto(complaint_url)
    page.click("#evidence details.confirm summary")
    page.fill("#evidence textarea[name=alt_text]",
              "Staafdiagram van mijn rekening: in maart drie keer zo hoog")
    assert _serious(page) == []
    screenshot(page, "evidence-ask-to-show")
    page.click("#evidence details.confirm button[type=submit]")
    page.wait_for_url(re.compile(r"/complaints/\d+#evidence$"))
    assert "flash--success" in page.content()
    assert public.request.get(file_url).status == 404  # not before a moderator agrees
    _sign_out(page)

    # A moderator looks at it, with what OCR read, and agrees.
    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation/images")
    assert "Staafdiagram van mijn rekening" in page.inner_text("main")
    assert _serious(page) == []
    screenshot(page, "evidence-moderation-queue")
    page.click("form[action$='/approve'] button[type=submit]")
    page.wait_for_url(re.compile(r"/moderation/images$"))
    assert "flash--success" in page.content()

    # Now everyone sees it on the complaint page, with Karin's description.
    public.goto(complaint_url)
    shown = public.locator("#evidence img")
    assert shown.count() == 1
    assert shown.get_attribute("alt") == "Staafdiagram van mijn rekening: in maart drie keer " \
                                         "zo hoog"
    assert public.request.get(file_url).headers["content-type"] == "image/webp"
    assert _serious(public) == []
    screenshot(public, "evidence-public-desktop")
    phone.goto(complaint_url)
    assert _serious(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "evidence-public-phone")
    visitor.close()
    assert page.errors == []
