"""Two moderators act on the same item at the same moment: exactly one action applies.

Each moderator runs in its own thread with its own database session (as two web requests
would). Both load the item, wait for each other at a barrier, then act. Runs on SQLite and,
with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import Status
from complaints.companies.models import Company, CompanyStatus
from complaints.errors import AlreadyHandled, NotAllowed
from complaints.extensions import db
from complaints.moderation import services
from complaints.moderation.models import Flag, FlagStatus, ModerationAction
from tests.builders import draft, make_complaint, make_user

ROUNDS = 3


def race(app, first: Callable, second: Callable, load: Callable) -> list[str]:
    """Run two actions at once; return 'ok' or the exception class name for each."""
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[str] = ["", ""]

    def run(index: int, act: Callable) -> None:
        with app.test_request_context():
            try:
                item, moderator = load()
                barrier.wait()  # both have read the item before either writes
                act(moderator, item)
                outcomes[index] = "ok"
            except (AlreadyHandled, NotAllowed) as error:
                outcomes[index] = type(error).__name__
            except Exception as error:
                outcomes[index] = f"unexpected {type(error).__name__}: {error}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, act)) for i, act in
               enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def moderators(app):
    with app.test_request_context():
        return (make_user("mod-a@example.nl", role="moderator"),
                make_user("mod-b@example.nl", role="moderator"))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_approve_and_reject_at_once_only_one_applies(app, consumer, company, moderators,
                                                     round_):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company).id
    mod_a, _ = moderators
    outcomes = race(
        app,
        lambda moderator, complaint: services.approve_complaint(moderator, complaint),
        lambda moderator, complaint: services.reject_complaint(moderator, complaint, "spam", "",
                                                               ground="rule:1"),
        lambda: (db.session.get(Complaint, complaint_id), db.session.get(User, mod_a.id)),
    )
    assert sorted(outcomes) == ["AlreadyHandled", "ok"], outcomes
    with app.app_context():
        complaint = db.session.get(Complaint, complaint_id)
        assert complaint.status in (Status.OPEN, Status.REJECTED)
        events = _count(ComplaintEvent, ComplaintEvent.complaint_id == complaint_id)
        assert events == 2  # submit + the one action that won
        assert _count(ModerationAction, ModerationAction.complaint_id == complaint_id) == 1
        published = complaint.status == Status.OPEN
        assert db.session.get(Company, company.id).published_count == int(published)


def test_two_approvals_at_once_publish_once(app, consumer, company, moderators):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company).id
    mod_a, _ = moderators
    outcomes = race(
        app,
        lambda moderator, complaint: services.approve_complaint(moderator, complaint),
        lambda moderator, complaint: services.approve_complaint(moderator, complaint),
        lambda: (db.session.get(Complaint, complaint_id), db.session.get(User, mod_a.id)),
    )
    assert sorted(outcomes) == ["AlreadyHandled", "ok"], outcomes
    with app.app_context():
        assert _count(ModerationAction, ModerationAction.complaint_id == complaint_id) == 1
        assert db.session.get(Company, company.id).published_count == 1


def test_two_dismissals_of_the_same_flags_at_once(app, consumer, other_consumer, company,
                                                 moderators):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        services.flag_complaint(db.session.get(User, other_consumer.id), complaint, "spam")
        complaint_id = complaint.id
    mod_a, _ = moderators
    outcomes = race(
        app,
        lambda moderator, complaint: services.dismiss_flags(moderator, complaint),
        lambda moderator, complaint: services.remove_complaint(moderator, complaint, "Spam.",
                                                               ground="rule:4"),
        lambda: (db.session.get(Complaint, complaint_id), db.session.get(User, mod_a.id)),
    )
    assert outcomes.count("ok") >= 1, outcomes
    with app.app_context():
        statuses = list(db.session.scalars(select(Flag.status)))
        assert statuses in ([FlagStatus.DISMISSED], [FlagStatus.ACTIONED])
        log = _count(ModerationAction, ModerationAction.complaint_id == complaint_id)
        assert log == outcomes.count("ok")


def test_merge_and_approve_of_a_proposed_company_at_once(app, consumer, company, moderators):
    with app.test_request_context():
        author = db.session.get(User, consumer.id)
        from complaints.cases import services as cases

        proposed_id = cases.submit_complaint(author, draft(
            "Nieuwe Telecom", company_choice="new", new_company_sector="telecom")).company_id
    mod_a, _ = moderators
    outcomes = race(
        app,
        lambda moderator, item: services.merge_company(moderator, item, company.slug),
        lambda moderator, item: services.approve_company(moderator, item),
        lambda: (db.session.get(Company, proposed_id), db.session.get(User, mod_a.id)),
    )
    assert sorted(outcomes) == ["AlreadyHandled", "ok"], outcomes
    with app.app_context():
        status = db.session.get(Company, proposed_id).status
        assert status in (CompanyStatus.MERGED, CompanyStatus.LISTED)
        assert _count(ModerationAction, ModerationAction.company_id == proposed_id) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_merge_and_approving_the_complaint_at_once_keep_figures_right(app, consumer, company,
                                                                     moderators, round_):
    """Found in review: the two used to lock rows in opposite orders (a deadlock on
    PostgreSQL) and could both apply on SQLite, leaving figures on the wrong company."""
    with app.test_request_context():
        author = db.session.get(User, consumer.id)
        from complaints.cases import services as cases

        complaint = cases.submit_complaint(author, draft(
            "Nieuwe Telecom", company_choice="new", new_company_sector="telecom"))
        complaint_id, proposed_id = complaint.id, complaint.company_id
    mod_a, _ = moderators
    outcomes = race(
        app,
        lambda moderator, item: services.merge_company(moderator, item[1], company.slug),
        lambda moderator, item: services.approve_complaint(moderator, item[0]),
        lambda: ((db.session.get(Complaint, complaint_id), db.session.get(Company, proposed_id)),
                 db.session.get(User, mod_a.id)),
    )
    assert sorted(outcomes) == ["AlreadyHandled", "ok"], outcomes
    with app.app_context():
        complaint = db.session.get(Complaint, complaint_id)
        for company_row in db.session.scalars(select(Company)):
            published = _count(Complaint, Complaint.company_id == company_row.id,
                               Complaint.status.in_(["open", "answered", "resolved"]))
            assert company_row.published_count == published, company_row.name
        proposed = db.session.get(Company, proposed_id)
        if proposed.status == CompanyStatus.MERGED:
            assert complaint.company_id == company.id
