"""Small builders for test data, going through the real services where it matters."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

from flask.testing import FlaskClient
from PIL import Image, ImageDraw, ImageFont, TiffImagePlugin
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.accounts.services import hash_password
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.companies.services import create_company
from complaints.evidence import services as evidence
from complaints.evidence.files import examine
from complaints.evidence.models import Attachment
from complaints.extensions import db
from complaints.webcare.models import Representative

PASSWORD = "correct horse battery staple"
STORY = (
    "Ik heb vier keer gebeld over een storing in mijn internetverbinding. Elke keer werd "
    "beloofd dat er een monteur zou komen, maar er kwam niemand."
)
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def make_user(email: str, *, role: str = "consumer", verified: bool = True,
              display_name: str = "Test Persoon", locale: str = "nl") -> User:
    user = User(email=email, display_name=display_name, password_hash=hash_password(PASSWORD),
                role=role, locale=locale, email_verified_at=utcnow() if verified else None)
    db.session.add(user)
    db.session.commit()
    db.session.refresh(user)
    db.session.expunge(user)
    return user


def make_company(name: str, *, sector: str = "telecom", domains: list[str] | None = None,
                 description: str = "") -> Company:
    company = create_company(name, sector, domains=domains, description=description)
    db.session.commit()
    db.session.refresh(company)
    db.session.expunge(company)
    return company


def draft(company_name: str = "Belnet Mobiel", **changes) -> cases.ComplaintDraft:
    values = dict(company=company_name, company_choice=None, new_company_sector=None,
                  new_company_website=None, title="Vier keer gebeld, nooit een monteur gezien",
                  body=STORY, category="outage", contacts_before=4, first_contact_on=None,
                  desired_outcome="Een monteur die echt komt.")
    values.update(changes)
    return cases.ComplaintDraft(**values)


def reload(model, obj):
    return db.session.get(model, obj.id)


def make_complaint(author: User, company: Company | None = None, *,
                   status: Status = Status.PENDING, days_ago: int = 0, **changes) -> Complaint:
    """A complaint walked to `status` through the real state machine (times back-dated)."""
    author = reload(User, author)
    company_name = company.name if company is not None else "Belnet Mobiel"
    complaint = cases.submit_complaint(author, draft(company_name, **changes))
    moderator = db.session.scalar(select(User).where(User.role.in_(["moderator", "admin"])))
    at = utcnow() - timedelta(days=days_ago, hours=4)  # every step lies in the past
    complaint.submitted_at = complaint.queued_at = at
    path = {
        Status.PENDING: [],
        Status.REJECTED: [(Action.REJECT, Role.MODERATOR, "Geen klantenservice")],
        Status.OPEN: [(Action.APPROVE, Role.MODERATOR, None)],
        Status.ANSWERED: [(Action.APPROVE, Role.MODERATOR, None),
                          (Action.ANSWER, Role.REPRESENTATIVE, None)],
        Status.RESOLVED: [(Action.APPROVE, Role.MODERATOR, None),
                          (Action.ANSWER, Role.REPRESENTATIVE, None),
                          (Action.RESOLVE, Role.AUTHOR, None)],
        Status.WITHDRAWN: [(Action.WITHDRAW, Role.AUTHOR, None)],
        Status.REMOVED: [(Action.APPROVE, Role.MODERATOR, None),
                         (Action.REMOVE, Role.MODERATOR, "Op verzoek verwijderd")],
    }[Status(status)]
    for step, (action, role, reason) in enumerate(path, start=1):
        actor = author if role == Role.AUTHOR else moderator if role == Role.MODERATOR else None
        cases.apply_transition(complaint, action, actor=actor, roles={role}, reason=reason,
                               now=at + timedelta(hours=step))
    db.session.commit()
    db.session.refresh(complaint)
    return complaint


def csrf_token(client: FlaskClient, url: str = "/") -> str:
    page = client.get(url).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict, *, form_url: str | None = None,
              follow_redirects: bool = False):
    """POST like a browser: with the CSRF token of the session."""
    token = csrf_token(client, form_url or "/")
    return client.post(url, data={**data, "csrf_token": token},
                       follow_redirects=follow_redirects)


def signed_in(app, email: str) -> FlaskClient:
    """A test client of `app` signed in as `email` (with the builders' password)."""
    client = app.test_client()
    assert post_form(client, "/auth/login", {"email": email, "password": PASSWORD}) \
        .status_code == 303
    return client


def make_representative(user: User, company: Company, *, owner: bool = True,
                        name: str = "Wendy Webcare", job_title: str = "Teamleider webcare",
                        work_email: str | None = None) -> Representative:
    """A member of a company's webcare team (as an approved claim or invitation leaves it)."""
    company_row = db.session.get(Company, company.id)
    rep = Representative(company_id=company.id, user_id=user.id, name=name,
                         job_title=job_title, is_owner=owner,
                         work_email=work_email or f"{user.email.split('@')[0]}@"
                         f"{company_row.domains[0].domain if company_row.domains else 'x.nl'}")
    db.session.add(rep)
    if company_row.claimed_at is None:
        company_row.claimed_at = utcnow()
    db.session.commit()
    db.session.refresh(rep)
    db.session.expunge(rep)
    return rep


def exported(response) -> dict:
    """The JSON of an account export (a zip)."""
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        return json.loads(archive.read("data.json"))


# --- evidence files ------------------------------------------------------------------------------

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
MAKE, MODEL, ORIENTATION, DATETIME_ORIGINAL, USER_COMMENT = 0x010F, 0x0110, 0x0112, 0x9003, 0x9286
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def camera_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: where (GPS), with what, when, and which way up."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Fairphone", "FP5", orientation
    exif.get_ifd(GPS_IFD).update({
        1: "N", 2: (TiffImagePlugin.IFDRational(52), TiffImagePlugin.IFDRational(22),
                    TiffImagePlugin.IFDRational(1234, 100)),
        3: "E", 4: (TiffImagePlugin.IFDRational(4), TiffImagePlugin.IFDRational(53),
                    TiffImagePlugin.IFDRational(5678, 100))})
    exif.get_ifd(EXIF_IFD).update({DATETIME_ORIGINAL: "2026:12:01 09:41:00",
                                   USER_COMMENT: b"ASCII\x00\x00\x00Jan de Vries"})
    return exif


def camera_photo(size: tuple[int, int] = (320, 240)) -> bytes:
    """A JPEG as a phone takes it, with its GPS position, camera and date."""
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(out, "JPEG", exif=camera_exif())
    return out.getvalue()


def screenshot(lines: list[str]) -> bytes:
    """A PNG of a chat, its text drawn with Pillow's own font (no system fonts needed)."""
    font = ImageFont.load_default(size=26)
    image = Image.new("RGB", (900, 60 * len(lines) + 60), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((30, 30 + number * 60), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def attach(complaint: Complaint, uploader: User, data: bytes | None = None, *,
           message=None, publication: str = "private", alt_text: str | None = None
           ) -> Attachment:
    """A file kept for `complaint` as an upload leaves it (in the app's storage)."""
    upload = evidence.Upload("bewijs", data or camera_photo(), examine(data or camera_photo()))
    with evidence.keeping() as files:
        attachment = files.keep([upload], complaint=db.session.get(Complaint, complaint.id),
                                uploader=db.session.get(User, uploader.id), message=message)[0]
        attachment.publication, attachment.alt_text = publication, alt_text
        db.session.commit()
    db.session.refresh(attachment)
    if complaint in db.session:  # the caller's complaint stays readable
        db.session.refresh(complaint)
    return attachment
