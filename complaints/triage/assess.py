"""Triage at submission: gather a story's risk signals, store them with its risk level, and
group it with the stories that have nearly the same text.

`assess` runs in the transaction of the submission (and of the author's edit), so a story is
never in the queue without its level. Its cost is one MinHash and a handful of indexed
look-ups: the near-duplicates by their shared band keys, and a count of the company's waiting
stories along (company_id, status), which grows with a storm but stays a few milliseconds at
6,000 waiting (`make bench` measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, delete, func, select, union, update

from complaints import pii
from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.figures.models import CompanyFigures
from complaints.figures.services import STORM_FACTOR, STORM_MINIMUM
from complaints.moderation.models import ModAction, ModerationAction
from complaints.triage import duplicates, signals
from complaints.triage.models import (
    ComplaintRisk,
    DuplicateGroup,
    NearDuplicateKey,
    RiskLevel,
    RiskWord,
)

# Stories older than this are not compared with new ones (and their keys can go).
CANDIDATE_WINDOW = timedelta(days=30)
# The latest stories per band key a new one is compared with: enough to see a campaign (3 new
# accounts) and its group; its reason then counts "nearly the same as" up to about this many.
PER_KEY = 50
# An account this young when its story came counts as new for a campaign.
CAMPAIGN_ACCOUNT_AGE = timedelta(days=7)
# Stories a group can hold: waiting, or public (a waiting one can become "ik ook" on it).
GROUPED_STATUSES = frozenset({Status.PENDING, *PUBLIC_STATUSES})


@dataclass(frozen=True)
class Candidate:
    complaint_id: int
    author_id: int
    status: str
    group_id: int | None
    new_account: bool
    signals: list


def terms() -> list[signals.Term]:
    return [signals.Term(word.term, word.severity)
            for word in db.session.scalars(select(RiskWord).order_by(RiskWord.id))]


def assess(complaint: Complaint, *, now: datetime | None = None) -> ComplaintRisk:
    """Store the complaint's signals and risk level; group it with its near-duplicates and,
    when new accounts send nearly the same text, raise the whole group as a possible
    campaign. In the caller's transaction (the complaint must have its id)."""
    now = now or utcnow()
    author = complaint.author
    text = "\n".join((complaint.title, complaint.body_source, complaint.desired_outcome or ""))
    found: list[dict] = []

    findings = pii.scan_complaint(complaint)
    if findings:
        found.append(signals.signal("personal_data", kinds=sorted(
            {str(finding.kind) for fields in findings.values() for finding in fields})))
    redacted = sum((complaint.pii_redactions or {}).values())
    if redacted:
        found.append(signals.signal("redacted", count=redacted))

    hours = max(int((now - author.created_at).total_seconds() // 3600), 0)
    if hours < signals.NEW_ACCOUNT_HOURS:
        found.append(signals.signal("new_account", hours=hours))
    found.extend(_history(author, complaint.id))

    domains = [d.domain for d in complaint.company.domains]
    for check in (signals.links(text, domains), signals.shouting(
            f"{complaint.title}\n{complaint.body_source}")):
        if check:
            found.append(check)
    found.extend(signals.wording(text, terms()))

    signature = duplicates.signature(f"{complaint.title}\n{complaint.body_source}")
    keys = duplicates.band_keys(signature)
    near = _near_duplicates(complaint, signature, keys, now)
    same_author = [c for c in near if c.author_id == complaint.author_id]
    others = [c for c in near if c.author_id != complaint.author_id]
    if same_author:
        found.append(signals.signal("same_author_duplicate", count=len(same_author)))
    new_accounts = {c.author_id for c in others if c.new_account}
    if now - author.created_at <= CAMPAIGN_ACCOUNT_AGE:
        new_accounts.add(author.id)
    campaign = len(new_accounts) >= signals.CAMPAIGN_ACCOUNTS
    if campaign:
        found.append(signals.signal("campaign", accounts=len(new_accounts)))
    elif others:
        found.append(signals.signal("near_duplicate", count=len(others)))

    storm = _storm(complaint.company_id)
    if storm:
        found.append(signals.signal("company_storm", waiting=storm))

    risk = db.session.get(ComplaintRisk, complaint.id) or ComplaintRisk(
        complaint_id=complaint.id)
    group = _group(risk, near)
    if group is not None and group.held_at is not None:
        found.append(signals.signal("held_campaign"))
    risk.signals, risk.signature, risk.assessed_at = found, signature, now
    risk.group_id = group.id if group is not None else None
    db.session.add(risk)
    complaint.risk_level = signals.level(found)

    db.session.execute(delete(NearDuplicateKey).where(
        NearDuplicateKey.complaint_id == complaint.id))
    db.session.execute(NearDuplicateKey.__table__.insert(), [
        {"complaint_id": complaint.id, "key": key, "created_at": now} for key in keys])
    if campaign:
        _raise_campaign([c for c in near if c.status == Status.PENDING], len(new_accounts))
    return risk


def _history(author: User, complaint_id: int) -> list[dict]:
    """Rejections, removals and blocks of the author's earlier stories and account."""
    counts = dict(db.session.execute(
        select(Complaint.status, func.count()).where(
            Complaint.author_id == author.id, Complaint.id != complaint_id,
            Complaint.status.in_([Status.REJECTED, Status.REMOVED]))
        .group_by(Complaint.status)).all())
    found = []
    rejected, removed = counts.get(Status.REJECTED, 0), counts.get(Status.REMOVED, 0)
    if rejected == 1:
        found.append(signals.signal("earlier_rejections", count=1))
    elif rejected > 1:
        found.append(signals.signal("rejection_history", count=rejected))
    if removed:
        found.append(signals.signal("removal_history", count=removed))
    if db.session.scalar(select(ModerationAction.id).where(
            ModerationAction.user_id == author.id,
            ModerationAction.action == ModAction.BAN).limit(1)) is not None:
        found.append(signals.signal("ban_history"))
    return found


def _near_duplicates(complaint: Complaint, signature: bytes, keys: list[int],
                     now: datetime) -> list[Candidate]:
    """Recent stories sharing a band key with this one whose texts are nearly the same: per
    key the latest PER_KEY, so a campaign of thousands of copies costs each new copy the same
    few look-ups along ix_near_duplicate_keys_key (key, id), not a comparison with all."""
    params = {f"key_{n}": key for n, key in enumerate(keys)}
    rows = db.session.execute(_candidates(len(keys)), {
        **params, "since": now - CANDIDATE_WINDOW, "complaint": complaint.id})
    return [Candidate(row.complaint_id, row.author_id, row.status, row.group_id,
                      row.submitted_at - row.created_at <= CAMPAIGN_ACCOUNT_AGE,
                      list(row.signals or []))
            for row in rows if duplicates.similarity(signature, row.signature) >= duplicates.NEAR]


@lru_cache(maxsize=4)
def _candidates(bands: int):
    """The statement `_near_duplicates` runs, made once: one sub-select per band key (the
    keys, the window's start and the story itself are bound at each run), so each submission
    only binds values instead of building sixteen sub-selects again."""
    since, itself = bindparam("since"), bindparam("complaint")
    latest = [select(NearDuplicateKey.complaint_id)
              .where(NearDuplicateKey.key == bindparam(f"key_{n}"),
                     NearDuplicateKey.created_at >= since,
                     NearDuplicateKey.complaint_id != itself)
              .order_by(NearDuplicateKey.id.desc()).limit(PER_KEY).subquery()
              for n in range(bands)]
    sharing = union(*(select(found.c.complaint_id) for found in latest))
    return (select(ComplaintRisk.complaint_id, ComplaintRisk.signature, ComplaintRisk.group_id,
                   ComplaintRisk.signals, Complaint.author_id, Complaint.status,
                   Complaint.submitted_at, User.created_at)
            .join(Complaint, Complaint.id == ComplaintRisk.complaint_id)
            .join(User, User.id == Complaint.author_id)
            .where(ComplaintRisk.complaint_id.in_(sharing),
                   Complaint.status.in_(sorted(GROUPED_STATUSES | {Status.REJECTED}))))


def _group(risk: ComplaintRisk, near: list[Candidate]) -> DuplicateGroup | None:
    """The group of this story and its near-duplicates that are waiting or public: the
    oldest held group among them, else the oldest (others merge into it, so a hold is never
    lifted by a story that bridges two groups), or a new one."""
    members = [c for c in near if c.status in GROUPED_STATUSES]
    if not members:
        return None
    group_ids = {c.group_id for c in members if c.group_id is not None}
    if risk.group_id is not None:
        group_ids.add(risk.group_id)
    if group_ids:
        held = db.session.scalar(select(func.min(DuplicateGroup.id)).where(
            DuplicateGroup.id.in_(group_ids), DuplicateGroup.held_at.is_not(None)))
        group = db.session.get(DuplicateGroup, held or min(group_ids))
    else:
        group = DuplicateGroup()
        db.session.add(group)
        db.session.flush()
    loose = [c.complaint_id for c in members if c.group_id != group.id]
    condition = ComplaintRisk.complaint_id.in_(loose)
    if group_ids - {group.id}:
        condition = condition | ComplaintRisk.group_id.in_(group_ids - {group.id})
    if loose or group_ids - {group.id}:
        db.session.execute(update(ComplaintRisk).where(condition).values(group_id=group.id),
                           execution_options={"synchronize_session": False})
    return group


def _raise_campaign(waiting: list[Candidate], accounts: int) -> None:
    """Put the waiting near-duplicates in the high lane with the reason "possible campaign"
    (their version moves: a moderator's page that showed them in another lane is stale).
    Those raised already are left alone, and rows are changed in id order, so the copies of
    one campaign arriving at once neither rewrite each other nor deadlock."""
    waiting = sorted((c for c in waiting
                      if not any(s.get("code") == "campaign" for s in c.signals)),
                     key=lambda c: c.complaint_id)
    for candidate in waiting:
        kept = [s for s in candidate.signals if s.get("code") != "near_duplicate"]
        kept.append(signals.signal("campaign", accounts=accounts))
        db.session.execute(update(ComplaintRisk)
                           .where(ComplaintRisk.complaint_id == candidate.complaint_id)
                           .values(signals=kept),
                           execution_options={"synchronize_session": False})
    for candidate in waiting:
        db.session.execute(
            update(Complaint).where(Complaint.id == candidate.complaint_id,
                                    Complaint.status == Status.PENDING)
            .values(risk_level=RiskLevel.HIGH, version_id=Complaint.version_id + 1),
            execution_options={"synchronize_session": False})


def _storm(company_id: int) -> int:
    """How many stories about the company wait, when that is a storm (the home page's storm
    alert is on, or at least 10 wait and 3× its weekly mean of published complaints); else 0."""
    waiting = db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.company_id == company_id, Complaint.status == Status.PENDING)) or 0
    figures = db.session.execute(
        select(CompanyFigures.storm, CompanyFigures.weekly_mean)
        .where(CompanyFigures.company_id == company_id, CompanyFigures.window == "all")).first()
    alert, mean = (bool(figures.storm), figures.weekly_mean) if figures else (False, 0.0)
    if alert or (waiting >= STORM_MINIMUM and waiting >= STORM_FACTOR * mean):
        return waiting
    return 0


def forget(complaint_id: int) -> None:
    """Drop what triage derived from a complaint's text (its signals and MinHash), when the
    text itself is erased; its risk level stays (it says nothing about what was written)."""
    db.session.execute(delete(NearDuplicateKey).where(
        NearDuplicateKey.complaint_id == complaint_id))
    db.session.execute(update(ComplaintRisk).where(ComplaintRisk.complaint_id == complaint_id)
                       .values(signals=[], signature=b"", group_id=None),
                       execution_options={"synchronize_session": False})


def forget_old_keys(now: datetime) -> int:
    """Delete the near-duplicate keys of stories older than CANDIDATE_WINDOW (they are never
    compared again), along ix_near_duplicate_keys_created_at; `jobs run` calls this."""
    result = db.session.execute(
        delete(NearDuplicateKey).where(NearDuplicateKey.created_at < now - CANDIDATE_WINDOW),
        execution_options={"synchronize_session": False})
    return result.rowcount or 0
