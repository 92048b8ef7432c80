"""Complaint services: submit, publish, reject, resubmit, withdraw, resolve, reopen, remove."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.accounts.models import User
from complaints.cases import services
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import PUBLIC_STATUSES, UNRESOLVED_STATUSES, Action, Role, Status
from complaints.clock import utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.companies.services import CompanyNotResolved
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.moderation import services as moderation
from tests.builders import draft, make_company, make_complaint, reload


def _user(user) -> User:
    return reload(User, user)


def _figures_match(company_id: int) -> None:
    """The stored figures equal a count from scratch."""
    company = db.session.get(Company, company_id)
    db.session.refresh(company)
    statuses = list(db.session.scalars(
        select(Complaint.status).where(Complaint.company_id == company_id)))
    assert company.published_count == sum(s in PUBLIC_STATUSES for s in statuses)
    assert company.unresolved_count == sum(s in UNRESOLVED_STATUSES for s in statuses)


def test_submit_stores_pending_complaint_with_event_and_sanitized_html(ctx, consumer, company):
    complaint = services.submit_complaint(
        _user(consumer), draft(body="Ik **belde** vaak. <script>alert(1)</script> " * 3))
    assert complaint.status == Status.PENDING and complaint.company_id == company.id
    assert "<strong>belde</strong>" in complaint.body_html
    assert "<script>" not in complaint.body_html and "<script>" in complaint.body_source
    [event] = complaint.events
    assert (event.action, event.from_status, event.to_status) == ("submit", None, "pending")
    assert event.actor_id == consumer.id
    _figures_match(company.id)


def test_unverified_user_cannot_submit(ctx, unverified, company):
    with pytest.raises(NotAllowed):
        services.submit_complaint(_user(unverified), draft())
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0


@pytest.mark.parametrize("typed", ["belnet mobiel", "BELNET  MOBIEL", "Belnet Mobiel B.V.",
                                   "belnet-mobiel.nl", "https://www.belnet-mobiel.nl/klantenservice"])
def test_typed_name_or_web_address_resolves_to_the_listed_company(ctx, consumer, company, typed):
    complaint = services.submit_complaint(_user(consumer), draft(typed))
    assert complaint.company_id == company.id


def test_unknown_name_raises_with_suggestions_and_saves_nothing(ctx, consumer, company):
    make_company("Belnet Glasvezel")
    with pytest.raises(CompanyNotResolved) as error:
        services.submit_complaint(_user(consumer), draft("Belnet"))
    assert {c.name for c in error.value.suggestions} == {"Belnet Mobiel", "Belnet Glasvezel"}
    assert error.value.errors[0][0] == "company"
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0


def test_choosing_a_suggestion_uses_that_company(ctx, consumer, company):
    complaint = services.submit_complaint(_user(consumer),
                                          draft("Belnet", company_choice=company.slug))
    assert complaint.company_id == company.id


def test_choice_of_unknown_slug_is_refused(ctx, consumer, company):
    with pytest.raises(DomainError):
        services.submit_complaint(_user(consumer), draft("Belnet", company_choice="nope"))


def test_proposing_a_new_company_needs_a_sector(ctx, consumer):
    with pytest.raises(DomainError) as error:
        services.submit_complaint(_user(consumer), draft("Stroomlijn Energie",
                                                         company_choice="new"))
    assert error.value.errors[0][0] == "new_company_sector"
    assert db.session.scalar(select(func.count()).select_from(Company)) == 0


def test_proposed_company_is_shared_by_later_proposals(ctx, consumer, other_consumer):
    first = services.submit_complaint(_user(consumer), draft(
        "Stroomlijn Energie", company_choice="new", new_company_sector="energy",
        new_company_website="www.stroomlijn.example"))
    second = services.submit_complaint(_user(other_consumer), draft(
        "stroomlijn energie", company_choice="new", new_company_sector="energy"))
    assert first.company_id == second.company_id
    company = first.company
    assert company.status == CompanyStatus.PROPOSED and company.sector.slug == "energy"
    assert [d.domain for d in company.domains] == ["stroomlijn.example"]


def test_proposed_company_is_not_suggested_or_resolved(ctx, consumer):
    services.submit_complaint(_user(consumer), draft(
        "Stroomlijn Energie", company_choice="new", new_company_sector="energy"))
    with pytest.raises(CompanyNotResolved) as error:
        services.submit_complaint(_user(consumer), draft("Stroomlijn Energie"))
    assert error.value.suggestions == []


def test_approve_publishes_lists_the_company_and_mails_the_author(ctx, mailbox, consumer,
                                                                   moderator):
    complaint = services.submit_complaint(_user(consumer), draft(
        "Stroomlijn Energie", company_choice="new", new_company_sector="energy"))
    moderation.approve_complaint(_user(moderator), complaint)
    assert complaint.status == Status.OPEN and complaint.published_at is not None
    assert complaint.company.status == CompanyStatus.LISTED
    assert complaint.events[-1].actor_id == moderator.id
    message = mailbox.last_to(consumer.email)
    assert f"/complaints/{complaint.id}" in message.get_content()
    _figures_match(complaint.company_id)


def test_consumer_cannot_approve(ctx, consumer, company):
    complaint = make_complaint(consumer, company)
    with pytest.raises(NotAllowed):
        moderation.approve_complaint(_user(consumer), complaint)
    assert complaint.status == Status.PENDING


def test_reject_needs_a_known_reason_and_tells_the_author_in_their_language(ctx, mailbox,
                                                                          moderator, company):
    from tests.builders import make_user

    english = make_user("english@example.nl", locale="en")
    complaint = make_complaint(english, company)
    with pytest.raises(DomainError):
        moderation.reject_complaint(_user(moderator), complaint, "bogus", "", ground="rule:1")
    with pytest.raises(DomainError) as error:
        moderation.reject_complaint(_user(moderator), complaint, "other", "  ", ground="rule:1")
    assert error.value.errors[0][0] == "note"
    moderation.reject_complaint(_user(moderator), complaint, "not_helpdesk", "Over een buurman.",
                                ground="rule:1")
    assert complaint.status == Status.REJECTED
    assert complaint.rejection_reason.startswith("It is not about an experience")
    assert complaint.rejection_reason.endswith("Over een buurman.")
    message = mailbox.last_to("english@example.nl")
    assert str(message["Subject"]).strip().startswith("Your complaint was not published")
    assert "Over een buurman." in message.get_content()


def test_author_edits_rejected_complaint_and_it_goes_back_to_the_queue(ctx, consumer, moderator,
                                                                      company):
    complaint = make_complaint(consumer, company, status=Status.REJECTED)
    services.update_complaint(_user(consumer), complaint,
                              draft(title="Een betere titel voor mijn klacht"))
    assert complaint.status == Status.PENDING
    assert complaint.title == "Een betere titel voor mijn klacht"
    assert [e.action for e in complaint.events] == ["submit", "reject", "resubmit"]


def test_nobody_else_edits_a_complaint_and_published_ones_are_not_edited(ctx, consumer,
                                                                        other_consumer, company):
    pending = make_complaint(consumer, company)
    with pytest.raises(NotAllowed):
        services.update_complaint(_user(other_consumer), pending, draft(title="Overgenomen titel"))
    published = make_complaint(consumer, company, status=Status.OPEN)
    with pytest.raises(NotAllowed):
        services.update_complaint(_user(consumer), published, draft(title="Achteraf veranderd"))


@pytest.mark.parametrize("status", [Status.PENDING, Status.OPEN, Status.ANSWERED])
def test_author_withdraws(ctx, consumer, moderator, company, status):
    complaint = make_complaint(consumer, company, status=status)
    services.withdraw_complaint(_user(consumer), complaint)
    assert complaint.status == Status.WITHDRAWN and complaint.withdrawn_at is not None
    _figures_match(company.id)


def test_others_cannot_withdraw_and_resolved_cannot_be_withdrawn(ctx, consumer, other_consumer,
                                                                moderator, company):
    with pytest.raises(NotAllowed):
        services.withdraw_complaint(_user(other_consumer), make_complaint(consumer, company))
    with pytest.raises(NotAllowed):
        services.withdraw_complaint(_user(moderator), make_complaint(consumer, company))
    resolved = make_complaint(consumer, company, status=Status.RESOLVED)
    with pytest.raises(NotAllowed):
        services.withdraw_complaint(_user(consumer), resolved)


def test_author_resolves_with_rating_and_reopens_to_answered(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.ANSWERED)
    services.resolve_complaint(_user(consumer), complaint, rating=4)
    assert complaint.status == Status.RESOLVED and complaint.rating == 4
    _figures_match(company.id)
    services.reopen_complaint(_user(consumer), complaint)
    assert complaint.status == Status.ANSWERED
    assert complaint.resolved_at is None and complaint.rating is None
    _figures_match(company.id)


def test_reopen_without_company_reply_goes_back_to_open(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.resolve_complaint(_user(consumer), complaint)
    services.reopen_complaint(_user(consumer), complaint)
    assert complaint.status == Status.OPEN


def test_reopen_after_30_days_is_refused(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.RESOLVED)
    complaint.resolved_at = utcnow() - timedelta(days=31)
    db.session.commit()
    with pytest.raises(NotAllowed):
        services.reopen_complaint(_user(consumer), complaint)


def test_only_the_author_resolves(ctx, consumer, other_consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.ANSWERED)
    for person in (other_consumer, moderator):
        with pytest.raises(NotAllowed):
            services.resolve_complaint(_user(person), complaint)
    with pytest.raises(DomainError):
        services.resolve_complaint(_user(consumer), complaint, rating=6)
    assert complaint.status == Status.ANSWERED


def test_first_company_answer_records_first_response(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.apply_transition(complaint, Action.ANSWER, actor=None, roles={Role.REPRESENTATIVE})
    db.session.commit()
    assert complaint.status == Status.ANSWERED and complaint.first_response_at is not None


def test_moderator_removes_with_reason(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.RESOLVED)
    with pytest.raises(DomainError):
        moderation.remove_complaint(_user(moderator), complaint, "", ground="rule:4")
    moderation.remove_complaint(_user(moderator), complaint, "Beschuldigt een medewerker bij naam.",
                                ground="rule:4")
    assert complaint.status == Status.REMOVED
    assert complaint.removal_reason == "Beschuldigt een medewerker bij naam."
    with pytest.raises(NotAllowed):
        moderation.remove_complaint(_user(consumer), make_complaint(consumer, company,
                                                                  status=Status.OPEN), "x",
                                                                  ground="rule:4")
    _figures_match(company.id)


def test_figures_follow_every_transition(ctx, consumer, moderator, company):
    author, mod = _user(consumer), _user(moderator)
    complaint = services.submit_complaint(author, draft())
    _figures_match(company.id)
    moderation.approve_complaint(mod, complaint)
    _figures_match(company.id)
    services.apply_transition(complaint, Action.ANSWER, actor=None, roles={Role.REPRESENTATIVE})
    db.session.commit()
    _figures_match(company.id)
    services.resolve_complaint(author, complaint)
    _figures_match(company.id)
    services.reopen_complaint(author, complaint)
    _figures_match(company.id)
    services.withdraw_complaint(author, complaint)
    _figures_match(company.id)
    assert db.session.get(Company, company.id).published_count == 0


def test_a_stale_copy_cannot_apply_a_second_transition(app, ctx, consumer, moderator, company):
    """Two moderators load the same pending complaint; the second approval is refused."""
    complaint = make_complaint(consumer, company)
    with Session(db.engine) as other:
        stale = other.get(Complaint, complaint.id)
        moderation.approve_complaint(_user(moderator), complaint)
        stale.status = "rejected"
        other.add(ComplaintEvent(complaint_id=stale.id, action="reject", to_status="rejected"))
        with pytest.raises(Exception, match="expected to update"):
            other.commit()
    with Session(db.engine) as fresh:
        assert fresh.get(Complaint, complaint.id).status == Status.OPEN


def test_apply_transition_reports_already_handled_on_conflict(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company)
    with Session(db.engine) as other:
        copy = other.get(Complaint, complaint.id)
        copy.title = "Tussendoor gewijzigd door iemand anders"
        other.commit()
    with pytest.raises(AlreadyHandled):
        moderation.approve_complaint(_user(moderator), complaint)
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == Status.PENDING
