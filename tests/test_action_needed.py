""""Actie nodig": what waits for a person (the service, the account page, the header's count),
private messages read per person, and the webcare inbox's counters and rows in words."""

from __future__ import annotations

import re
from datetime import timedelta

from complaints.accounts import action_needed
from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.threads import services as threads
from complaints.webcare import queries as webcare
from tests.builders import make_complaint, make_representative, make_user


def _user(user) -> User:
    return db.session.get(User, user.id)


def _complaint(complaint) -> Complaint:
    return db.session.get(Complaint, complaint.id)


def _team(company) -> User:
    rep_user = make_user("wendy@example.nl")
    make_representative(rep_user, company)
    return rep_user


def test_an_answered_complaint_with_a_question_and_a_message_waits_for_its_author(
        app, consumer, moderator, company):
    """The issue: 'beantwoord' said nothing about the company's "is it solved?" or the
    private message waiting."""
    with app.test_request_context():
        rep_user = _team(company)
        answered = make_complaint(consumer, company, status=Status.ANSWERED,
                                  title="Factuur klopt al maanden niet")
        threads.propose_resolution(rep_user, _complaint(answered))
        threads.send_private_message(rep_user, _complaint(answered), "Wat is je klantnummer?")
        threads.send_private_message(rep_user, _complaint(answered), "En je postcode?")
        rejected = make_complaint(consumer, company, status=Status.REJECTED,
                                  title="Klacht zonder klantenservicecontact")
        make_complaint(consumer, company, status=Status.OPEN, title="Gewoon open en wachtend")

        items = action_needed.items_for(_user(consumer))
        kinds = {(item.kind, item.complaint_id) for item in items}
        assert kinds == {(action_needed.Kind.SOLVED_QUESTION, answered.id),
                         (action_needed.Kind.UNREAD_MESSAGES, answered.id),
                         (action_needed.Kind.REJECTED, rejected.id)}
        unread = next(i for i in items if i.kind == action_needed.Kind.UNREAD_MESSAGES)
        assert unread.sentence == "2 ongelezen privéberichten van het bedrijf"
        assert unread.link.endswith(f"/complaints/{answered.id}#private")
        refused = next(i for i in items if i.kind == action_needed.Kind.REJECTED)
        assert refused.detail == "Geen klantenservice"
        assert action_needed.count_for(_user(consumer)) == 3
        assert action_needed.situation(_complaint(answered)) == "Bedrijf vraagt: opgelost?"
        # The representative's own messages wait for nobody on their side.
        assert action_needed.count_for(_user(rep_user)) == 0


def test_reading_the_conversation_marks_it_read_for_that_person_only(
        app, consumer, moderator, company):
    with app.test_request_context():
        rep_user = _team(company)
        colleague = make_user("collega@example.nl")
        make_representative(colleague, company, owner=False)
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        threads.send_private_message(_user(consumer), _complaint(complaint), "Mijn nummer.")
        assert action_needed.count_for(_user(rep_user)) == 1
        assert action_needed.count_for(_user(colleague)) == 1
        assert action_needed.count_for(_user(consumer)) == 0  # their own message

        threads.read_private_messages(_user(rep_user), _complaint(complaint))
        threads.read_private_messages(_user(rep_user), _complaint(complaint))  # no new row
        assert action_needed.count_for(_user(rep_user)) == 0
        assert action_needed.count_for(_user(colleague)) == 1  # per person

        threads.send_private_message(_user(consumer), _complaint(complaint), "Nog iets.")
        assert action_needed.unread_by_complaint(_user(rep_user)) == {complaint.id: 1}
        # A moderator's reading is logged, never counted as the participants' reading.
        threads.read_private_messages(_user(moderator), _complaint(complaint))
        assert action_needed.count_for(_user(rep_user)) == 1


def test_the_account_page_lists_what_waits_and_the_header_counts_it(
        app, client, login, consumer, moderator, company):
    with app.test_request_context():
        rep_user = _team(company)
        answered = make_complaint(consumer, company, status=Status.ANSWERED,
                                  title="Factuur klopt al maanden niet")
        threads.propose_resolution(rep_user, _complaint(answered))
        threads.send_private_message(rep_user, _complaint(answered), "Wat is je klantnummer?")
        answered_id = answered.id
    login(consumer)
    page = client.get("/account").get_data(as_text=True)
    section = page[page.index('id="action-needed"'):page.index('id="my-complaints"')]
    assert "Actie nodig" in section
    assert "Belnet Mobiel vraagt of je probleem is opgelost" in section
    assert "1 ongelezen privébericht van het bedrijf" in section
    assert "Bedrijf vraagt: opgelost?" in page  # the row's status, not just "beantwoord"
    header = page[:page.index("<main")]
    assert re.search(r'href="/account#action-needed" class="action-needed">.*'
                     r'<span class="count">2</span>', header)
    assert "Actie nodig: 2 dingen wachten op je" in header

    client.get(f"/complaints/{answered_id}")  # opening the complaint reads the messages
    page = client.get("/").get_data(as_text=True)
    assert "Actie nodig: 1 ding wacht op je" in page
    with app.test_request_context():
        threads.answer_resolution_question(db.session.get(Complaint, answered_id),
                                           threads.Answer(solved=False))
    page = client.get("/account").get_data(as_text=True)
    assert 'class="action-needed"' not in page
    assert "Er wacht niets op je." in page
    assert "Wacht op de reactie van het bedrijf" in page


def test_the_header_count_is_one_cheap_round_trip_per_page(app, client, login, consumer):
    from sqlalchemy import event

    login(consumer)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        client.get("/complaints")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert sum("private_reads" in statement for statement in statements) == 1


def test_the_webcare_counters_add_up_to_the_rows_and_each_row_says_what_it_waits_for(
        app, client, login, consumer, moderator, company):
    """The issue: three overlapping counters, '9 dagen later dan beloofd' on answered rows,
    '0 uurbinnen'."""
    with app.test_request_context():
        rep_user = _team(company)
        db.session.get(Company, company.id).response_promise_hours = 24
        first = make_complaint(consumer, company, status=Status.OPEN, title="Wacht op antwoord")
        late = make_complaint(consumer, company, status=Status.OPEN, title="Al lang open")
        _complaint(late).awaiting_company_since = utcnow() - timedelta(days=3, hours=1)
        again = make_complaint(consumer, company, status=Status.ANSWERED,
                               title="Consument schreef opnieuw")
        _complaint(again).awaiting_company_since = utcnow() - timedelta(days=9)
        asked = make_complaint(consumer, company, status=Status.ANSWERED,
                               title="Gevraagd of het is opgelost")
        quiet = make_complaint(consumer, company, status=Status.ANSWERED, title="Stil beantwoord")
        make_complaint(consumer, company, status=Status.RESOLVED, title="Al opgelost")
        db.session.commit()
        threads.propose_resolution(rep_user, _complaint(asked))
        counts = webcare.inbox_counts(db.session.get(Company, company.id))
        assert counts == {"first_answer": 2, "replied_again": 1, "solved_answer": 1,
                          "consumer": 1, "total": 5}
        del first, quiet
    login(rep_user)
    page = client.get("/webcare/belnet-mobiel").get_data(as_text=True)
    assert "5 onopgeloste klachten" in page
    rows = {re.search(r">([^<]+)</a>", row).group(1): re.sub(r"\s+", " ", re.sub(
        r"<[^>]+>", " ", row)) for row in re.findall(r"<tr[ >].*?</tr>", page, re.S)[1:]}
    assert len(rows) == 5
    assert "Wacht op je eerste antwoord al 3 dagen, 2 dagen later dan beloofd" \
        in rows["Al lang open"]
    assert re.search(r"Wacht op je eerste antwoord al \d+ uur, nog \d+ uur binnen je belofte",
                     rows["Wacht op antwoord"])
    assert "De consument schreef opnieuw al 9 dagen" in rows["Consument schreef opnieuw"]
    assert "later dan beloofd" not in rows["Consument schreef opnieuw"]
    assert "wacht op de consument" in rows["Gevraagd of het is opgelost"]
    assert "niets nieuws van de consument eerste antwoord" in rows["Stil beantwoord"]
    assert "uurbinnen" not in page
    assert " 0 uur" not in page  # under an hour is said in words


def test_webcare_rows_and_counts_agree_on_what_each_complaint_waits_for(
        app, consumer, moderator, company):
    with app.test_request_context():
        rep_user = _team(company)
        make_complaint(consumer, company, status=Status.OPEN)
        answered = make_complaint(consumer, company, status=Status.ANSWERED)
        threads.propose_resolution(rep_user, _complaint(answered))
        threads.post_reply(_user(consumer), _complaint(answered), "Nee hoor, nog steeds kapot.")
        row = db.session.get(Company, company.id)
        listed = db.session.scalars(webcare.inbox(row)).all()
        by_rows = sorted(webcare.waits_for(c).value for c in listed)
        counts = webcare.inbox_counts(row)
        by_counts = sorted(k for k, n in counts.items() if k != "total" for _ in range(n))
        assert by_rows == by_counts == ["first_answer", "replied_again"]
