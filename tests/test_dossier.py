"""The dossier: what it holds, who may open it (the author and moderators; 404 for anyone
else, visitors included), the logged read of a moderator, and the PDF with its text."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta

import pypdf
import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import today, utcnow
from complaints.extensions import db
from complaints.moderation.models import ModAction, ModerationAction
from complaints.outcomes.models import Escalation, EscalationBody, Promise
from complaints.threads import services as threads
from complaints.threads.models import ContactEntry
from tests.builders import (
    PASSWORD,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    signed_in,
)

TITLE = "Four calls and never an engineer at the door"
TICKET = "TCK-48213"
PRIVATE = "My customer number is 77-1234, please refund to that account."
REMOVED_REASON = "Insults a member of staff."


@pytest.fixture
def case(app, consumer, company):
    """A complaint with something in every part of the dossier: a ledger with ticket numbers,
    a thread (one reply removed), private messages both ways, two promises (one kept, one
    waiting) and an escalation with its outcome."""
    with app.test_request_context():
        rep_user = make_user("wendy@belnet-mobiel.nl", display_name="Wendy")
        make_representative(rep_user, company, name="Wendy Webcare", job_title="Team lead")
        complaint = make_complaint(consumer, company, status=Status.OPEN, title=TITLE,
                                   desired_outcome="An engineer who actually comes.")
        author = db.session.get(User, consumer.id)
        rep = db.session.get(User, rep_user.id)
        db.session.add_all([
            ContactEntry(complaint_id=complaint.id, contacted_on=date(2026, 1, 5),
                         channel="phone", minutes_waited=35, reached_human=True,
                         ticket_number=TICKET),
            ContactEntry(complaint_id=complaint.id, contacted_on=date(2026, 1, 9),
                         channel="email", ticket_number="TCK-48999"),
        ])
        db.session.commit()
        answer = threads.post_reply(rep, complaint, "We will refund the forty euros this week.")
        follow_up = threads.post_reply(author, complaint, "Thank you, I will wait for it.")
        removed = threads.post_reply(author, complaint, "Another follow-up that was removed.")
        removed.removed_at, removed.removal_reason = utcnow(), REMOVED_REASON
        threads.send_private_message(author, complaint, PRIVATE)
        threads.send_private_message(rep, complaint, "Thank you, we have passed it on.")
        body = EscalationBody(slug="gc-telecom", name="De Geschillencommissie Telecom",
                              kind="disputes", url="https://www.degeschillencommissie.nl/")
        db.session.add(body)
        db.session.flush()
        db.session.add_all([
            Promise(reply_id=answer.id, complaint_id=complaint.id, company_id=company.id,
                    kind="refund", amount_cents=4000, due_on=today() - timedelta(days=3),
                    outcome="kept", answered_at=utcnow()),
            Promise(reply_id=follow_up.id, complaint_id=complaint.id, company_id=company.id,
                    kind="call_back", due_on=today() + timedelta(days=5)),
            Escalation(complaint_id=complaint.id, company_id=company.id, body_id=body.id,
                       escalated_on=date(2026, 2, 1), reference="GC-2026-0042",
                       outcome="won", outcome_on=date(2026, 3, 2)),
        ])
        db.session.commit()
        return {"id": complaint.id, "rep": rep_user}


def _english(client) -> None:
    assert post_form(client, "/language", {"lang": "en"}).status_code in (302, 303)


def _dossier(client, complaint_id: int, lang: str = "en") -> str:
    if lang == "en":
        _english(client)
    response = client.get(f"/complaints/{complaint_id}/dossier")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_data(as_text=True)


def _section(page: str, anchor: str) -> str:
    """The HTML of one section of the dossier, from its heading to the next section."""
    start = page.index(f'id="{anchor}"')
    end = page.find('<section class="dossier__section"', start)
    return page[start:end if end != -1 else len(page)]


# --- what it holds --------------------------------------------------------------------------

def test_author_sees_every_part_of_the_dossier(client, login, consumer, case):
    login(consumer)
    page = _dossier(client, case["id"])
    header = page[page.index('class="dossier__header"'):page.index('id="dossier-complaint"')]
    assert "Helpdeskhel · Dossier" in header and TITLE in header
    assert "Belnet Mobiel" in header and "Anna Consument" in header

    complaint = _section(page, "dossier-complaint")
    assert "vier keer gebeld" in complaint.lower()  # the story
    assert "An engineer who actually comes." in complaint
    assert "Faulty product or service outage" in complaint  # the category
    assert "Answer deadline" in complaint and "No reply yet" not in complaint
    assert "on time" in complaint  # the company answered at once

    timeline = _section(page, "dossier-timeline")
    assert "Submitted" in timeline and "Published" in timeline

    contacts = _section(page, "dossier-contacts")
    assert TICKET in contacts and "TCK-48999" in contacts and "35" in contacts

    thread = _section(page, "dossier-thread")
    assert "We will refund the forty euros this week." in thread
    assert "Wendy Webcare, Team lead — Belnet Mobiel" in thread
    assert "Thank you, I will wait for it." in thread
    assert "Another follow-up that was removed." not in thread
    assert REMOVED_REASON in thread and "Removed by moderation" in thread

    private = _section(page, "dossier-private")
    assert PRIVATE in private and "we have passed it on" in private

    promises = _section(page, "dossier-promises")
    assert "Refund" in promises and "€40.00" in promises and "Kept" in promises
    assert "Call back" in promises and "Not due yet" in promises

    escalations = _section(page, "dossier-escalations")
    assert "De Geschillencommissie Telecom" in escalations and "GC-2026-0042" in escalations
    assert "Decided in my favour" in escalations
    assert 'href="https://www.degeschillencommissie.nl/"' in escalations

    footer = page[page.index('class="dossier__footer"'):]
    assert f"http://localhost/complaints/{case['id']}" in footer
    assert "Made by Helpdeskhel" in footer
    assert "Download as PDF" in page and f"/complaints/{case['id']}/dossier.pdf" in page


def test_dossier_in_dutch(client, login, consumer, case):
    login(consumer)
    page = _dossier(client, case["id"], lang="nl")
    assert 'lang="nl"' in page
    for words in ("Contacten met het bedrijf", "Privéberichten", "Beloften van het bedrijf",
                  "Download als pdf", "Nagekomen", TICKET, PRIVATE):
        assert words in page, words


def test_a_complaint_without_replies_says_what_is_missing(app, client, login, consumer,
                                                           company):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN).id
        complaint = db.session.get(Complaint, complaint_id)
        complaint.answer_due_at = utcnow() - timedelta(days=1)
        complaint.first_response_at = complaint.answered_on_time = None
        db.session.commit()
    login(consumer)
    page = _dossier(client, complaint_id)
    assert "No reply, and the deadline has passed" in page
    for empty in ("No contacts were logged.", "No public replies.", "No private messages.",
                  "The company made no promises in its replies.",
                  "The complaint has not been taken further yet."):
        assert empty in page


def test_dossier_gathers_in_a_few_queries(app, client, login, consumer, case):
    """One query per part, however many rows each holds (no lazy loading per row)."""
    from sqlalchemy import event

    login(consumer)
    _english(client)
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(f"/complaints/{case['id']}/dossier").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 14, selects


# --- who may open it ------------------------------------------------------------------------

def test_moderator_opens_the_dossier_and_the_read_is_logged(app, client, login, moderator,
                                                            case):
    login(moderator)
    page = _dossier(client, case["id"])
    assert PRIVATE in page and TICKET in page
    assert "your reading is logged" in page
    with app.app_context():
        rows = db.session.scalars(select(ModerationAction).where(
            ModerationAction.action == ModAction.PRIVATE_READ)).all()
        assert [(row.actor_id, row.complaint_id, row.public) for row in rows] == \
            [(moderator.id, case["id"], False)]
        assert "dossier" in rows[0].private_note


def test_author_reading_is_not_logged(app, client, login, consumer, case):
    login(consumer)
    _dossier(client, case["id"])
    with app.app_context():
        assert db.session.scalar(select(ModerationAction).where(
            ModerationAction.action == ModAction.PRIVATE_READ)) is None


@pytest.mark.parametrize("suffix", ["dossier", "dossier.pdf"])
def test_nobody_else_finds_a_dossier(app, client, login, consumer, other_consumer, case,
                                     suffix):
    """Not the company's own representative, not another consumer, not a visitor (404, not a
    redirect to sign in: an id reveals nothing)."""
    url = f"/complaints/{case['id']}/{suffix}"
    assert client.get(url).status_code == 404  # a visitor who is not signed in
    for user in (other_consumer, case["rep"]):
        assert signed_in(app, user.email).get(url).status_code == 404, user.email
    login(consumer)
    assert client.get(f"/complaints/{case['id'] + 1000}/{suffix}").status_code == 404


def test_author_keeps_the_dossier_of_a_removed_complaint(app, client, login, consumer, company):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.REMOVED).id
    login(consumer)
    page = _dossier(client, complaint_id)
    assert "Removed" in page and "not public" in page


# --- the PDF --------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_opens_and_holds_the_dossier(app, client, login, consumer, case):
    login(consumer)
    _english(client)
    started = time.perf_counter()
    response = client.get(f"/complaints/{case['id']}/dossier.pdf")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="helpdeskhel-dossier-{case["id"]}.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    data = response.get_data()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert TITLE in reader.metadata.title
    text = " ".join(_pdf_text(data).split())
    for expected in (TITLE, "Belnet Mobiel", TICKET, "Dossier", "Anna Consument",
                     "De Geschillencommissie Telecom", "1 / "):
        assert expected in text, expected
    assert " ".join(PRIVATE.split()) in text
    mediabox = reader.pages[0].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (595, 842)  # A4
    assert elapsed < 5  # a few hundred ms once WeasyPrint is loaded; generous for slow CI


def test_pdf_by_a_moderator_is_logged_too(app, client, login, moderator, case):
    login(moderator)
    assert client.get(f"/complaints/{case['id']}/dossier.pdf").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ModerationAction).where(
            ModerationAction.action == ModAction.PRIVATE_READ)) is not None


def test_pdf_fetches_nothing_from_the_network(app, consumer, company):
    """Only our own static files and the dossier's evidence images are served to WeasyPrint;
    any other URL is refused."""
    from pathlib import Path

    from complaints.outcomes.dossier import _local_fetcher

    static = Path(app.static_folder).resolve()
    fetcher = _local_fetcher(static, {"evidence:7": b"RIFF-webp"})
    css = fetcher.fetch((static / "css" / "dossier-pdf.css").as_uri())
    assert b"@page" in css.read() and css.content_type == "text/css"
    assert fetcher.fetch("evidence:7").read() == b"RIFF-webp"
    for url in ("https://example.org/tracker.png", "http://169.254.169.254/latest",
                (static / ".." / "app.py").resolve().as_uri(), "file:///etc/passwd",
                "data:text/plain,hello", "evidence:8"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_is_rate_limited_per_account(limited_app, consumer, company, monkeypatch):
    from complaints.outcomes import dossier

    monkeypatch.setattr(dossier, "render_pdf", lambda *args: b"%PDF-1.7 drawn")  # only count
    with limited_app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN).id
    client = limited_app.test_client()
    assert post_form(client, "/auth/login", {"email": consumer.email,
                                             "password": PASSWORD}).status_code == 303
    statuses = [client.get(f"/complaints/{complaint_id}/dossier.pdf").status_code
                for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    assert client.get(f"/complaints/{complaint_id}/dossier").status_code == 200  # the page
