"""Evidence through the site (SPEC "Evidence"): files on the complaint form, added later and
with private messages; what each person gets of a file; showing an image publicly after OCR,
the personal-data guard and a moderator; export, deletion, backup; and that a failed upload
leaves nothing behind. Who may open which file is in tests/test_access.py."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.errors import AlreadyHandled
from complaints.evidence import ocr, storage
from complaints.evidence import services as evidence
from complaints.evidence.models import Attachment, Publication, TextCheck
from complaints.extensions import db
from complaints.moderation.models import ModAction, ModerationAction
from complaints.threads import services as threads
from complaints.threads.models import PrivateMessage
from tests.builders import (
    EXIF_IFD,
    GPS_IFD,
    PASSWORD,
    PDF,
    STORY,
    attach,
    camera_photo,
    csrf_token,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    reload,
    screenshot,
    signed_in,
)

FORM = {
    "company": "Belnet Mobiel",
    "title": "De factuur klopt al drie maanden niet",
    "body": STORY,
    "category": "billing",
    "contacts_before": "3",
}
LEAKY_CHAT = ["Chat met de klantenservice", "Medewerker: Wat is uw BSN?",
              "Ik: mijn BSN is 111222333", "Bel mij terug op 06-12345678"]
CLEAN_CHAT = ["Chat met de klantenservice", "Medewerker: We sturen een monteur.",
              "Ik: Dat zei u vorige week ook al.", "Medewerker: Sorry voor het wachten."]
# CI (.ci/run) installs Tesseract and sets REQUIRE_TESSERACT=1: there these tests never skip.
needs_tesseract = pytest.mark.skipif(
    not ocr._languages_installed("nld+eng") and os.environ.get("REQUIRE_TESSERACT") != "1",
    reason="Tesseract with Dutch and English is not installed (apt-get install tesseract-ocr "
           "tesseract-ocr-nld tesseract-ocr-eng)")


def _files(*items: tuple[bytes, str]) -> list:
    return [(io.BytesIO(data), name) for data, name in items]


def _send(client, data: dict, url: str = "/complaints/new"):
    """POST a multipart form like a browser, with the session's CSRF token."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client)},
                       content_type="multipart/form-data")


def _stored(app) -> set[Path]:
    folder = Path(app.config["ATTACHMENT_FOLDER"])
    return {path for path in folder.rglob("*") if path.is_file()}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _metadata(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {"format": image.format, "gps": dict(exif.get_ifd(GPS_IFD)),
                "camera": exif.get(0x010F), "exif": dict(exif.get_ifd(EXIF_IFD))}


@pytest.fixture
def rep(app, company):
    with app.test_request_context():
        user = make_user("wendy@belnet-mobiel.nl")
        make_representative(user, company)
        return user


# --- sending files with the complaint -----------------------------------------------------------

def test_files_sent_with_the_complaint_are_kept_and_the_company_gets_no_metadata(
        app, client, login, consumer, company, rep, moderator):
    login(consumer)
    before = _stored(app)
    response = _send(client, {**FORM, "attachments": _files((camera_photo(), "IMG_2041.jpg"),
                                                             (PDF, "factuur.pdf"))})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        photo, pdf = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
        assert (photo.kind, pdf.kind) == ("jpeg", "pdf")
        assert photo.copy_key and pdf.copy_key is None
        assert photo.uploader_id == consumer.id and photo.publication == Publication.PRIVATE
        complaint_id, photo_id, pdf_id = complaint.id, photo.id, pdf.id
    assert len(_stored(app) - before) == 3  # the photo, its copy, the PDF
    photo_url = f"/complaints/{complaint_id}/attachments/{photo_id}"

    # The author gets the original back, with its GPS position.
    mine = client.get(photo_url)
    assert mine.status_code == 200 and mine.mimetype == "image/jpeg"
    assert _metadata(mine.data)["gps"] and mine.headers["Cache-Control"] == "private, no-store"
    page = client.get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert photo_url in page and f"/attachments/{pdf_id}" in page

    # While it waits, the company does not see it; a moderator gets the copy.
    company_side = signed_in(app, rep.email)
    assert company_side.get(photo_url).status_code == 404
    moderating = signed_in(app, moderator.email)
    copy = moderating.get(photo_url)
    assert copy.status_code == 200 and copy.mimetype == "image/webp"
    assert _metadata(copy.data) == {"format": "WEBP", "gps": {}, "camera": None, "exif": {}}
    assert b"Fairphone" not in copy.data and b"Jan de Vries" not in copy.data

    assert post_form(moderating, f"/moderation/complaints/{complaint_id}/approve", {}) \
        .status_code == 303
    seen = company_side.get(photo_url)
    assert seen.status_code == 200 and _metadata(seen.data)["gps"] == {}
    assert seen.headers["Content-Disposition"].startswith("inline;")
    assert seen.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in seen.headers["Content-Security-Policy"]
    assert "default-src 'none'" in seen.headers["Content-Security-Policy"]
    download = company_side.get(f"/complaints/{complaint_id}/attachments/{pdf_id}")
    assert download.mimetype == "application/pdf" and download.data == PDF
    assert download.headers["Content-Disposition"] == \
        f'attachment; filename="helpdeskhel-{complaint_id}-{pdf_id}.pdf"'
    # The public and other consumers: no such file, and nothing on the page.
    assert app.test_client().get(photo_url).status_code == 404
    public_page = app.test_client().get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert "/attachments/" not in public_page


@pytest.mark.parametrize("data, name, message", [
    (b"MZ\x90\x00\x03\x00\x00\x00", "factuur.pdf", "is geen JPEG-, PNG-, WebP- of PDF-bestand"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "screenshot.png", "is geen JPEG-, PNG-, WebP- of PDF-bestand"),
    (camera_photo()[:2] + b"\xff\xfe\x00\x10<script>alert(1)</script>" + camera_photo()[2:],
     "foto.jpg", "is geen JPEG-, PNG-, WebP- of PDF-bestand"),
    (b"", "leeg.png", "is leeg"),
    (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "groot.jpg", "is groter dan 5 MB"),
], ids=["renamed-program", "svg-named-png", "polyglot-jpeg", "empty", "too-large"])
def test_a_bad_file_refuses_the_whole_form_and_nothing_is_kept(app, client, login, consumer,
                                                               company, data, name, message):
    login(consumer)
    before = _stored(app)
    response = _send(client, {**FORM, "attachments": _files((camera_photo(), "goed.jpg"),
                                                            (data, name))})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and name in page
    assert "kies ze opnieuw" in page  # files are not kept by the browser
    with app.app_context():
        assert _count(Complaint) == 0 and _count(Attachment) == 0
    assert _stored(app) == before


def test_at_most_five_files_at_once_and_per_complaint(app, client, login, consumer, company):
    login(consumer)
    six = _files(*[(camera_photo((40, 30)), f"foto-{n}.jpg") for n in range(6)])
    response = _send(client, {**FORM, "attachments": six})
    assert response.status_code == 422
    assert "Maximaal 5 bestanden tegelijk" in response.get_data(as_text=True)
    with app.test_request_context():
        complaint = make_complaint(reload(type(consumer), consumer), company, status=Status.OPEN)
        for _ in range(4):
            attach(complaint, consumer)
    more = _send(client, {"attachments": _files((PDF, "a.pdf"), (PDF, "b.pdf"))},
                 f"/complaints/{complaint.id}/attachments")
    assert more.status_code == 422 and "je kunt er nog 1 toevoegen" in more.get_data(as_text=True)
    one = _send(client, {"attachments": _files((PDF, "a.pdf"))},
                f"/complaints/{complaint.id}/attachments")
    assert one.status_code == 303 and one.location.endswith("#evidence")
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "het maximale aantal bestanden (5)" in page
    assert f'action="/complaints/{complaint.id}/attachments"' not in page


def test_only_the_forms_that_take_files_accept_large_requests(app, client, login, consumer,
                                                              company):
    login(consumer)
    big = b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024)  # 2 MB: more than the site's 1 MB
    assert _send(client, {**FORM, "attachments": _files((big, "a.jpg"))}).status_code == 422
    assert _send(client, {"email": "x@example.nl", "password": "x" * 10,
                          "attachments": _files((big, "a.jpg"))},
                 "/auth/login").status_code == 413


def test_a_visitor_cannot_send_large_files_with_a_draft(client, company):
    big = b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024)
    assert _send(client, {**FORM, "attachments": _files((big, "a.jpg"))}).status_code == 413


def test_a_failed_commit_deletes_the_files_it_wrote(app, client, login, consumer, company,
                                                    monkeypatch):
    login(consumer)
    before = _stored(app)

    def broken_commit():
        raise RuntimeError("the database went away")

    with app.app_context():
        monkeypatch.setattr(db.session, "commit", broken_commit)
        app.config["PROPAGATE_EXCEPTIONS"] = False
        try:
            response = _send(client, {**FORM, "attachments": _files((camera_photo(), "a.jpg"))})
        finally:
            app.config["PROPAGATE_EXCEPTIONS"] = None
            monkeypatch.undo()
    assert response.status_code == 500
    assert _stored(app) == before
    with app.app_context():
        assert _count(Complaint) == 0 and _count(Attachment) == 0


def test_a_visitor_is_told_files_come_after_signing_in(client, company):
    page = client.get("/complaints/new").get_data(as_text=True)
    assert 'type="file"' not in page and "zodra je bent ingelogd" in page


# --- later, and with private messages ------------------------------------------------------------

def test_the_author_adds_and_deletes_files_later(app, client, login, consumer, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
    login(consumer)
    before = _stored(app)
    response = _send(client, {"attachments": _files((camera_photo(), "a.jpg"))},
                     f"/complaints/{complaint.id}/attachments")
    assert response.status_code == 303
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        keys = attachment.stored_keys()
    assert len(_stored(app) - before) == 2
    empty = _send(client, {}, f"/complaints/{complaint.id}/attachments")
    assert empty.status_code == 422 and "Kies een of meer bestanden" in empty.get_data(as_text=True)
    gone = post_form(client, f"/complaints/{complaint.id}/attachments/{attachment.id}/delete", {})
    assert gone.status_code == 303
    assert _stored(app) == before
    with app.app_context():
        assert _count(Attachment) == 0
        for key in keys:
            with pytest.raises(storage.Missing):
                storage.current().get(key)


def test_files_go_with_a_private_message_and_stay_in_the_conversation(
        app, client, login, consumer, company, rep, other_consumer, moderator):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
    company_side = signed_in(app, rep.email)
    response = _send(company_side, {"body": "Hierbij de creditnota.",
                                    "attachments": _files((PDF, "creditnota.pdf"))},
                     f"/complaints/{complaint.id}/private")
    assert response.status_code == 303
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        message = db.session.scalar(select(PrivateMessage))
        assert attachment.message_id == message.id and attachment.uploader_id == rep.id
    url = f"/complaints/{complaint.id}/attachments/{attachment.id}"
    login(consumer)
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert url in page
    assert client.get(url).data == PDF
    assert signed_in(app, other_consumer.email).get(url).status_code == 404
    # A moderator outside the conversation may open it; the reading is logged.
    moderating = signed_in(app, moderator.email)
    assert moderating.get(url).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ModerationAction.private_note).where(
            ModerationAction.action == ModAction.PRIVATE_READ)) == f"file {attachment.id}"
    assert app.test_client().get(url).status_code == 404
    # A file of a message is never shown publicly.
    refused = post_form(client, url + "/publish", {"alt_text": "De creditnota"})
    assert refused.status_code == 403


def test_a_bad_file_keeps_the_private_message_unsent(app, consumer, company, rep):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
    company_side = signed_in(app, rep.email)
    response = _send(company_side, {"body": "Hierbij de creditnota.",
                                    "attachments": _files((b"%PDF-1.4 afgebroken", "c.pdf"))},
                     f"/complaints/{complaint.id}/private")
    assert response.status_code == 422
    with app.app_context():
        assert _count(PrivateMessage) == 0 and _count(Attachment) == 0


# --- showing an image publicly ---------------------------------------------------------------

@needs_tesseract
def test_ocr_reads_a_bsn_and_a_phone_number_and_the_image_stays_private(
        app, client, login, consumer, company, moderator):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer, screenshot(LEAKY_CHAT))
    login(consumer)
    response = post_form(client, f"/complaints/{complaint.id}/attachments/{attachment.id}"
                         "/publish", {"alt_text": "Het gesprek met de chat"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "burgerservicenummer" in page and "telefoonnummer" in page
    with app.app_context():
        row = reload(Attachment, attachment)
        assert row.publication == Publication.PRIVATE and row.text_check == TextCheck.FINDINGS
        assert {f["kind"] for f in row.text_findings} >= {"bsn", "phone"}
    # The author and moderators see what was found, on the complaint's page.
    for reader in (client, signed_in(app, moderator.email)):
        shown = reader.get(f"/complaints/{complaint.id}").get_data(as_text=True)
        assert "<code>111222333</code>" in shown
    # Nothing waits for a moderator, and nothing can make it public.
    moderating = signed_in(app, moderator.email)
    assert "Het gesprek met de chat" not in moderating.get("/moderation/images").get_data(
        as_text=True)


@needs_tesseract
def test_a_clean_screenshot_is_shown_after_a_moderator_agrees(app, client, login, consumer,
                                                              company, moderator):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer, screenshot(CLEAN_CHAT))
    url = f"/complaints/{complaint.id}/attachments/{attachment.id}"
    login(consumer)
    response = post_form(client, url + "/publish", {"alt_text": "De chat: weer een monteur"})
    assert response.status_code == 303
    with app.app_context():
        assert reload(Attachment, attachment).text_check == TextCheck.CLEAN
    assert app.test_client().get(url).status_code == 404  # not before a moderator agrees

    moderating = signed_in(app, moderator.email)
    queue = moderating.get("/moderation/images").get_data(as_text=True)
    assert "De chat: weer een monteur" in queue and "geen persoonsgegevens gevonden" in queue
    assert post_form(moderating, f"/moderation/images/{attachment.id}/approve", {}) \
        .status_code == 303

    visitor = app.test_client()
    shown = visitor.get(url)
    assert shown.status_code == 200 and shown.mimetype == "image/webp"
    assert shown.headers["Cache-Control"] == "public, max-age=300"
    page = visitor.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert f'src="{url}"' in page and 'alt="De chat: weer een monteur"' in page
    # Feeds, open data, search and the API never carry files.
    for path in ("/feeds/complaints.atom", f"/companies/{company.slug}/feed.atom",
                 "/open-data/complaints.csv", "/open-data/complaints.jsonl",
                 "/search?q=factuur", "/api/v1/complaints", f"/api/v1/complaints/{complaint.id}"):
        assert "/attachments/" not in visitor.get(path).get_data(as_text=True), path
    # The author's own copy is the original: never for shared caches.
    assert client.get(url).headers["Cache-Control"] == "private, no-store"
    # The author can stop showing it.
    assert post_form(client, url + "/private", {}).status_code == 303
    assert app.test_client().get(url).status_code == 404


def test_without_ocr_images_wait_for_a_moderators_eye_and_the_page_says_so(
        app, client, login, consumer, company, moderator, monkeypatch):
    monkeypatch.setitem(app.config, "OCR_ENABLED", False)
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer)
    login(consumer)
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "niet automatisch gelezen" in page
    assert post_form(client, f"/complaints/{complaint.id}/attachments/{attachment.id}/publish",
                     {"alt_text": "Een foto van de router"}).status_code == 303
    with app.app_context():
        row = reload(Attachment, attachment)
        assert (row.publication, row.text_check) == (Publication.REQUESTED, TextCheck.UNREAD)
    moderating = signed_in(app, moderator.email)
    queue = moderating.get("/moderation/images").get_data(as_text=True)
    assert "Tesseract is niet geïnstalleerd" in queue and "lees hem zelf" in queue
    refused = post_form(moderating, f"/moderation/images/{attachment.id}/refuse", {"reason": ""})
    assert refused.status_code == 422
    assert post_form(moderating, f"/moderation/images/{attachment.id}/refuse",
                     {"reason": "Er staat een kenteken op."}).status_code == 303
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert "Er staat een kenteken op." in page
    again = post_form(moderating, f"/moderation/images/{attachment.id}/approve", {})
    assert again.status_code == 303  # already handled: told, nothing changes
    with app.app_context():
        assert reload(Attachment, attachment).publication == Publication.REFUSED


def test_the_description_must_be_there_and_hold_no_personal_data(app, client, login, consumer,
                                                                  company, monkeypatch):
    monkeypatch.setitem(app.config, "OCR_ENABLED", False)
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer)
    login(consumer)
    url = f"/complaints/{complaint.id}/attachments/{attachment.id}/publish"
    empty = post_form(client, url, {"alt_text": "  "})
    page = empty.get_data(as_text=True)
    assert empty.status_code == 422
    # Shown in place: the image's form open, the message next to its field, the summary
    # linking to it.
    assert "<details class=\"confirm\" open>" in page
    assert f'id="alt-{attachment.id}-error"' in page and f'href="#alt-{attachment.id}"' in page
    assert "Beschrijf wat de afbeelding laat zien" in page
    leaky = post_form(client, url, {"alt_text": "Brief aan Jan, 06-12345678"})
    assert leaky.status_code == 422 and "Laat persoonsgegevens weg" in leaky.get_data(as_text=True)


def test_removing_a_complaint_hides_its_files_from_all_but_moderators(app, consumer, company,
                                                                      rep, moderator):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        public = attach(complaint, consumer, publication="public", alt_text="De factuur")
        url = f"/complaints/{complaint.id}/attachments/{public.id}"
        reload(Complaint, complaint).status = Status.REMOVED
        db.session.commit()
    for email in (consumer.email, rep.email):
        assert signed_in(app, email).get(url).status_code == 404
    assert app.test_client().get(url).status_code == 404
    assert signed_in(app, moderator.email).get(url).status_code == 200


# --- your data: export, deletion, backup, the dossier ------------------------------------------

def test_the_export_holds_the_persons_own_originals(app, client, login, consumer, company, rep):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        photo = attach(complaint, consumer)
        name = f"files/complaint-{complaint.id}-file-{photo.id}.jpg"
        message = threads.send_private_message(reload(type(rep), rep), complaint, "Zie bijlage")
        attach(complaint, rep, PDF, message=message)  # someone else's file
    login(consumer)
    response = client.get("/account/export")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        assert names == ["data.json", name]
        assert _metadata(archive.read(name))["gps"]  # the original, as uploaded
    assert data["files"][0]["file"] == name and data["files"][0]["type"] == "image/jpeg"


def test_deleting_the_account_deletes_its_files(app, client, login, consumer, company, rep):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        mine = attach(complaint, consumer)
        message = threads.send_private_message(reload(type(rep), rep), complaint, "Zie bijlage")
        theirs = attach(complaint, rep, PDF, message=message)
        keys = mine.stored_keys()
    login(consumer)
    response = post_form(client, "/account/delete", {"keep_complaints": "keep",
                                                      "password": PASSWORD})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Attachment, mine.id) is None
        assert db.session.get(Attachment, theirs.id) is not None
        for key in keys:
            with pytest.raises(storage.Missing):
                storage.current().get(key)


def test_backup_copies_the_files_beside_the_database(app, runner, consumer, company, tmp_path):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer)
        key = attachment.original_key
    target = tmp_path / ("copy.sqlite" if app.config["SQLALCHEMY_DATABASE_URI"]
                         .startswith("sqlite") else "copy.dump")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    copied = tmp_path / f"{target.name}.files"
    assert "evidence files" in result.output and (copied / key[:2] / key).read_bytes() == \
        (Path(app.config["ATTACHMENT_FOLDER"]) / key[:2] / key).read_bytes()
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_the_dossier_lists_the_files_and_its_pdf_embeds_the_images(app, client, login,
                                                                    consumer, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        photo = attach(complaint, consumer, camera_photo((600, 400)))
        url = f"/complaints/{complaint.id}/attachments/{photo.id}"
        attach(complaint, consumer, PDF)
    login(consumer)
    page = client.get(f"/complaints/{complaint.id}/dossier").get_data(as_text=True)
    assert url in page and "Bestand 2" in page
    pdf = client.get(f"/complaints/{complaint.id}/dossier.pdf")
    assert pdf.status_code == 200
    assert b"/Subtype /Image" in pdf.data and b"/Width 600" in pdf.data


# --- object storage --------------------------------------------------------------------------

def test_files_round_trip_through_s3_compatible_storage(app, client, login, consumer, company,
                                                        s3_store, monkeypatch):
    monkeypatch.setitem(app.extensions, "evidence_storage", s3_store)
    login(consumer)
    response = _send(client, {**FORM, "attachments": _files((camera_photo(), "a.jpg"))})
    assert response.status_code == 303
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        assert s3_store.get(attachment.original_key) == camera_photo()
    assert client.get(f"/complaints/{attachment.complaint_id}/attachments/{attachment.id}") \
        .data == camera_photo()


def test_publication_requests_and_uploads_are_rate_limited_per_account(limited_app, consumer,
                                                                        company, monkeypatch):
    monkeypatch.setitem(limited_app.config, "OCR_ENABLED", False)
    with limited_app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer)
        url = f"/complaints/{complaint.id}/attachments"
    client = limited_app.test_client()
    assert post_form(client, "/auth/login", {"email": consumer.email,
                                             "password": PASSWORD}).status_code == 303
    asked = [post_form(client, f"{url}/{attachment.id}/publish",
                       {"alt_text": "Een foto van de router"}).status_code for _ in range(21)]
    assert asked[0] == 303 and set(asked[1:20]) == {403} and asked[20] == 429
    added = [_send(client, {}, url).status_code for _ in range(31)]
    assert set(added[:30]) == {422} and added[30] == 429


def test_a_moderator_cannot_show_an_image_its_author_took_back(app, consumer, company,
                                                               moderator):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer, publication="requested", alt_text="De brief")
        seen = db.session.get(Attachment, attachment.id)  # the queue, as a moderator saw it
        evidence.make_private(reload(type(consumer), consumer), reload(Attachment, attachment))
        with pytest.raises(AlreadyHandled):
            evidence.approve(reload(type(moderator), moderator), seen)
        assert reload(Attachment, attachment).publication == Publication.PRIVATE


def test_a_file_gone_from_the_storage_is_a_404_and_a_clear_refusal(app, client, login,
                                                                   consumer, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer)
        for key in attachment.stored_keys():
            storage.current().delete(key)
        url = f"/complaints/{complaint.id}/attachments/{attachment.id}"
    login(consumer)
    assert client.get(url).status_code == 404
    response = post_form(client, url + "/publish", {"alt_text": "Een foto van de router"})
    assert response.status_code == 422
    assert "niet meer" in response.get_data(as_text=True)


def test_the_dossier_of_a_removed_complaint_leaves_out_its_files_for_the_author(
        app, client, login, consumer, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        attachment = attach(complaint, consumer)
        url = f"/complaints/{complaint.id}/attachments/{attachment.id}"
        reload(Complaint, complaint).status = Status.REMOVED
        db.session.commit()
        complaint_id = complaint.id
    login(consumer)
    page = client.get(f"/complaints/{complaint_id}/dossier").get_data(as_text=True)
    assert url not in page


def test_files_check_and_sweep_find_what_the_rows_do_not_name(app, runner, consumer, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        kept = attach(complaint, consumer).original_key
        gone = attach(complaint, consumer)
        storage.current().delete(gone.original_key)
        orphan = storage.current().put(PDF, "application/pdf")  # its row never committed
        fresh = storage.current().put(PDF, "application/pdf")  # an upload still committing
        old = (Path(app.config["ATTACHMENT_FOLDER"]) / orphan[:2] / orphan)
        os.utime(old, (old.stat().st_atime - 2 * 86400, old.stat().st_mtime - 2 * 86400))
        survey = evidence.survey()
    assert orphan in survey.orphans and fresh not in survey.orphans
    assert kept not in survey.orphans and survey.missing == [gone.id]
    checked = runner.invoke(args=["files", "check"])
    assert checked.exit_code == 1 and "without their file" in checked.output
    dry = runner.invoke(args=["files", "sweep", "--dry-run"])
    assert orphan in dry.output and "would be deleted" in dry.output
    assert runner.invoke(args=["files", "sweep"]).exit_code == 0
    with app.app_context():
        with pytest.raises(storage.Missing):
            storage.current().get(orphan)
        assert storage.current().get(fresh) == PDF
        assert storage.current().get(kept)
