"""Next steps: when a complaint is stuck (a deadlock), and which bodies the author can take it to.

A complaint is stuck when the company let its answer deadline pass without a word, when it is
still unresolved eight weeks after publication, or when the author says the company's answer
is final and they disagree. Then the author is shown the bodies of the reference table that fit
the company (its sector and declared memberships) and the complaint (its category). Moderators
keep that table: `save_body` adds or changes a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases.models import Category, Complaint
from complaints.cases.workflow import UNRESOLVED_STATUSES
from complaints.clock import utcnow
from complaints.companies import services as companies
from complaints.companies.models import Company, Sector
from complaints.errors import DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.outcomes.models import BodyKind, CompanyMembership, EscalationBody

UNRESOLVED_FOR = timedelta(weeks=8)  # published this long and still unresolved: stuck
# The order the author reads the routes in: settle it first, report it, the court last.
KIND_ORDER = (BodyKind.DISPUTES, BodyKind.OMBUDSMAN, BodyKind.REGULATOR, BodyKind.PRIVACY,
              BodyKind.ADVICE, BodyKind.COURT)


class Deadlock(StrEnum):
    NO_REPLY = "no_reply"
    UNRESOLVED = "unresolved"
    FINAL_ANSWER = "final_answer"


DEADLOCK_LABELS = {
    Deadlock.NO_REPLY: _l("The company did not reply before its answer deadline."),
    Deadlock.UNRESOLVED: _l("The complaint is still not resolved, eight weeks after it was "
                            "published."),
    Deadlock.FINAL_ANSWER: _l("You said the company's answer is final and you do not agree "
                              "with it."),
}


def deadlock(complaint: Complaint, now: datetime | None = None) -> list[Deadlock] | None:
    """Why the complaint is stuck, in the order above, or None when it is not (yet).

    Only an unresolved published complaint (open or answered) can be stuck; a resolved one is
    not, and resolving clears a disputed final answer."""
    if complaint.status not in UNRESOLVED_STATUSES or complaint.published_at is None:
        return None
    now = now or utcnow()
    reasons = []
    if complaint.missed_deadline(now):
        reasons.append(Deadlock.NO_REPLY)
    if now - complaint.published_at >= UNRESOLVED_FOR:
        reasons.append(Deadlock.UNRESOLVED)
    if complaint.final_answer_disputed_at is not None:
        reasons.append(Deadlock.FINAL_ANSWER)
    return reasons or None


def _ordered(bodies) -> list[EscalationBody]:
    rank = {kind.value: n for n, kind in enumerate(KIND_ORDER)}
    return sorted(bodies, key=lambda b: (rank.get(b.kind, len(rank)), b.position, b.id))


def _fits_sector(body: EscalationBody, sector_id: int) -> bool:
    return not body.sectors or any(s.id == sector_id for s in body.sectors)


def bodies_for(complaint: Complaint) -> list[EscalationBody]:
    """The active bodies that fit the complaint: its company's sector (a body without sectors
    fits every sector), its category (likewise), and for a body that takes only its members,
    the company's declared membership. Disputes bodies first, the court last."""
    company = complaint.company
    members = set(db.session.scalars(select(CompanyMembership.body_id).where(
        CompanyMembership.company_id == company.id)))
    bodies = db.session.scalars(
        select(EscalationBody).where(EscalationBody.active.is_(True))
        .options(selectinload(EscalationBody.sectors), selectinload(EscalationBody.categories)))
    return _ordered(
        body for body in bodies
        if _fits_sector(body, company.sector_id)
        and (not body.categories or any(c.id == complaint.category_id for c in body.categories))
        and (not body.membership_required or body.id in members))


def membership_bodies(company: Company) -> list[EscalationBody]:
    """The bodies a company can declare itself a member of on its profile: the active ones
    that take only members and fit its sector, plus any it declared before (so a change to
    the table does not silently drop a declaration from the form)."""
    declared = set(declared_memberships(company))
    bodies = db.session.scalars(select(EscalationBody).where(
        EscalationBody.membership_required.is_(True)))
    return _ordered(body for body in bodies
                    if body.id in declared
                    or (body.active and _fits_sector(body, company.sector_id)))


def declared_memberships(company: Company) -> list[int]:
    return list(db.session.scalars(select(CompanyMembership.body_id).where(
        CompanyMembership.company_id == company.id)))


def member_of(company: Company) -> list[EscalationBody]:
    """The active bodies the company says it is a member of, for its public page."""
    return _ordered(db.session.scalars(
        select(EscalationBody).join(CompanyMembership,
                                    CompanyMembership.body_id == EscalationBody.id)
        .where(CompanyMembership.company_id == company.id, EscalationBody.active.is_(True))))


def set_memberships(company: Company, body_ids: list[int]) -> None:
    """The company's declared memberships become `body_ids` (part of saving the profile,
    which commits). Only bodies offered on the profile can be chosen."""
    wanted = set(body_ids)
    allowed = {body.id for body in membership_bodies(company)}
    if not wanted <= allowed:
        raise DomainError(_("Choose from the list."), "memberships")
    current = {row.body_id: row for row in db.session.scalars(
        select(CompanyMembership).where(CompanyMembership.company_id == company.id))}
    for body_id, row in current.items():
        if body_id not in wanted:
            db.session.delete(row)
    for body_id in wanted - current.keys():
        db.session.add(CompanyMembership(company_id=company.id, body_id=body_id))


# --- the reference table, kept by moderators -------------------------------------------------

def all_bodies() -> list[EscalationBody]:
    return _ordered(db.session.scalars(select(EscalationBody)))


@dataclass
class BodyDraft:
    name: str
    kind: str
    url: str
    description_nl: str
    description_en: str
    cost_nl: str
    cost_en: str
    time_limit_nl: str
    time_limit_en: str
    sector_ids: list[int]
    category_ids: list[int]
    membership_required: bool
    active: bool
    position: int


NAME_MAX, URL_MAX, TEXT_MAX = 160, 300, 1000


def _checked(draft: BodyDraft) -> BodyDraft:
    draft.name = " ".join((draft.name or "").split())
    if not 2 <= len(draft.name) <= NAME_MAX:
        raise DomainError(_("A name has 2 to %(max)d characters.", max=NAME_MAX), "name")
    if draft.kind not in set(BodyKind):
        raise DomainError(_("Choose a kind."), "kind")
    draft.url = (draft.url or "").strip()
    parts = urlsplit(draft.url)
    if (parts.scheme != "https" or not parts.hostname or "." not in parts.hostname
            or len(draft.url) > URL_MAX or any(c.isspace() for c in draft.url)):
        raise DomainError(_("Fill in a web address that starts with https://."), "url")
    for name in ("description_nl", "description_en", "cost_nl", "cost_en", "time_limit_nl",
                 "time_limit_en"):
        value = (getattr(draft, name) or "").strip()
        if not value:
            raise DomainError(_("Fill this in, in both languages."), name)
        if len(value) > TEXT_MAX:
            raise DomainError(_("At most %(max)d characters.", max=TEXT_MAX), name)
        setattr(draft, name, value)
    if not 0 <= draft.position <= 1000:
        raise DomainError(_("Fill in a number from %(min)d to %(max)d.", min=0, max=1000),
                          "position")
    return draft


def save_body(moderator: User, draft: BodyDraft, body: EscalationBody | None = None
              ) -> EscalationBody:
    """Add a body to the table (`body` None) or change one. Moderators only; a web address
    must be https, the texts are in both languages. A body is never deleted (escalations
    point to it): switch it off with `active`."""
    if not permissions.can_moderate(moderator):
        raise NotAllowed(_("Only moderators keep the list of bodies."))
    draft = _checked(draft)
    sectors = list(db.session.scalars(select(Sector).where(Sector.id.in_(draft.sector_ids))))
    categories = list(db.session.scalars(select(Category).where(
        Category.id.in_(draft.category_ids))))
    if len(sectors) != len(set(draft.sector_ids)):
        raise DomainError(_("Choose from the list."), "sectors")
    if len(categories) != len(set(draft.category_ids)):
        raise DomainError(_("Choose from the list."), "categories")
    if body is None:
        slug = companies.slugify(draft.name)[:56] or "body"
        taken = set(db.session.scalars(select(EscalationBody.slug)))
        base, n = slug, 2
        while slug in taken:
            slug = f"{base[:52]}-{n}"
            n += 1
        body = EscalationBody(slug=slug)
        db.session.add(body)
    for name in ("name", "kind", "url", "description_nl", "description_en", "cost_nl",
                 "cost_en", "time_limit_nl", "time_limit_en", "membership_required", "active",
                 "position"):
        setattr(body, name, getattr(draft, name))
    body.sectors = sectors
    body.categories = categories
    db.session.commit()
    return body
