"""Promises in company replies: the form's rules, the promise stored with its reply and shown
in the thread, the question on the due date (once), the signed links, the answer and its
14 days of change, the company's figures, the company page, open data and the permissions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import today, utcnow
from complaints.errors import AlreadyHandled, DomainError
from complaints.extensions import db
from complaints.figures.services import rebuild
from complaints.notifications.jobs import run_jobs
from complaints.notifications.models import OutboxMessage
from complaints.outcomes import promises
from complaints.outcomes.models import Promise, PromiseFigures
from complaints.threads import services as threads
from complaints.threads.models import Reply
from tests.builders import (
    csrf_token,
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
)

REP = "wendy@example.nl"


# --- the rules of a promise -----------------------------------------------------------------

@pytest.mark.parametrize(("typed", "cents"), [
    ("40", 4000), ("40,50", 4050), ("40.50", 4050), ("€ 40", 4000), ("€40,-", 4000),
    ("40,5", 4050), (" 12,00 EUR ", 1200), ("1.250,00", 125000), ("1,250.00", 125000),
    ("1.000.000", 100000000), (Decimal("19.99"), 1999), (7, 700),
])
def test_amounts_are_read_as_people_type_them(typed, cents):
    assert promises.parse_amount(typed) == cents


@pytest.mark.parametrize("typed", ["", "veertig", "-40", "40,505", "1.250", "4 0 ,", "40,50,",
                                   "1.25.00", Decimal("1.005")])
def test_unreadable_or_ambiguous_amounts_are_refused(typed):
    with pytest.raises(ValueError):
        promises.parse_amount(typed)


def _refused(field: str, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as caught:
        promises.check_terms(*args, **kwargs)
    assert caught.value.errors[0][0] == field
    return caught.value.message


def test_the_terms_of_a_promise(ctx):
    day = today()
    assert promises.check_terms(None, None, None) is None
    assert promises.check_terms("", "  ", None) is None
    refund = promises.check_terms("refund", "€ 40,50", day)
    assert (refund.kind, refund.amount_cents, refund.due_on) == ("refund", 4050, day)
    assert promises.check_terms("call_back", "", day + timedelta(days=3)).amount_cents is None
    assert promises.check_terms("credit_note", "100000", day).amount_cents == 10_000_000
    a_year = day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else \
        day.replace(year=day.year + 1, day=28)
    assert promises.check_terms("repair", None, a_year).due_on == a_year

    _refused("promise_kind", "", "40", None)
    _refused("promise_kind", None, None, day)
    _refused("promise_kind", "gift", None, day)
    _refused("promise_amount", "refund", "", day)
    _refused("promise_amount", "credit_note", None, day)
    _refused("promise_amount", "refund", "0", day)
    _refused("promise_amount", "refund", "0,00", day)
    _refused("promise_amount", "refund", "veertig", day)
    _refused("promise_amount", "refund", "100000,01", day)
    _refused("promise_amount", "call_back", "40", day)
    _refused("promise_due", "refund", "40", None)
    _refused("promise_due", "refund", "40", day - timedelta(days=1))
    _refused("promise_due", "call_back", None, a_year + timedelta(days=1))


# --- making one in a reply ------------------------------------------------------------------

@pytest.fixture
def case(app, consumer, moderator, company):
    """A published complaint by `consumer` and a representative of its company."""
    with app.test_request_context():
        rep = make_representative(make_user(REP, display_name="Wendy"), company)
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        return {"complaint": complaint.id, "rep_user": rep.user_id, "company": company.id}


def _promise(case, kind="refund", amount="40", due=None, body="We storten het bedrag terug."):
    complaint = db.session.get(Complaint, case["complaint"])
    reply = threads.post_reply(db.session.get(User, case["rep_user"]), complaint, body,
                               promise_kind=kind, promise_amount=amount,
                               promise_due=due or today())
    promise = db.session.scalar(select(Promise).where(Promise.reply_id == reply.id))
    db.session.refresh(promise)
    return promise


@dataclass(frozen=True)
class Ref:
    id: int
    reply_id: int


def _ref(promise: Promise) -> Ref:
    """What a test keeps of a promise after its request context ends."""
    return Ref(promise.id, promise.reply_id)


def _text(response) -> str:
    """The page, with Babel's no-break spaces ("€ 40,00") as plain ones."""
    return response.get_data(as_text=True).replace("\xa0", " ")


def _figures(company_id: int) -> tuple:
    row = db.session.get(PromiseFigures, company_id)
    db.session.refresh(row)
    return row.made, row.kept, row.not_kept, row.promised_cents, row.returned_cents


def test_a_representative_promises_a_refund_in_a_reply(app, client, login, case):
    login(User(email=REP))
    page = client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert "Doe een belofte (optioneel)" in page and 'name="promise_kind"' in page
    due = today() + timedelta(days=10)
    response = post_form(client, f"/complaints/{case['complaint']}/replies", {
        "body": "Excuses, we storten het bedrag terug.", "promise_kind": "refund",
        "promise_amount": "€ 40,50", "promise_due": due.isoformat()})
    assert response.status_code == 303
    with app.app_context():
        promise = db.session.scalars(select(Promise)).one()
        assert (promise.kind, promise.amount_cents, promise.due_on) == ("refund", 4050, due)
        assert promise.company_id == case["company"] and promise.complaint_id == case[
            "complaint"]
        assert promise.reply.body_source.startswith("Excuses")
        assert _figures(case["company"]) == (1, 0, 0, 4050, 0)


@pytest.mark.parametrize(("fields", "message"), [
    ({"promise_kind": "refund", "promise_amount": "", "promise_due": "{due}"},
     "Vul het bedrag in euro in."),
    ({"promise_kind": "refund", "promise_amount": "250000", "promise_due": "{due}"},
     "Hoogstens"),
    ({"promise_kind": "refund", "promise_amount": "-3", "promise_due": "{due}"},
     "zoals 40 of 40,50"),
    ({"promise_kind": "call_back", "promise_amount": "", "promise_due": "{past}"},
     "Deze datum is voorbij"),
    ({"promise_kind": "call_back", "promise_amount": "", "promise_due": ""},
     "Vul de datum in"),
    ({"promise_kind": "teleport", "promise_amount": "", "promise_due": "{due}"}, ""),
    ({"promise_kind": "", "promise_amount": "40", "promise_due": ""}, "Kies wat je belooft"),
])
def test_an_invalid_promise_is_a_form_error_and_nothing_is_saved(app, client, login, case,
                                                                 fields, message):
    login(User(email=REP))
    values = {"due": (today() + timedelta(days=5)).isoformat(),
              "past": (today() - timedelta(days=1)).isoformat()}
    data = {key: value.format(**values) for key, value in fields.items()}
    response = post_form(client, f"/complaints/{case['complaint']}/replies",
                         {"body": "We lossen het op.", **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Reply)) == 0
        assert db.session.scalar(select(func.count()).select_from(Promise)) == 0
        assert db.session.get(PromiseFigures, case["company"]) is None


def test_the_author_cannot_make_a_promise(app, client, login, case, consumer):
    login(consumer)
    page = client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert 'name="promise_kind"' not in page
    response = post_form(client, f"/complaints/{case['complaint']}/replies", {
        "body": "Ik beloof mezelf iets.", "promise_kind": "refund", "promise_amount": "40",
        "promise_due": today().isoformat()})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Promise)) == 0


def test_a_reply_without_a_promise_still_works_for_every_caller(ctx, case):
    complaint = db.session.get(Complaint, case["complaint"])
    threads.post_reply(db.session.get(User, case["rep_user"]), complaint, "We kijken ernaar.")
    assert db.session.scalar(select(func.count()).select_from(Promise)) == 0
    assert db.session.get(PromiseFigures, case["company"]) is None


# --- the thread -----------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "words"), [
    ("nl", ["Belofte:", "Geld terug", "€ 40,00", "Te doen op"]),
    ("en", ["Promise:", "Refund", "€40.00", "Due on"]),
])
def test_the_thread_shows_the_promise_and_its_state(app, client, case, language, words):
    with app.test_request_context():
        promise = _promise(case, due=today() + timedelta(days=4))
    post_form(client, "/language", {"lang": language, "next": "/"})
    page = _text(client.get(f"/complaints/{case['complaint']}"))
    for word in words:
        assert word in page, word
    assert f'id="reply-{promise.reply_id}"' in page
    with app.app_context():
        db.session.get(Promise, promise.id).due_on = today()
        db.session.commit()
    page = client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert ("wacht op het antwoord" if language == "nl" else "waiting for the consumer") in page
    with app.app_context():
        db.session.get(Promise, promise.id).outcome = "not_kept"
        db.session.commit()
    page = client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert ("Niet nagekomen" if language == "nl" else "Not kept, says the consumer") in page


def test_the_author_answers_on_the_complaint_page_once_it_is_due(app, client, login, case,
                                                                consumer):
    with app.test_request_context():
        later = _ref(_promise(case, due=today() + timedelta(days=2)))
        due = _ref(_promise(case, kind="call_back", amount="", body="We bellen je vandaag."))
    login(consumer)
    page = client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert page.count("Heeft het bedrijf deze belofte nagekomen?") == 1
    assert post_form(client, f"/promises/{later.id}/answer",
                     {"answer": "kept"}).status_code == 403
    response = post_form(client, f"/promises/{due.id}/answer", {"answer": "kept"})
    assert response.status_code == 303 and response.location.endswith(f"#reply-{due.reply_id}")
    page = client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert "Nagekomen, zegt de consument." in page and "Wijzig: niet nagekomen" in page
    with app.app_context():
        assert db.session.get(Promise, due.id).outcome == "kept"


# --- the question on the due date -----------------------------------------------------------

def _questions() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.template == "promise_question"))


def test_the_job_asks_the_author_once_on_the_due_date(ctx, mailbox, case, consumer):
    promise = _promise(case, amount="40,50", due=today() + timedelta(days=3))
    assert run_jobs().promise_questions == 0
    assert run_jobs(utcnow() + timedelta(days=2)).promise_questions == 0
    on_the_day = utcnow() + timedelta(days=3)
    assert run_jobs(on_the_day).promise_questions == 1
    assert run_jobs(on_the_day).promise_questions == 0  # run it twice: asked once
    assert run_jobs(on_the_day + timedelta(days=1)).promise_questions == 0
    assert _questions() == 1
    assert db.session.get(Promise, promise.id).asked_at is not None
    message = mailbox.last_to(consumer.email)
    assert "Belnet Mobiel" in message["Subject"]
    content = message.get_content().replace("\xa0", " ")
    assert "€ 40,50" in content and "answer=kept" in content and "answer=not_kept" in content


def test_the_command_line_job_asks_once(app, runner, mailbox, case, consumer):
    with app.test_request_context():
        _promise(case, kind="repair", amount="", due=today())
    moment = (utcnow() + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    first = runner.invoke(args=["jobs", "run", "--now", moment])
    second = runner.invoke(args=["jobs", "run", "--now", moment])
    assert "promise questions 1" in first.output, first.output
    assert "promise questions 0" in second.output
    assert len([m for m in mailbox.to(consumer.email)
                if "/promises/" in m.get_content()]) == 1


def test_no_question_for_a_removed_complaint_or_a_deleted_author(ctx, case, consumer,
                                                                 moderator, company):
    _promise(case, due=today())
    complaint = db.session.get(Complaint, case["complaint"])
    complaint.status = Status.REMOVED
    db.session.commit()
    other_author = make_user("tweede@example.nl")
    second = make_complaint(other_author, company, status=Status.OPEN)
    _promise({**case, "complaint": second.id}, due=today())
    db.session.get(User, other_author.id).deleted_at = utcnow()
    db.session.commit()
    assert run_jobs(utcnow() + timedelta(minutes=5)).promise_questions == 0
    assert _questions() == 0


# --- the signed links -----------------------------------------------------------------------

def _link(app, mailbox, address: str, answer: str) -> str:
    link = mailbox.link(mailbox.last_to(address), f"answer={answer}")
    return link.removeprefix("http://localhost")


def test_the_mailed_link_shows_the_question_and_the_post_records(app, client, mailbox, case,
                                                                consumer):
    with app.test_request_context():
        promise = _ref(_promise(case, amount="25", due=today()))
        run_jobs(utcnow() + timedelta(minutes=5))
    path = _link(app, mailbox, consumer.email, "not_kept")
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Heeft Belnet Mobiel de belofte nagekomen?" in html
    assert 'value="kept"' in html and 'value="not_kept"' in html
    with app.app_context():  # following the link changed nothing
        assert db.session.get(Promise, promise.id).outcome is None
    token = path.split("/")[4].split("?")[0]
    response = client.post(path, data={"answer": "not_kept", "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert response.location.endswith(f"/complaints/{case['complaint']}#reply-{promise.reply_id}")
    with app.app_context():
        assert db.session.get(Promise, promise.id).outcome == "not_kept"
        assert _figures(case["company"]) == (1, 0, 1, 2500, 0)
    again = client.get(f"/promises/{promise.id}/answer/{token}").get_data(as_text=True)
    assert "Je antwoord nu: niet nagekomen." in again


def test_tampered_expired_and_foreign_links_are_refused(app, client, mailbox, case,
                                                        consumer, monkeypatch):
    with app.test_request_context():
        first = _ref(_promise(case, due=today()))
        second = _ref(_promise(case, kind="call_back", amount="", due=today()))
        run_jobs(utcnow() + timedelta(minutes=5))
    links = [m.get_content() for m in mailbox.to(consumer.email)]
    assert len(links) >= 2
    path = _link(app, mailbox, consumer.email, "kept")
    promise_id, token = int(path.split("/")[2]), path.split("/")[4].split("?")[0]
    other_id = first.id if promise_id == second.id else second.id
    tampered = client.get(f"/promises/{promise_id}/answer/{token[:-3]}abc")
    assert tampered.status_code == 400 and "niet geldig" in tampered.get_data(as_text=True)
    foreign = client.get(f"/promises/{other_id}/answer/{token}")
    assert foreign.status_code == 400
    assert client.post(f"/promises/{other_id}/answer/{token}", data={
        "answer": "kept", "csrf_token": csrf_token(client)}).status_code == 400
    monkeypatch.setattr(promises, "PROMISE_LINK_MAX_AGE", -1)
    expired = client.get(f"/promises/{promise_id}/answer/{token}")
    assert expired.status_code == 400 and "verlopen" in expired.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Promise).where(
            Promise.outcome.is_not(None))) == 0


def test_a_link_for_a_promise_not_yet_due_records_nothing(app, client, case):
    with app.test_request_context():
        made = _promise(case, due=today() + timedelta(days=2))
        token = promises.answer_links(made)["kept"].split("/")[-1].split("?")[0]
        promise = _ref(made)
    page = client.get(f"/promises/{promise.id}/answer/{token}")
    assert page.status_code == 200 and "nog niet" in page.get_data(as_text=True)
    response = client.post(f"/promises/{promise.id}/answer/{token}",
                           data={"answer": "kept", "csrf_token": csrf_token(client)})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Promise, promise.id).outcome is None


# --- changing the answer, and the figures ---------------------------------------------------

def test_the_answer_can_change_for_fourteen_days_then_it_is_fixed(ctx, case):
    promise = _promise(case, amount="40", due=today())
    now = utcnow()
    assert promises.answer_promise(promise, "kept", now) is True
    assert _figures(case["company"]) == (1, 1, 0, 4000, 4000)
    assert promises.answer_promise(promise, "kept", now + timedelta(days=1)) is False
    assert promises.answer_promise(promise, "not_kept", now + timedelta(days=13)) is True
    assert _figures(case["company"]) == (1, 0, 1, 4000, 0)
    assert promises.answer_promise(promise, "kept", now + timedelta(days=14)) is True
    assert _figures(case["company"]) == (1, 1, 0, 4000, 4000)
    with pytest.raises(DomainError) as caught:
        promises.answer_promise(promise, "not_kept", now + timedelta(days=14, minutes=1))
    assert "14 dagen" in caught.value.message
    assert _figures(case["company"]) == (1, 1, 0, 4000, 4000)
    assert db.session.get(Promise, promise.id).answered_at == now  # the first answer counts


def test_a_change_refused_after_the_window_on_the_page(app, client, login, case, consumer):
    with app.test_request_context():
        made = _promise(case, due=today())
        promises.answer_promise(made, "kept")
        made.answered_at = utcnow() - timedelta(days=15)
        db.session.commit()
        token = promises.answer_links(made)["not_kept"].split("/")[-1].split("?")[0]
        promise = _ref(made)
    page = client.get(f"/promises/{promise.id}/answer/{token}").get_data(as_text=True)
    assert "vast" in page and 'value="not_kept"' not in page
    response = client.post(f"/promises/{promise.id}/answer/{token}",
                           data={"answer": "not_kept", "csrf_token": csrf_token(client)})
    assert response.status_code == 422
    assert "14 dagen" in response.get_data(as_text=True)
    login(consumer)
    assert "Wijzig" not in client.get(f"/complaints/{case['complaint']}").get_data(as_text=True)
    assert post_form(client, f"/promises/{promise.id}/answer",
                     {"answer": "not_kept"}).status_code == 403
    with app.app_context():
        assert db.session.get(Promise, promise.id).outcome == "kept"


def test_two_answers_at_the_same_moment_count_once(ctx, case):
    promise = _promise(case, amount="10", due=today())
    # Another tab answered "kept" just now; this one still sees no answer.
    db.session.execute(update(Promise).where(Promise.id == promise.id).values(
        outcome="kept", answered_at=utcnow()))
    db.session.commit()
    set_committed_value(promise, "outcome", None)
    set_committed_value(promise, "answered_at", None)
    with pytest.raises(AlreadyHandled):
        promises.answer_promise(promise, "not_kept")
    assert db.session.get(Promise, promise.id).outcome == "kept"
    assert _figures(case["company"]) == (1, 0, 0, 1000, 0)  # nothing counted by this one


def test_the_figures_after_a_sequence_of_promises_answers_and_changes(ctx, case):
    refund = _promise(case, amount="40", due=today())
    credit = _promise(case, kind="credit_note", amount="60,50", due=today())
    call = _promise(case, kind="call_back", amount="", due=today())
    repair = _promise(case, kind="repair", amount="", due=today())
    later = _promise(case, amount="15", due=today() + timedelta(days=30))
    assert _figures(case["company"]) == (5, 0, 0, 11550, 0)
    assert promises.company_promises(case["company"]).kept_share is None
    promises.answer_promise(refund, "kept")
    promises.answer_promise(credit, "not_kept")
    promises.answer_promise(call, "kept")
    assert promises.company_promises(case["company"]).kept_share == pytest.approx(2 / 3)
    promises.answer_promise(credit, "kept")  # the money came after all
    promises.answer_promise(refund, "not_kept")  # ... but this refund did not
    promises.answer_promise(repair, "not_kept")
    assert _figures(case["company"]) == (5, 2, 2, 11550, 6050)
    shown = promises.company_promises(case["company"])
    assert (shown.made, shown.answered, shown.kept) == (5, 4, 2)
    assert shown.kept_share == 0.5
    assert later.outcome is None


# --- the company page and open data ---------------------------------------------------------

@pytest.mark.parametrize(("language", "words"), [
    ("nl", ["Beloftes in reacties", "67%", "2 van 3 beantwoord", "€ 100,50", "€ 40,00",
            "door de consument bevestigd terugbetaald"]),
    ("en", ["Promises in replies", "67%", "2 of 3 answered", "€100.50", "€40.00",
            "money confirmed returned"]),
])
def test_the_company_page_shows_the_promises(app, client, case, language, words):
    with app.test_request_context():
        kept = _promise(case, amount="40", due=today())
        broken = _promise(case, kind="credit_note", amount="60,50", due=today())
        call = _promise(case, kind="call_back", amount="", due=today())
        promises.answer_promise(kept, "kept")
        promises.answer_promise(broken, "not_kept")
        promises.answer_promise(call, "kept")
    post_form(client, "/language", {"lang": language, "next": "/"})
    page = _text(client.get("/companies/belnet-mobiel"))
    for word in words:
        assert word in page, word
    assert page.count('id="promises-title"') == 1


def test_the_share_waits_for_three_answers(app, client, case):
    with app.test_request_context():
        promise = _promise(case, amount="40", due=today())
        promises.answer_promise(promise, "kept")
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    section = page[page.index('id="promises-title"'):page.index('id="figures-title"')]
    assert "1 van 1 beantwoord" in section and "100%" not in section
    assert '<span class="figure__value">—</span>' in section


def test_a_company_without_promises_shows_nothing_about_them(client, company):
    assert "Beloftes in reacties" not in client.get("/companies/belnet-mobiel").get_data(
        as_text=True)


def test_open_data_has_the_promise_columns_on_the_all_time_row(app, client, case, company):
    with app.test_request_context():
        kept = _promise(case, amount="40", due=today())
        _promise(case, kind="call_back", amount="", due=today())
        promises.answer_promise(kept, "kept")
        make_complaint(make_user("ander@example.nl"), make_company("Zonder Beloftes"),
                       status=Status.OPEN)
        rebuild()
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/figures.csv")
                                           .get_data(as_text=True))))
    ours = {row["period"]: row for row in rows if row["company_slug"] == "belnet-mobiel"}
    assert (ours["all"]["promises_made"], ours["all"]["promises_kept"],
            ours["all"]["promises_not_kept"], ours["all"]["money_promised_cents"],
            ours["all"]["money_returned_cents"]) == ("2", "1", "0", "4000", "4000")
    assert ours["12m"]["promises_made"] == "" and ours["30d"]["money_promised_cents"] == ""
    other = next(row for row in rows
                 if row["company_slug"] == "zonder-beloftes" and row["period"] == "all")
    assert other["promises_made"] == "0" and other["money_returned_cents"] == "0"
    page = client.get("/open-data").get_data(as_text=True)
    assert "money_returned_cents" in page and "promises_kept" in page


# --- permissions ----------------------------------------------------------------------------

def test_who_may_promise(ctx, case, consumer, moderator, other_consumer):
    complaint = db.session.get(Complaint, case["complaint"])
    rep = db.session.get(User, case["rep_user"])
    other_rep = make_user("ander@ander-bedrijf.nl")
    make_representative(other_rep, make_company("Ander Bedrijf", domains=["ander-bedrijf.nl"]))
    assert permissions.can_promise(rep, complaint)
    for user in (None, db.session.get(User, consumer.id), db.session.get(User, moderator.id),
                 db.session.get(User, other_consumer.id), db.session.get(User, other_rep.id)):
        assert not permissions.can_promise(user, complaint)
    rep.banned_at = utcnow()
    assert not permissions.can_promise(rep, complaint)
    rep.banned_at = None
    complaint.status = Status.WITHDRAWN
    assert not permissions.can_promise(rep, complaint)


def test_who_may_answer_a_promise_and_until_when(ctx, case, consumer, moderator,
                                                 other_consumer):
    promise = _promise(case, due=today() + timedelta(days=2))
    author = db.session.get(User, consumer.id)
    now = utcnow()
    assert not permissions.can_answer_promise(author, promise, now)  # not due yet
    on_the_day = now + timedelta(days=2)
    assert permissions.can_answer_promise(author, promise, on_the_day)
    for user in (None, db.session.get(User, case["rep_user"]),
                 db.session.get(User, moderator.id), db.session.get(User, other_consumer.id)):
        assert not permissions.can_answer_promise(user, promise, on_the_day)
    promises.answer_promise(promise, "kept", on_the_day)
    assert permissions.can_answer_promise(author, promise, on_the_day + timedelta(days=14))
    assert not permissions.can_answer_promise(author, promise,
                                              on_the_day + timedelta(days=14, seconds=1))
    promise.complaint.status = Status.REMOVED
    assert not permissions.can_answer_promise(author, promise, on_the_day)
    promise.complaint.status = Status.RESOLVED
    assert permissions.can_answer_promise(author, promise, on_the_day)
    author.deleted_at = utcnow()
    assert not permissions.can_answer_promise(author, promise, on_the_day)
