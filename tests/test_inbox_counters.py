"""The webcare inbox's stored counters follow every change to a complaint, and its pages,
read from the index in two parts, hold the same rows in the same order as one sorted query."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import UNRESOLVED_STATUSES, Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.moderation import services as moderation
from complaints.threads import services as threads
from complaints.webcare import counters
from complaints.webcare import queries as webcare
from tests.builders import draft, make_complaint, make_representative, make_user


def _recounted(company_id: int) -> dict[str, int]:
    """What each of the company's unresolved complaints waits for, counted in Python."""
    rows = db.session.scalars(select(Complaint).where(
        Complaint.company_id == company_id, Complaint.status.in_(UNRESOLVED_STATUSES)))
    found = Counter(webcare.waits_for(c).value for c in rows)
    counts = {kind.value: found.get(kind.value, 0) for kind in webcare.WaitsFor}
    counts["total"] = sum(counts.values())
    return counts


def _assert_kept(*companies) -> None:
    db.session.expire_all()
    for company in companies:
        stored = counters.counts(db.session.get(Company, company.id))
        assert stored == _recounted(company.id), company.name


def test_the_counters_follow_a_complaint_through_its_whole_life(ctx, consumer, moderator,
                                                                 company):
    rep_user = make_user("wendy@example.nl")
    make_representative(rep_user, company)
    author = db.session.get(User, consumer.id)
    mod = db.session.get(User, moderator.id)
    complaint = cases.submit_complaint(author, draft())
    _assert_kept(company)  # pending: not in the inbox
    moderation.approve_complaint(mod, complaint)
    _assert_kept(company)
    assert counters.counts(db.session.get(Company, company.id))["first_answer"] == 1
    complaint = db.session.get(Complaint, complaint.id)
    threads.post_reply(db.session.get(User, rep_user.id), complaint, "Wij kijken ernaar.")
    _assert_kept(company)
    threads.post_reply(db.session.get(User, consumer.id), db.session.get(Complaint, complaint.id),
                       "Er gebeurt nog steeds niets.")
    _assert_kept(company)
    assert counters.counts(db.session.get(Company, company.id))["replied_again"] == 1
    threads.post_reply(db.session.get(User, rep_user.id), db.session.get(Complaint, complaint.id),
                       "De monteur komt morgen.")
    threads.propose_resolution(db.session.get(User, rep_user.id),
                               db.session.get(Complaint, complaint.id))
    _assert_kept(company)
    assert counters.counts(db.session.get(Company, company.id))["solved_answer"] == 1
    threads.answer_resolution_question(db.session.get(Complaint, complaint.id),
                                       threads.Answer(solved=False))
    _assert_kept(company)
    cases.resolve_complaint(db.session.get(User, consumer.id),
                            db.session.get(Complaint, complaint.id), 4)
    _assert_kept(company)
    assert counters.counts(db.session.get(Company, company.id))["total"] == 0
    cases.reopen_complaint(db.session.get(User, consumer.id),
                           db.session.get(Complaint, complaint.id))
    _assert_kept(company)
    moderation.remove_complaint(db.session.get(User, moderator.id),
                                db.session.get(Complaint, complaint.id), "Op verzoek.",
                                ground="rule:4")
    _assert_kept(company)
    assert figures.rebuild().inbox_counters_fixed == 0


def test_a_merge_moves_the_counters_and_a_rollback_moves_nothing(ctx, consumer, moderator,
                                                                  company):
    author = db.session.get(User, consumer.id)
    complaint = cases.submit_complaint(author, draft(
        "Nieuw Bedrijf", company_choice="new", new_company_sector="telecom"))
    moderation.approve_complaint(db.session.get(User, moderator.id), complaint)
    proposed = db.session.get(Company, complaint.company_id)
    proposed.status = "proposed"
    db.session.commit()
    make_complaint(consumer, company, status=Status.ANSWERED)
    moderation.merge_company(db.session.get(User, moderator.id), proposed, "Belnet Mobiel")
    _assert_kept(company, proposed)
    assert counters.counts(db.session.get(Company, company.id))["total"] == 2
    assert counters.counts(db.session.get(Company, proposed.id))["total"] == 0

    open_one = make_complaint(consumer, company, status=Status.OPEN)
    row = db.session.get(Complaint, open_one.id)
    row.status = Status.WITHDRAWN  # flushed, then rolled back
    db.session.flush()
    db.session.rollback()
    _assert_kept(company)
    assert figures.rebuild().inbox_counters_fixed == 0


def test_the_figures_rebuild_corrects_counters_changed_behind_the_sites_back(
        ctx, consumer, moderator, company):
    make_complaint(consumer, company, status=Status.OPEN)
    db.session.execute(update(Company).where(Company.id == company.id).values(
        inbox_first_answer=7, inbox_consumer=3))
    db.session.commit()
    assert figures.rebuild().inbox_counters_fixed == 1
    _assert_kept(company)


def test_inbox_pages_read_in_two_parts_hold_the_rows_of_one_sorted_query(
        app, client, login, consumer, moderator, company):
    app.config["QUEUE_PER_PAGE"] = 2
    try:
        with app.test_request_context():
            rep_user = make_user("wendy@example.nl")
            make_representative(rep_user, company)
            made = [make_complaint(consumer, company, status=status, days_ago=days)
                    for days, status in enumerate([Status.OPEN, Status.ANSWERED, Status.OPEN,
                                                   Status.ANSWERED, Status.ANSWERED,
                                                   Status.OPEN, Status.RESOLVED])]
            again = db.session.get(Complaint, made[3].id)
            again.awaiting_company_since = utcnow() - timedelta(days=20)
            db.session.commit()
            expected = [c.id for c in db.session.scalars(
                webcare.inbox(db.session.get(Company, company.id)))]
        assert len(expected) == 6
        login(rep_user)
        seen = []
        for number in (1, 2, 3):
            page = client.get(f"/webcare/belnet-mobiel?page={number}")
            assert page.status_code == 200
            seen += [int(i) for i in re.findall(r'href="/complaints/(\d+)"',
                                                page.get_data(as_text=True))]
        assert list(dict.fromkeys(seen)) == expected
        # A page that starts in the second part after an empty first one counts the first.
        page = client.get("/webcare/belnet-mobiel?page=3&status=answered")
        assert page.status_code == 404
        page = client.get("/webcare/belnet-mobiel?page=2&status=answered")
        found = [int(i) for i in re.findall(r'href="/complaints/(\d+)"',
                                            page.get_data(as_text=True))]
        assert list(dict.fromkeys(found)) == [i for i in expected
                                              if i in {made[1].id, made[4].id, made[3].id}][2:]
        assert client.get("/webcare/belnet-mobiel?page=4").status_code == 404
    finally:
        app.config["QUEUE_PER_PAGE"] = 25
