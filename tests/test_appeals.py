"""Appeals against statements of reasons: who may appeal and when, who may decide, and how a
reversal undoes each kind of decision (a complaint's status through the state machine)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from complaints.accounts import privacy
from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint, ComplaintEvent, ComplaintRevision
from complaints.cases.workflow import Action, Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.dueprocess import appeals, statements
from complaints.dueprocess.models import (
    Appeal,
    AppealOutcome,
    Decision,
    Notice,
    NoticeStatus,
    Statement,
)
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.moderation.models import ModAction, ModerationAction
from complaints.threads import services as threads
from complaints.threads.models import Reply
from complaints.webcare.models import Claim, ClaimStatus, Representative
from tests.builders import (
    PASSWORD,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    reload,
    signed_in,
)

FACTS = "The story names an employee by full name."
WHY = "I only wrote the first name the employee gave on the phone."


@pytest.fixture
def second_moderator(app):
    with app.test_request_context():
        return make_user("second@example.nl", role="moderator", display_name="Tweede Mod")


def _user(user) -> User:
    return reload(User, user)


def _issue(decision: Decision, moderator, **kwargs) -> Statement:
    """The statement a moderation service leaves (the lead wires `issue` into the services;
    until then the tests issue it right after calling the service)."""
    statement = statements.issue(decision, moderator=_user(moderator), facts=FACTS,
                                 ground="rule:2", **kwargs)
    db.session.commit()
    return statement


def _issued(decision: Decision) -> Statement:
    """The statement of reasons the moderation service just left."""
    return db.session.scalar(select(Statement).where(Statement.decision == decision)
                             .order_by(Statement.id.desc()))


def _appeal(statement: Statement, user=None) -> Appeal:
    return appeals.file(_user(user) if user else None, statement, WHY)


def _log_rows(action: str) -> list[ModerationAction]:
    return list(db.session.scalars(select(ModerationAction)
                                   .where(ModerationAction.action == action)))


def _reinstate_events(complaint: Complaint) -> list[ComplaintEvent]:
    return list(db.session.scalars(select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == complaint.id,
        ComplaintEvent.action == Action.REINSTATE)))


def _removed(consumer, moderator, company, status: Status) -> tuple[Complaint, Statement]:
    if status == Status.RESOLVED:  # resolved with a verdict, which must come back with it
        complaint = make_complaint(consumer, company, status=Status.ANSWERED)
        cases.resolve_complaint(_user(consumer), complaint, 4, again=True)
    else:
        complaint = make_complaint(consumer, company, status=status)
    moderation.remove_complaint(_user(moderator), complaint, FACTS, ground="rule:2")
    return complaint, _issued(Decision.REMOVE)


# --- who decides ------------------------------------------------------------------------------

def test_the_moderator_who_decided_cannot_decide_the_appeal(ctx, consumer, moderator,
                                                           second_moderator, company):
    complaint, statement = _removed(consumer, moderator, company, Status.OPEN)
    appeal = _appeal(statement, consumer)
    with pytest.raises(NotAllowed):
        appeals.decide(_user(moderator), appeal, AppealOutcome.REVERSED, "I was wrong.")
    assert reload(Appeal, appeal).is_open and complaint.status == Status.REMOVED
    appeals.decide(_user(second_moderator), appeal, AppealOutcome.UPHELD,
                   "A full name is personal data; the decision stands.")
    appeal = reload(Appeal, appeal)
    assert (appeal.outcome, appeal.decided_by_id) == ("upheld", second_moderator.id)
    assert reload(Complaint, complaint).status == Status.REMOVED
    [row] = _log_rows(ModAction.APPEAL_UPHELD)
    assert (row.complaint_id, row.actor_id, row.public) == (complaint.id, second_moderator.id,
                                                           True)
    assert row.public_reason == "A full name is personal data; the decision stands."


def test_a_decided_appeal_cannot_be_decided_again(ctx, consumer, moderator, second_moderator,
                                                  admin, company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    appeal = _appeal(statement, consumer)
    appeals.decide(_user(second_moderator), appeal, AppealOutcome.UPHELD, "It stands.")
    with pytest.raises(AlreadyHandled):
        appeals.decide(_user(admin), reload(Appeal, appeal), AppealOutcome.REVERSED, "No.")
    assert reload(Appeal, appeal).outcome == "upheld"
    assert _log_rows(ModAction.APPEAL_REVERSED) == []


def test_an_outcome_needs_reasons(ctx, consumer, moderator, second_moderator, company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    appeal = _appeal(statement, consumer)
    with pytest.raises(DomainError) as error:
        appeals.decide(_user(second_moderator), appeal, AppealOutcome.UPHELD, "  ")
    assert error.value.errors[0][0] == "reason"
    assert reload(Appeal, appeal).is_open


def test_the_deciding_moderator_is_refused_on_the_page(app, moderator, second_moderator,
                                                       consumer, company):
    with app.test_request_context():
        _, statement = _removed(consumer, moderator, company, Status.OPEN)
        appeal_id = _appeal(statement, consumer).id
    own = signed_in(app, moderator.email)
    page = own.get("/moderation/appeals").get_data(as_text=True)
    assert WHY in page and FACTS in page
    assert "so another moderator decides the appeal" in page or \
        "beslist een andere moderator" in page
    assert f"/moderation/appeals/{appeal_id}/decide" not in page
    response = post_form(own, f"/moderation/appeals/{appeal_id}/decide",
                         {"outcome": "reversed", "reason": "I changed my mind."})
    assert response.status_code == 403
    other = signed_in(app, second_moderator.email)
    page = other.get("/moderation/appeals").get_data(as_text=True)
    assert f"/moderation/appeals/{appeal_id}/decide" in page
    response = post_form(other, f"/moderation/appeals/{appeal_id}/decide",
                         {"outcome": "reversed", "reason": "Only a first name was used."})
    assert response.status_code == 303
    with app.test_request_context():
        appeal = db.session.get(Appeal, appeal_id)
        assert appeal.outcome == "reversed"
        assert appeal.statement.complaint.status == Status.OPEN


def test_a_decision_without_reasons_shows_the_form_again(app, moderator, second_moderator,
                                                         consumer, company):
    with app.test_request_context():
        _, statement = _removed(consumer, moderator, company, Status.OPEN)
        appeal_id = _appeal(statement, consumer).id
    other = signed_in(app, second_moderator.email)
    response = post_form(other, f"/moderation/appeals/{appeal_id}/decide",
                         {"outcome": "upheld", "reason": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="reason-{appeal_id}-error"' in page
    assert f'id="outcome-{appeal_id}-upheld"' in page and "checked" in page


# --- reversals, one per kind of decision --------------------------------------------------------

def test_reversing_a_rejection_sends_the_complaint_back_to_pending(ctx, mailbox, consumer,
                                                                   moderator, second_moderator,
                                                                   company):
    complaint = make_complaint(consumer, company)
    moderation.reject_complaint(_user(moderator), complaint, "spam", "Advertising.",
                                ground="rule:1")
    statement = _issued(Decision.REJECT)
    appeal = _appeal(statement, consumer)
    mailbox.clear()
    appeals.decide(_user(second_moderator), appeal, AppealOutcome.REVERSED,
                   "It is an experience with the helpdesk after all.")
    complaint = reload(Complaint, complaint)
    assert complaint.status == Status.PENDING
    [event] = _reinstate_events(complaint)
    assert (event.from_status, event.to_status, event.actor_id) == (
        Status.REJECTED, Status.PENDING, second_moderator.id)
    [row] = _log_rows(ModAction.APPEAL_REVERSED)
    assert row.complaint_id == complaint.id
    message = mailbox.last_to(consumer.email)
    assert "It is an experience with the helpdesk after all." in message.get_content()
    assert f"/appeals/{statement.key}" in message.get_content()


def test_a_rejection_already_sent_again_has_nothing_to_undo(ctx, consumer, moderator,
                                                            second_moderator, company):
    from tests.builders import draft

    complaint = make_complaint(consumer, company)
    moderation.reject_complaint(_user(moderator), complaint, "spam", "Advertising.",
                                ground="rule:1")
    statement = _issued(Decision.REJECT)
    appeal = _appeal(statement, consumer)
    cases.update_complaint(_user(consumer), complaint, draft())
    assert complaint.status == Status.PENDING
    appeals.decide(_user(second_moderator), appeal, AppealOutcome.REVERSED, "Fair point.")
    assert _reinstate_events(complaint) == []
    appeal = reload(Appeal, appeal)
    assert appeal.outcome_reason.startswith("Fair point.")
    assert "niets meer terug te draaien" in appeal.outcome_reason  # the author's language


@pytest.mark.parametrize("status", [Status.OPEN, Status.ANSWERED, Status.RESOLVED])
def test_reversing_a_removal_restores_the_status_it_had(ctx, consumer, moderator,
                                                        second_moderator, company, status):
    complaint, statement = _removed(consumer, moderator, company, status)
    rating = complaint.rating
    assert (rating == 4) == (status == Status.RESOLVED)
    appeal = _appeal(statement, consumer)
    appeals.decide(_user(second_moderator), appeal, AppealOutcome.REVERSED,
                   "The name was the employee's first name only.")
    complaint = reload(Complaint, complaint)
    assert complaint.status == status
    assert complaint.removed_at is None and complaint.removal_reason is None
    assert complaint.rating == rating
    if status == Status.RESOLVED:
        assert complaint.would_do_business_again is True and complaint.resolved_at
    [event] = _reinstate_events(complaint)
    assert (event.from_status, event.to_status) == (Status.REMOVED, status)
    assert reload(Company, company).published_count == 1


def test_reversing_a_redaction_puts_the_text_back(ctx, consumer, moderator, second_moderator,
                                                  company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    original = complaint.body_source
    moderation.edit_complaint(_user(moderator), complaint, title=complaint.title,
                              body=original.replace("monteur", "[weggehaald]"),
                              desired_outcome=complaint.desired_outcome,
                              public_reason="Redacted", version_id=complaint.version_id,
                              ground="rule:2")
    redacted = complaint.body_source
    statement = _issued(Decision.REDACT)
    assert statement.revision_id == db.session.scalar(select(ComplaintRevision.id))
    appeals.decide(_user(second_moderator), _appeal(statement, consumer),
                   AppealOutcome.REVERSED, "A mechanic is not a person's name.")
    complaint = reload(Complaint, complaint)
    assert complaint.body_source == original and "monteur" in complaint.body_html
    kept = db.session.scalars(select(ComplaintRevision).order_by(ComplaintRevision.id)).all()
    assert [r.body_source for r in kept] == [original, redacted]
    assert kept[-1].editor_id == second_moderator.id


def test_reversing_a_reply_removal_shows_the_reply_again(ctx, consumer, moderator,
                                                         second_moderator, company):
    rep_user = make_user("rep@belnet-mobiel.nl")
    make_representative(rep_user, company)
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    reply = threads.post_reply(_user(rep_user), complaint,
                               "We are sorry; a mechanic comes on Monday morning.")
    moderation.remove_reply(_user(moderator), reply, "Rude.", ground="rule:3")
    statement = _issued(Decision.REMOVE_REPLY)
    appeals.decide(_user(second_moderator), _appeal(statement, rep_user),
                   AppealOutcome.REVERSED, "The reply is polite.")
    reply = reload(Reply, reply)
    assert reply.removed_at is None and reply.removal_reason is None
    [row] = _log_rows(ModAction.APPEAL_REVERSED)
    assert (row.reply_id, row.complaint_id) == (reply.id, None)


def test_reversing_a_ban_lifts_the_block(ctx, client, consumer, moderator, second_moderator):
    moderation.ban_user(_user(moderator), _user(consumer), "Insults staff.", ground="rule:9")
    statement = _issued(Decision.BAN)
    appeal = _appeal(statement, consumer)  # a blocked person can appeal
    appeals.decide(_user(second_moderator), appeal, AppealOutcome.REVERSED,
                   "The words were quoted from the company's own mail.")
    assert not _user(consumer).is_banned
    [row] = _log_rows(ModAction.APPEAL_REVERSED)
    # The public log names no one and keeps a person's case to itself.
    assert (row.user_id, row.public, row.public_reason) == (consumer.id, True, None)
    assert row.private_note == "The words were quoted from the company's own mail."
    page = client.get("/moderation-log").get_data(as_text=True)
    assert "quoted from the company" not in page
    assert "Opnieuw bekeken na bezwaar" in page


def test_reversing_a_claim_refusal_approves_the_claim(ctx, mailbox, consumer, moderator,
                                                      second_moderator, company):
    claim = Claim(company_id=company.id, user_id=consumer.id, name="Anna Webcare",
                  job_title="Webcare", work_email="anna@gmail.com",
                  status=ClaimStatus.IN_REVIEW, email_confirmed_at=utcnow())
    db.session.add(claim)
    db.session.commit()
    from complaints.webcare import services as webcare

    webcare.refuse_claim(_user(moderator), claim, "A webmail address proves nothing.",
                         ground="rule:8")
    statement = _issued(Decision.CLAIM_REFUSE)
    mailbox.clear()
    appeals.decide(_user(second_moderator), _appeal(statement, consumer),
                   AppealOutcome.REVERSED, "The company confirmed her job by phone.")
    assert reload(Claim, claim).status == ClaimStatus.APPROVED
    rep = db.session.scalar(select(Representative).where(Representative.user_id == consumer.id))
    assert rep is not None and rep.removed_at is None and rep.is_owner
    [row] = _log_rows(ModAction.APPEAL_REVERSED)
    assert (row.company_id, row.public_reason) == (company.id, None)
    # The receipt of the appeal, the claim's approval with the inbox link, the outcome.
    subjects = [str(m["Subject"]).strip() for m in mailbox.to(consumer.email)]
    assert subjects[1] == "Je vertegenwoordigt nu Belnet Mobiel op Helpdeskhel"
    assert subjects[2].startswith("Je bezwaar is toegekend")


def _notice(complaint: Complaint, moderator) -> Notice:
    notice = Notice(url=f"https://helpdeskhel.test/complaints/{complaint.id}",
                    complaint_id=complaint.id, reason="defamation",
                    explanation="It says I stole money.", name="Piet Melder",
                    email="piet@example.org", locale="en", good_faith=True,
                    status=NoticeStatus.DISMISSED, confirmed_at=utcnow(),
                    decided_at=utcnow(), decided_by_id=moderator.id,
                    decision_reason="The story does not say so.")
    db.session.add(notice)
    db.session.commit()
    return notice


def test_reversing_a_notice_dismissal_reopens_the_notice(app, mailbox, consumer, moderator,
                                                         second_moderator, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        notice = _notice(complaint, moderator)
        statement = _issue(Decision.NOTICE_DISMISS, moderator, email=notice.email,
                           locale="en", notice_id=notice.id, complaint=complaint)
        key, notice_id, statement_id = statement.key, notice.id, statement.id
        complaint_id = complaint.id
    # Someone without an account: the mailed key alone is enough to read and to appeal.
    client = app.test_client()
    url = f"/appeals/{key}"
    page = client.get(url)
    assert page.status_code == 200 and 'name="text"' in page.get_data(as_text=True)
    response = post_form(client, url, {"text": WHY}, form_url=url)
    assert response.status_code == 303
    assert "piet@example.org" in [m["To"] for m in mailbox.messages()]
    with app.test_request_context():
        appeal = db.session.scalar(select(Appeal).where(Appeal.statement_id == statement_id))
        appeals.decide(_user(second_moderator), appeal, AppealOutcome.REVERSED,
                       "The story does say so in its last paragraph.")
        notice = db.session.get(Notice, notice_id)
        assert notice.status == NoticeStatus.OPEN
        assert (notice.decided_at, notice.decided_by_id, notice.decision_reason) == (
            None, None, None)
        [row] = _log_rows(ModAction.APPEAL_REVERSED)
        assert row.complaint_id == complaint_id
    message = mailbox.last_to("piet@example.org")
    assert str(message["Subject"]).startswith("Your appeal succeeded")
    assert "last paragraph" in message.get_content()
    page = client.get(url).get_data(as_text=True)
    assert "last paragraph" in page and 'name="text"' not in page


# --- filing ---------------------------------------------------------------------------------

def test_a_second_appeal_is_refused(ctx, consumer, moderator, company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    _appeal(statement, consumer)
    with pytest.raises(AlreadyHandled):
        appeals.file(_user(consumer), reload(Statement, statement), "And again.")
    assert db.session.scalars(select(Appeal)).all() != [] and len(
        db.session.scalars(select(Appeal)).all()) == 1


def test_an_appeal_after_six_months_is_refused(ctx, consumer, moderator, company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    late = statement.created_at + timedelta(days=184)
    with pytest.raises(DomainError, match="Bezwaar maken kon tot"):
        appeals.file(_user(consumer), statement, WHY, now=late)
    assert db.session.scalars(select(Appeal)).all() == []
    # On the last day it still could.
    appeals.file(_user(consumer), statement, WHY,
                 now=statement.created_at + timedelta(days=183))


def test_the_page_says_when_the_time_to_appeal_ended(app, consumer, moderator, company):
    with app.test_request_context():
        _, statement = _removed(consumer, moderator, company, Status.OPEN)
        statement.created_at = utcnow() - timedelta(days=200)
        db.session.commit()
        key = statement.key
    client = signed_in(app, consumer.email)
    page = client.get(f"/appeals/{key}").get_data(as_text=True)
    assert "Bezwaar maken kon tot" in page and 'name="text"' not in page
    response = post_form(client, f"/appeals/{key}", {"text": WHY}, form_url=f"/appeals/{key}")
    assert response.status_code == 422


def test_only_the_addressee_reads_and_appeals(app, consumer, other_consumer, moderator,
                                              company):
    with app.test_request_context():
        _, statement = _removed(consumer, moderator, company, Status.OPEN)
        key = statement.key
    url = f"/appeals/{key}"
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.location
    assert signed_in(app, other_consumer.email).get(url).status_code == 404
    mod = signed_in(app, moderator.email)
    page = mod.get(url)
    assert page.status_code == 200 and 'name="text"' not in page.get_data(as_text=True)
    assert post_form(mod, url, {"text": WHY}).status_code == 403
    author = signed_in(app, consumer.email)
    page = author.get(url).get_data(as_text=True)
    assert 'name="text"' in page
    response = post_form(author, url, {"text": WHY}, form_url=url)
    assert response.status_code == 303
    page = author.get(url).get_data(as_text=True)
    assert "Bezwaar gemaakt op" in page and 'name="text"' not in page
    # A second try from another tab: told, nothing stored.
    response = post_form(author, url, {"text": "Again"}, form_url="/")
    assert response.status_code == 303
    with app.test_request_context():
        assert len(db.session.scalars(select(Appeal)).all()) == 1


def test_an_empty_appeal_shows_the_form_again(app, consumer, moderator, company):
    with app.test_request_context():
        _, statement = _removed(consumer, moderator, company, Status.OPEN)
        key = statement.key
    author = signed_in(app, consumer.email)
    response = post_form(author, f"/appeals/{key}", {"text": "  "}, form_url=f"/appeals/{key}")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


# --- the account ----------------------------------------------------------------------------

def test_the_account_lists_decisions_with_their_appeal_state(app, consumer, moderator,
                                                             second_moderator, company):
    with app.test_request_context():
        client = signed_in(app, consumer.email)
        assert "Besluiten over mijn inhoud" not in client.get("/account").get_data(as_text=True)
        _, first = _removed(consumer, moderator, company, Status.OPEN)
        _, second = _removed(consumer, moderator, company, Status.OPEN)
        appeal = _appeal(first, consumer)
        appeals.decide(_user(second_moderator), appeal, AppealOutcome.UPHELD, "It stands.")
        _, third = _removed(consumer, moderator, company, Status.OPEN)
        _appeal(third, consumer)
        assert [s.id for s in statements.for_user(_user(consumer))] == [
            third.id, second.id, first.id]
        keys = [third.key, second.key, first.key]
    page = client.get("/account").get_data(as_text=True)
    assert "Besluiten over mijn inhoud" in page
    positions = [page.index(f"/appeals/{key}") for key in keys]
    assert positions == sorted(positions)
    assert "Bezwaar wacht sinds" in page and "Gehandhaafd na bezwaar" in page
    assert "Je kunt bezwaar maken tot" in page


def test_the_export_holds_statements_and_appeals(ctx, consumer, moderator, second_moderator,
                                                 company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    appeals.decide(_user(second_moderator), _appeal(statement, consumer),
                   AppealOutcome.UPHELD, "It stands.")
    [decision] = privacy.export_data(_user(consumer))["decisions_about_me"]
    assert decision["decision"] == "remove" and decision["facts"] == FACTS
    assert decision["appeal"]["text"] == WHY
    assert decision["appeal"]["outcome"] == "upheld"
    assert decision["appeal"]["reasons"] == "It stands."
    assert "Mo Derator" not in str(decision) and "Tweede Mod" not in str(decision)


def test_account_deletion_keeps_statements_for_moderators_only(app, consumer, moderator,
                                                               company):
    with app.test_request_context():
        _, statement = _removed(consumer, moderator, company, Status.OPEN)
        _appeal(statement, consumer)
        key = statement.key
        privacy.delete_account(_user(consumer), PASSWORD, keep_complaints=True)
        assert db.session.scalar(select(Statement).where(Statement.key == key)) is not None
    assert signed_in(app, moderator.email).get(f"/appeals/{key}").status_code == 200
    assert app.test_client().get(f"/appeals/{key}").status_code == 302


def test_the_mails_keep_subject_greeting_and_paragraphs_apart(ctx, mailbox, consumer,
                                                              moderator, company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    _appeal(statement, consumer)
    statement_mail, receipt = mailbox.to(consumer.email)[-2:]
    assert str(statement_mail["Subject"]).strip() == (
        "Je klacht is verwijderd: Vier keer gebeld, nooit een monteur gezien")
    body = statement_mail.get_content()
    assert body.startswith("Hallo Anna Consument,\n\n")
    assert "\nhttp://localhost/about/terms#rule-2\n\n" in body
    assert "nam het besluit.\n\nBen je het er niet mee eens?" in body
    assert receipt.get_content().startswith("Hallo Anna Consument,\n\n")
    assert f"/appeals/{statement.key}" in receipt.get_content()


def test_two_moderators_at_once_only_one_decides(ctx, consumer, moderator, second_moderator,
                                                 admin, company):
    complaint, statement = _removed(consumer, moderator, company, Status.OPEN)
    appeal = _appeal(statement, consumer)
    assert appeal.statement.decided_by_id == moderator.id  # loaded as the page saw it
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()  # ends the read; what this moderator saw stays in memory
        with db.engine.begin() as other:  # the admin decides first, in their own request
            other.execute(update(Appeal).where(Appeal.id == appeal.id).values(
                decided_at=utcnow(), decided_by_id=admin.id, outcome="upheld",
                outcome_reason="It stands."))
        assert appeal.is_open  # this moderator's page still shows it open
        with pytest.raises(AlreadyHandled):
            appeals.decide(_user(second_moderator), appeal, AppealOutcome.REVERSED, "Undo.")
    finally:
        session.expire_on_commit = True
    assert reload(Complaint, complaint).status == Status.REMOVED
    assert _log_rows(ModAction.APPEAL_REVERSED) == []


def test_two_appeals_at_once_only_one_is_stored(ctx, consumer, moderator, company):
    _, statement = _removed(consumer, moderator, company, Status.OPEN)
    assert statement.appeal is None  # loaded as the page saw it
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
        with db.engine.begin() as other:  # the same person's other tab was first
            other.execute(Appeal.__table__.insert().values(
                statement_id=statement.id, text="First tab.", created_at=utcnow()))
        with pytest.raises(AlreadyHandled):
            appeals.file(_user(consumer), statement, "Second tab.")
    finally:
        session.expire_on_commit = True
    assert [a.text for a in db.session.scalars(select(Appeal))] == ["First tab."]
