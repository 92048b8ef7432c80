"""The thread under a complaint through the services: replies, private messages, "we think
this is solved", support and the contact ledger."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.errors import DomainError, NotAllowed
from complaints.extensions import db
from complaints.moderation.models import ModAction, ModerationAction
from complaints.pii import PersonalDataFound
from complaints.threads import services
from complaints.threads.models import ContactEntry, Reply, Support, Voice
from tests.builders import make_company, make_complaint, make_representative, make_user, reload


def _user(user) -> User:
    return reload(User, user)


@pytest.fixture
def rep(ctx, company):
    """The owner of the company's webcare team."""
    return make_representative(make_user("wendy@example.nl", display_name="Wendy"), company,
                               name="Wendy Webcare", job_title="Teamleider webcare")


@pytest.fixture
def rep_user(rep):
    return db.session.get(User, rep.user_id)


@pytest.fixture
def published(ctx, consumer, moderator, company):
    return make_complaint(consumer, company, status=Status.OPEN)


def test_first_company_reply_answers_the_complaint_and_tells_the_author(
        ctx, mailbox, consumer, published, rep_user, company):
    reply = services.post_reply(rep_user, published, "Wat vervelend. We kijken er vandaag naar.")
    assert reply.voice == Voice.COMPANY
    assert (reply.signature_name, reply.signature_title) == ("Wendy Webcare",
                                                             "Teamleider webcare")
    assert published.status == Status.ANSWERED
    assert published.first_response_at == reply.created_at
    assert published.awaiting_company_since is None
    assert f"/complaints/{published.id}#reply-{reply.id}" in mailbox.last_to(
        consumer.email).get_content()
    row = db.session.get(Company, company.id)
    assert (row.published_count, row.unresolved_count) == (1, 1)


def test_consumer_follow_up_waits_for_the_company_again_and_tells_the_team(
        ctx, mailbox, consumer, published, rep_user, rep):
    services.post_reply(rep_user, published, "We zoeken het uit.")
    services.post_reply(_user(consumer), published, "Nog steeds geen monteur gezien.")
    assert published.status == Status.ANSWERED
    assert published.awaiting_company_since is not None
    assert mailbox.to(rep.work_email)
    second = services.post_reply(rep_user, published, "De monteur komt morgen.")
    assert published.awaiting_company_since is None
    assert published.first_response_at < second.created_at + timedelta(seconds=1)


def test_a_moderator_note_is_in_the_thread_as_moderation(ctx, published, moderator):
    note = services.post_reply(_user(moderator), published, "Let op: geen namen noemen.")
    assert note.voice == Voice.MODERATOR and published.status == Status.OPEN


@pytest.mark.parametrize("who", ["other_consumer", "other_rep", "unverified_banned"])
def test_others_cannot_reply(ctx, published, other_consumer, who):
    if who == "other_rep":
        person = make_user("r2@example.nl")
        make_representative(person, make_company("Ander Bedrijf", domains=["ander.nl"]))
    elif who == "unverified_banned":
        person = make_user("ban@example.nl")
        row = db.session.get(User, person.id)
        row.banned_at = utcnow()
        db.session.commit()
    else:
        person = other_consumer
    with pytest.raises(NotAllowed):
        services.post_reply(_user(person), published, "Ik wil ook iets zeggen hierover.")
    assert db.session.scalar(select(func.count()).select_from(Reply)) == 0


def test_a_banned_author_cannot_reply(ctx, consumer, published, moderator):
    from complaints.moderation import services as moderation

    moderation.ban_user(_user(moderator), _user(consumer), "Scheldt", ground="rule:9")
    with pytest.raises(NotAllowed):
        services.post_reply(_user(consumer), published, "Toch nog een reactie van mij.")


def test_replies_pass_the_personal_data_guard(ctx, consumer, published):
    with pytest.raises(PersonalDataFound):
        services.post_reply(_user(consumer), published, "Bel me op 06-12345678 graag.")
    reply = services.post_reply(_user(consumer), published, "Bel me op 06-12345678 graag.",
                                redact_pii=True)
    assert "06-12345678" not in reply.body_source + reply.body_html
    assert reply.pii_redactions == {"phone": 1}


def test_a_company_reply_asking_for_details_in_public_is_stopped_with_a_warning(
        ctx, published, rep_user):
    with pytest.raises(services.AsksForPersonalData) as error:
        services.post_reply(rep_user, published, "Kun je hier je klantnummer en IBAN sturen?")
    assert error.value.kinds
    assert published.status == Status.OPEN
    services.post_reply(rep_user, published, "Kun je hier je klantnummer en IBAN sturen?",
                        confirm_public=True)
    assert published.status == Status.ANSWERED


def test_reply_text_is_sanitized(ctx, consumer, published):
    reply = services.post_reply(_user(consumer), published,
                                "<script>alert(1)</script> **vet** [x](javascript:alert(1))")
    assert "<script" not in reply.body_html and 'href="javascript' not in reply.body_html
    assert "<strong>vet</strong>" in reply.body_html


def test_empty_or_huge_replies_are_refused(ctx, consumer, published):
    for body in ("   ", "x" * (services.REPLY_MAX + 1)):
        with pytest.raises(DomainError):
            services.post_reply(_user(consumer), published, body)


def test_no_replies_on_complaints_that_are_not_public(ctx, consumer, company, rep_user):
    pending = make_complaint(consumer, company)
    with pytest.raises(NotAllowed):
        services.post_reply(rep_user, pending, "We lezen mee.")


# --- private messages -----------------------------------------------------------------------

def test_private_messages_between_author_and_company_are_not_redacted(
        ctx, mailbox, consumer, published, rep_user, rep):
    services.send_private_message(rep_user, published, "Wat is je klantnummer?")
    mail = mailbox.last_to(consumer.email).get_content()
    assert "klantnummer" not in mail  # the text stays on the site
    message = services.send_private_message(_user(consumer), published,
                                            "Mijn IBAN is NL91ABNA0417164300.")
    assert "NL91ABNA0417164300" in message.body_source
    assert mailbox.to(rep.work_email)
    assert len(services.read_private_messages(rep_user, published)) == 2
    assert len(services.read_private_messages(_user(consumer), published)) == 2
    assert db.session.scalar(select(func.count()).select_from(ModerationAction)) == 0


def test_a_moderator_reading_private_messages_is_logged_each_time(ctx, published, moderator,
                                                                  consumer):
    services.send_private_message(_user(consumer), published, "Hier mijn adresgegevens.")
    services.read_private_messages(_user(moderator), published)
    services.read_private_messages(_user(moderator), published)
    logged = db.session.scalars(select(ModerationAction)).all()
    assert [(r.action, r.public, r.actor_id) for r in logged] == [
        (ModAction.PRIVATE_READ, False, moderator.id)] * 2


def test_others_cannot_read_or_send_private_messages(ctx, published, other_consumer,
                                                     moderator):
    with pytest.raises(NotAllowed):
        services.read_private_messages(_user(other_consumer), published)
    with pytest.raises(NotAllowed):
        services.send_private_message(_user(other_consumer), published, "Hallo")
    with pytest.raises(NotAllowed):
        services.send_private_message(_user(moderator), published, "Hallo")


# --- "we think this is solved" --------------------------------------------------------------

def test_proposal_asks_the_author_and_changes_nothing_until_they_answer(
        ctx, mailbox, consumer, published, rep_user):
    services.post_reply(rep_user, published, "Het is hersteld.")
    services.propose_resolution(rep_user, published)
    assert published.status == Status.ANSWERED and published.resolution_proposed_at
    mail = mailbox.last_to(consumer.email).get_content()
    assert "answer=yes" in mail and "answer=no" in mail
    with pytest.raises(NotAllowed):
        services.propose_resolution(rep_user, published)  # one open question at a time


def test_author_says_no_and_the_company_is_told(ctx, mailbox, published, rep_user, rep):
    services.propose_resolution(rep_user, published)
    services.answer_resolution_question(published, services.Answer(solved=False))
    assert published.resolution_proposed_at is None
    assert published.status == Status.OPEN and published.awaiting_company_since
    assert "nog niet opgelost" in str(mailbox.last_to(rep.work_email)["Subject"]).lower()


def test_author_says_yes_with_a_rating_and_closing_word(ctx, published, rep_user):
    services.propose_resolution(rep_user, published)
    services.answer_resolution_question(published, services.Answer(
        solved=True, rating=4, closing_note="Netjes opgelost."))
    assert published.status == Status.RESOLVED and published.rating == 4
    assert published.closing_note == "Netjes opgelost."
    assert published.resolution_proposed_at is None


def test_answer_links_are_signed_for_the_author_and_this_complaint(ctx, published, consumer,
                                                                   company):
    links = services.answer_links(published)
    token = links["yes"].split("token=")[1].split("&")[0]
    assert services.complaint_for_answer(published.id, token).id == published.id
    other = make_complaint(consumer, company, status=Status.OPEN)
    with pytest.raises(DomainError):
        services.complaint_for_answer(other.id, token)
    with pytest.raises(DomainError):
        services.complaint_for_answer(published.id, token[:-2] + "zz")


def test_only_the_author_resolves_never_the_company_or_a_moderator(ctx, published, rep_user,
                                                                   moderator, consumer):
    for person in (rep_user, _user(moderator)):
        with pytest.raises(NotAllowed):
            cases.resolve_complaint(person, published, 5)
    cases.resolve_complaint(_user(consumer), published, None, "Toch gelukt.")
    assert published.status == Status.RESOLVED and published.closing_note == "Toch gelukt."


def test_the_closing_word_passes_the_guard(ctx, published, consumer):
    with pytest.raises(PersonalDataFound):
        cases.resolve_complaint(_user(consumer), published, 3, "Mail me op anna@example.nl")
    assert published.status == Status.OPEN


# --- "ik ook" -------------------------------------------------------------------------------

def test_support_counts_once_per_person_and_can_be_withdrawn(ctx, published, other_consumer):
    person = _user(other_consumer)
    assert services.support(person, published) is True
    assert services.support(person, published) is False
    assert db.session.get(Complaint, published.id).supporters_count == 1
    assert services.withdraw_support(person, published) is True
    assert services.withdraw_support(person, published) is False
    assert db.session.get(Complaint, published.id).supporters_count == 0
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_the_author_cannot_support_their_own_complaint(ctx, published, consumer):
    with pytest.raises(NotAllowed):
        services.support(_user(consumer), published)


def test_support_does_not_conflict_with_a_moderator_action(ctx, published, other_consumer,
                                                          moderator):
    """The count is not versioned state: a support between loading and acting is harmless."""
    from complaints.moderation import services as moderation

    seen = db.session.get(Complaint, published.id)
    services.support(_user(other_consumer), published)
    moderation.remove_complaint(_user(moderator), seen, "Op verzoek.", ground="rule:4")
    assert seen.status == Status.REMOVED


# --- the contact ledger ---------------------------------------------------------------------

def _draft(**changes) -> services.ContactDraft:
    values = dict(contacted_on=date(2026, 3, 2), channel="phone", minutes_waited=35,
                  reached_human=False, ticket_number="ZG-4411")
    values.update(changes)
    return services.ContactDraft(**values)


def test_author_logs_and_deletes_contacts(ctx, published, consumer):
    entry = services.log_contact(_user(consumer), published, _draft())
    assert [e.id for e in services.contacts(published)] == [entry.id]
    services.delete_contact(_user(consumer), published, entry.id)
    assert services.contacts(published) == []


@pytest.mark.parametrize("changes", [{"channel": "pigeon"}, {"minutes_waited": -1},
                                     {"minutes_waited": 5000}, {"ticket_number": "x" * 61},
                                     {"contacted_on": date.today() + timedelta(days=2)}])
def test_bad_contacts_are_refused(ctx, published, consumer, changes):
    with pytest.raises(DomainError):
        services.log_contact(_user(consumer), published, _draft(**changes))
    assert db.session.scalar(select(func.count()).select_from(ContactEntry)) == 0


def test_only_the_author_keeps_the_ledger(ctx, published, rep_user, other_consumer):
    for person in (rep_user, _user(other_consumer)):
        with pytest.raises(NotAllowed):
            services.log_contact(person, published, _draft())
    entry = services.log_contact(_user(published.author), published, _draft())
    with pytest.raises(NotAllowed):
        services.delete_contact(rep_user, published, entry.id)
