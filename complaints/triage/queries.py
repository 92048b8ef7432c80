"""Read side of triage: the lanes of the moderators' queue with their counts, the reasons of
the stories on a page, and the near-duplicate groups that wait for a decision.

Everything here reads what waits (a storm is thousands of rows, not millions) along the
lanes' index `ix_complaints_status_risk_level_queued_at`; nothing counts published complaints.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.triage import signals
from complaints.triage.assess import CAMPAIGN_ACCOUNT_AGE
from complaints.triage.models import ComplaintRisk, DuplicateGroup, RiskLevel, RiskWord

LANES = (RiskLevel.HIGH, RiskLevel.NORMAL, RiskLevel.LOW)


def _in_lane(level: RiskLevel):
    """One level, so a lane reads `ix_complaints_status_risk_level_queued_at` in order (a
    complaint triage never assessed has the normal level: `Complaint.risk_level`)."""
    return Complaint.risk_level == level


def lane_counts() -> dict[RiskLevel, int]:
    counts = dict.fromkeys(LANES, 0)
    for level, count in db.session.execute(
        select(Complaint.risk_level, func.count()).where(Complaint.status == Status.PENDING)
        .group_by(Complaint.risk_level)
    ):
        counts[RiskLevel(level) if level else RiskLevel.NORMAL] += count
    return counts


def lane(level: RiskLevel) -> Select:
    """A lane's waiting stories, longest waiting first, with their companies' web domains
    (the personal-data scan of each story on the page reads them: one query, not one per
    story)."""
    return (select(Complaint).where(Complaint.status == Status.PENDING, _in_lane(level))
            .options(joinedload(Complaint.company).selectinload(Company.domains))
            .order_by(Complaint.queued_at, Complaint.id))


def longest_waiting_lane(counts: dict[RiskLevel, int]) -> RiskLevel:
    """The lane whose first story has waited longest (nobody waits longest by accident)."""
    oldest = {}
    for level in LANES:
        if counts[level]:
            oldest[level] = db.session.scalar(
                select(Complaint.queued_at).where(Complaint.status == Status.PENDING,
                                                  _in_lane(level))
                .order_by(Complaint.queued_at).limit(1))
    waiting = {level: when for level, when in oldest.items() if when is not None}
    if not waiting:
        return next((level for level in LANES if counts[level]), RiskLevel.HIGH)
    return min(waiting, key=waiting.get)


@dataclass(frozen=True)
class Reason:
    text: str
    severity: str  # signals.INFO, NORMAL or HIGH
    prefix: str  # what a screen reader hears first ("High:")


# Stories in which triage found personal data are scanned and highlighted again on the page;
# in those where the guard replaced it, the markers are highlighted.
SCAN_SIGNALS = frozenset({"personal_data"})
MARKER_SIGNALS = frozenset({"redacted"})


@dataclass
class PageTriage:
    """What a page of stories shows of their triage, read in one query: each story's reasons
    (the weightiest first), its near-duplicate group, and which to scan with the guard again
    (those it found personal data in, and those from before triage) or whose markers to
    highlight. Publishing scans every story anyway; this spares the page the scans of
    stories that had nothing."""

    reasons: dict[int, list[Reason]] = field(default_factory=dict)
    groups: dict[int, int] = field(default_factory=dict)
    scan: set[int] = field(default_factory=set)
    markers: set[int] = field(default_factory=set)


def for_page(complaints: list[Complaint]) -> PageTriage:
    found = PageTriage(reasons={c.id: [] for c in complaints})
    if not complaints:
        return found
    prefixes = {signals.HIGH: _("High:"), signals.NORMAL: _("Look:"),
                signals.INFO: _("For information:")}
    order = {signals.HIGH: 0, signals.NORMAL: 1, signals.INFO: 2}
    assessed = set()
    for complaint_id, stored, group_id in db.session.execute(
        select(ComplaintRisk.complaint_id, ComplaintRisk.signals, ComplaintRisk.group_id)
        .where(ComplaintRisk.complaint_id.in_(found.reasons))
    ):
        assessed.add(complaint_id)
        stored = stored or []
        reasons = [Reason(signals.reason(s), signals.severity(s),
                          prefixes[signals.severity(s)]) for s in stored]
        found.reasons[complaint_id] = sorted(reasons, key=lambda r: order[r.severity])
        if group_id is not None:
            found.groups[complaint_id] = group_id
        codes = {s.get("code") for s in stored}
        if codes & SCAN_SIGNALS:
            found.scan.add(complaint_id)
        elif codes & MARKER_SIGNALS:
            found.markers.add(complaint_id)
    found.scan |= set(found.reasons) - assessed
    return found


def waiting_groups(*, with_total: bool = False) -> Select:
    """Groups with a waiting story and at least one more (waiting, or public to become "ik
    ook" on), the longest waiting first. Rows: (group, waiting count[, how many groups in
    all, `with_total`: the page's count in the same query]). Read from the waiting stories (a
    storm's thousands, never the published million), each group's public member looked up
    along ix_complaint_risks_group_id."""
    waiting = (select(ComplaintRisk.group_id, func.count().label("waiting"),
                      func.min(Complaint.queued_at).label("since"))
               .join(Complaint, Complaint.id == ComplaintRisk.complaint_id)
               .where(Complaint.status == Status.PENDING, ComplaintRisk.group_id.is_not(None))
               .group_by(ComplaintRisk.group_id).subquery())
    public = (select(ComplaintRisk.complaint_id)
              .join(Complaint, Complaint.id == ComplaintRisk.complaint_id)
              .where(ComplaintRisk.group_id == waiting.c.group_id,
                     Complaint.status.in_(PUBLIC_STATUSES)).exists())
    columns = [DuplicateGroup, waiting.c.waiting]
    if with_total:
        columns.append(func.count().over().label("total"))
    return (select(*columns)
            .join(waiting, waiting.c.group_id == DuplicateGroup.id)
            .where(or_(waiting.c.waiting >= 2, public))
            .order_by(waiting.c.since, DuplicateGroup.id))


def waiting_group_count() -> int:
    return db.session.scalar(select(func.count()).select_from(waiting_groups().subquery()))


@dataclass(frozen=True)
class Member:
    complaint: Complaint
    new_account: bool


def members_of(group_ids: list[int]) -> dict[int, list[Member]]:
    """The waiting and public stories of each group, public ones first, then oldest first."""
    found: dict[int, list[Member]] = defaultdict(list)
    if not group_ids:
        return found
    rows = db.session.execute(
        select(ComplaintRisk.group_id, Complaint, User.created_at)
        .join(Complaint, Complaint.id == ComplaintRisk.complaint_id)
        .join(User, User.id == Complaint.author_id)
        .where(ComplaintRisk.group_id.in_(group_ids),
               Complaint.status.in_({Status.PENDING, *PUBLIC_STATUSES}))
        .order_by(Complaint.status == Status.PENDING, Complaint.queued_at, Complaint.id))
    for group_id, complaint, created_at in rows:
        found[group_id].append(Member(complaint, complaint.submitted_at - created_at
                                      <= CAMPAIGN_ACCOUNT_AGE))
    return found


def words() -> list[RiskWord]:
    return list(db.session.scalars(select(RiskWord).order_by(RiskWord.severity, RiskWord.term)))
