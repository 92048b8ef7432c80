"""The company side: claiming a company, the webcare team, and the company profile.

A claim is proved by a signed link sent to the claimant's work e-mail. When the address is on
one of the company's own web domains (never a webmail domain) following the link approves the
claim; otherwise a moderator decides. The first approved representative owns the profile and
the team. Each service is one transaction; mail is queued in it.
"""

from __future__ import annotations

import re

from flask import current_app, url_for
from sqlalchemy import select, update

from complaints import permissions
from complaints.accounts.models import User
from complaints.accounts.services import normalize_email
from complaints.accounts.tokens import InvalidToken, make_token, read_token
from complaints.clock import utcnow
from complaints.companies.models import Company, CompanyDomain
from complaints.companies.services import normalize_domain
from complaints.dueprocess import statements
from complaints.dueprocess.models import Decision
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.moderation.log import record
from complaints.moderation.models import ModAction
from complaints.notifications.outbox import queue_mail
from complaints.outcomes import next_steps
from complaints.webcare.models import Claim, ClaimStatus, Invitation, Representative

CLAIM_LINK = "claim"
INVITATION_LINK = "team-invitation"
CLAIM_MAX_AGE = 48 * 3600
INVITATION_MAX_AGE = 7 * 24 * 3600
PROMISE_MAX_HOURS = 24 * 30

# Addresses anyone can get: they never prove that someone works for a company.
WEBMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl",
    "live.com", "live.nl", "msn.com", "yahoo.com", "yahoo.nl", "ymail.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "gmx.com", "gmx.net", "gmx.de", "protonmail.com",
    "proton.me", "pm.me", "mail.com", "zoho.com", "yandex.com", "tutanota.com", "tuta.io",
    "fastmail.com", "ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl", "hetnet.nl",
    "xs4all.nl", "chello.nl", "casema.nl", "quicknet.nl", "online.nl", "tele2.nl",
    "telfort.nl", "zeelandnet.nl", "upcmail.nl", "caiway.nl", "kpnplanet.nl", "hccnet.nl",
    "telenet.be", "skynet.be",
})


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL_DOMAINS or any(domain.endswith("." + w) for w in WEBMAIL_DOMAINS)


def company_spoken_for(user: User, prefer_company_id: int | None = None) -> int | None:
    """The company a person speaks for, so a company page can count what its people reported
    to the moderators: `prefer_company_id` (the company of the item they report) when they
    represent it, else the first company whose team they joined, else None."""
    return db.session.scalar(
        select(Representative.company_id)
        .where(Representative.user_id == user.id, Representative.removed_at.is_(None))
        .order_by(Representative.company_id != prefer_company_id,
                  Representative.created_at, Representative.id)
        .limit(1))


def domain_proves(company: Company, address: str) -> bool:
    """Whether an address is on one of the company's own domains (or a subdomain of one)."""
    domain = email_domain(address)
    if is_webmail(domain):
        return False
    return any(domain == d.domain or domain.endswith("." + d.domain) for d in company.domains)


def _clean(text: str | None, field: str, label_max: int = 80) -> str:
    text = " ".join((text or "").split())
    if not 2 <= len(text) <= label_max:
        raise DomainError(_("Fill in 2 to %(max)d characters.", max=label_max), field)
    return text


# --- claims ---------------------------------------------------------------------------------

def start_claim(user: User, company: Company, *, name: str, job_title: str,
                work_email: str) -> Claim:
    """Ask to represent a company; a link to confirm goes to the work e-mail (valid 48 hours)."""
    if not permissions.can_claim(user, company):
        raise NotAllowed(_("You cannot claim this company."))
    name, job_title = _clean(name, "name"), _clean(job_title, "job_title")
    try:
        work_email = normalize_email(work_email)
    except DomainError as error:
        raise DomainError(error.message, "work_email") from error
    waiting = db.session.scalar(select(Claim).where(
        Claim.company_id == company.id, Claim.user_id == user.id,
        Claim.status.in_([ClaimStatus.AWAITING_EMAIL, ClaimStatus.IN_REVIEW])))
    if waiting is not None and waiting.status == ClaimStatus.IN_REVIEW:
        raise DomainError(_("Your claim on this company waits for a moderator."))
    if waiting is not None:  # a new link replaces the old request
        waiting.status = ClaimStatus.REFUSED
        waiting.decided_at = utcnow()
        waiting.refusal_reason = "replaced by a new claim"
    claim = Claim(company_id=company.id, user_id=user.id, name=name, job_title=job_title,
                  work_email=work_email)
    db.session.add(claim)
    db.session.flush()
    token = make_token(CLAIM_LINK, {"claim": claim.id, "email": work_email})
    queue_mail(work_email, "claim_verify", locale=user.locale, claim=claim, company=company,
               confirm_url=url_for("webcare.confirm_claim", token=token, _external=True),
               proves=domain_proves(company, work_email))
    db.session.commit()
    return claim


def confirm_claim(token: str) -> Claim:
    """Follow the link from the work e-mail: approve the claim when the address is on the
    company's domain, else hand it to the moderators. Following it twice changes nothing."""
    try:
        payload = read_token(CLAIM_LINK, token, current_app.config.get(
            "CLAIM_MAX_AGE", CLAIM_MAX_AGE))
    except InvalidToken as error:
        raise DomainError(_("This link has expired: claim the company again to get a new one.")
                          if error.expired else _("This link is not valid.")) from error
    claim_id = payload.get("claim")
    claim = db.session.get(Claim, claim_id) if isinstance(claim_id, int) else None
    if claim is None or claim.work_email != payload.get("email"):
        raise DomainError(_("This link is not valid."))
    if claim.status != ClaimStatus.AWAITING_EMAIL:
        return claim
    now = utcnow()
    claim.email_confirmed_at = now
    if domain_proves(claim.company, claim.work_email):
        _decide(claim, ClaimStatus.APPROVED, moderator=None,
                public_reason=_("The work e-mail address is on the company's own domain."))
    else:
        claim.status = ClaimStatus.IN_REVIEW
        queue_mail(claim.user.email, "claim_in_review", locale=claim.user.locale, claim=claim,
                   company=claim.company)
    db.session.commit()
    return claim


def approve_claim(moderator: User, claim: Claim) -> None:
    """A moderator accepts a claim whose e-mail domain did not prove it."""
    if not permissions.can_review_claims(moderator):
        raise NotAllowed(_("Only moderators can do this."))
    _decide(claim, ClaimStatus.APPROVED, moderator=moderator)
    db.session.commit()


def refuse_claim(moderator: User, claim: Claim, reason: str, *, ground: str) -> None:
    """Refuse a claim in review; the claimant gets a statement of reasons (`reason` is its
    facts, `ground` the house rule or law it rests on) with the appeal link."""
    if not permissions.can_review_claims(moderator):
        raise NotAllowed(_("Only moderators can do this."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Tell the claimant why."), "reason")
    statements.check_ground(ground)
    _decide(claim, ClaimStatus.REFUSED, moderator=moderator, reason=reason)
    statements.issue(Decision.CLAIM_REFUSE, moderator=moderator, facts=reason, ground=ground,
                     user=claim.user, company=claim.company, claim_id=claim.id)
    db.session.commit()


def _decide(claim: Claim, outcome: ClaimStatus, *, moderator: User | None,
            reason: str | None = None, public_reason: str | None = None) -> None:
    """Settle a claim once (a conditional update: two moderators cannot both decide), log it,
    and tell the claimant. Part of the caller's transaction."""
    allowed = [ClaimStatus.IN_REVIEW] if moderator else [ClaimStatus.AWAITING_EMAIL]
    now = utcnow()
    result = db.session.execute(
        update(Claim).where(Claim.id == claim.id, Claim.status.in_(allowed))
        .values(status=outcome, decided_at=now,
                decided_by_id=moderator.id if moderator else None, refusal_reason=reason),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyHandled(_("Another moderator handled this claim a moment ago."))
    db.session.refresh(claim)
    company, user = claim.company, claim.user
    if outcome == ClaimStatus.APPROVED:
        _make_representative(company, user, name=claim.name, job_title=claim.job_title,
                             work_email=claim.work_email, now=now)
        record(ModAction.CLAIM_APPROVE, actor=moderator, company=company, now=now,
               public_reason=public_reason, private_note=f"{claim.name}, {claim.job_title}")
        queue_mail(user.email, "claim_approved", locale=user.locale, claim=claim,
                   company=company,
                   inbox_url=url_for("webcare.inbox", slug=company.slug, _external=True))
    else:
        record(ModAction.CLAIM_REFUSE, actor=moderator, company=company, now=now,
               private_note=f"{claim.name}, {claim.job_title}: {reason}")


def approve_refused_claim(moderator: User, claim: Claim) -> bool:
    """An appeal against a refused claim succeeded: the claim is approved after all, the
    claimant joins the company's team and is told, as if it had been approved at first.

    Part of the caller's transaction; the appeal writes the one log row and commits. Returns
    False, changing nothing, when the claim is no longer refused (a conditional update) or
    its claimant deleted their account since.
    """
    if not permissions.can_review_claims(moderator):
        raise NotAllowed(_("Only moderators can do this."))
    if claim.user.is_deleted:
        return False
    now = utcnow()
    result = db.session.execute(
        update(Claim).where(Claim.id == claim.id, Claim.status == ClaimStatus.REFUSED)
        .values(status=ClaimStatus.APPROVED, decided_at=now, decided_by_id=moderator.id,
                refusal_reason=None),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(claim)
    company, user = claim.company, claim.user
    _make_representative(company, user, name=claim.name, job_title=claim.job_title,
                         work_email=claim.work_email, now=now)
    queue_mail(user.email, "claim_approved", locale=user.locale, claim=claim, company=company,
               inbox_url=url_for("webcare.inbox", slug=company.slug, _external=True))
    return True


def _make_representative(company: Company, user: User, *, name: str, job_title: str,
                         work_email: str, now) -> Representative:
    """Add (or bring back) a member of the team; the first one owns the company profile."""
    has_team = db.session.scalar(select(Representative.id).where(
        Representative.company_id == company.id, Representative.removed_at.is_(None)))
    rep = db.session.scalar(select(Representative).where(
        Representative.company_id == company.id, Representative.user_id == user.id))
    if rep is None:
        rep = Representative(company_id=company.id, user_id=user.id)
        db.session.add(rep)
    rep.name, rep.job_title, rep.work_email = name, job_title, work_email
    rep.removed_at = None
    rep.created_at = now
    rep.is_owner = has_team is None
    if company.claimed_at is None:
        company.claimed_at = now
    permissions.forget_representations()
    return rep


# --- the team -------------------------------------------------------------------------------

def team(company: Company) -> list[Representative]:
    return list(db.session.scalars(
        select(Representative).where(Representative.company_id == company.id,
                                     Representative.removed_at.is_(None))
        .order_by(Representative.is_owner.desc(), Representative.name)))


def open_invitations(company: Company) -> list[Invitation]:
    return list(db.session.scalars(
        select(Invitation).where(Invitation.company_id == company.id,
                                 Invitation.accepted_at.is_(None),
                                 Invitation.cancelled_at.is_(None))
        .order_by(Invitation.created_at)))


def invite_colleague(owner: User, company: Company, email: str) -> Invitation:
    """Invite a colleague by work e-mail; the address must be on the company's domain."""
    if not permissions.can_manage_team(owner, company):
        raise NotAllowed(_("Only the owner of the company profile can invite colleagues."))
    try:
        email = normalize_email(email)
    except DomainError as error:
        raise DomainError(error.message, "email") from error
    if not domain_proves(company, email):
        raise DomainError(_("Invite a work address on one of the company's domains."), "email")
    if any(rep.work_email == email for rep in team(company)):
        raise DomainError(_("This colleague is already in the team."), "email")
    if any(invitation.email == email for invitation in open_invitations(company)):
        raise DomainError(_("This address is already invited."), "email")
    invitation = Invitation(company_id=company.id, invited_by_id=owner.id, email=email)
    db.session.add(invitation)
    db.session.flush()
    token = make_token(INVITATION_LINK, {"invitation": invitation.id, "email": email})
    inviter = permissions.representation(owner, company.id)
    queue_mail(email, "team_invitation", locale=owner.locale, company=company,
               inviter=inviter,
               accept_url=url_for("webcare.accept_invitation", token=token, _external=True))
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> Invitation:
    try:
        payload = read_token(INVITATION_LINK, token, INVITATION_MAX_AGE)
    except InvalidToken as error:
        raise DomainError(_("This invitation has expired: ask your colleague for a new one.")
                          if error.expired else _("This invitation is not valid.")) from error
    invitation_id = payload.get("invitation")
    invitation = db.session.get(Invitation, invitation_id) if isinstance(
        invitation_id, int) else None
    if invitation is None or invitation.email != payload.get("email") or not invitation.is_open:
        raise DomainError(_("This invitation was already used or withdrawn."))
    return invitation


def accept_invitation(user: User, token: str, *, name: str, job_title: str) -> Representative:
    """Join a webcare team with the account you are signed in with."""
    invitation = invitation_for_token(token)
    if not (user.is_verified and not user.is_banned):
        raise NotAllowed(_("Verify your e-mail address first."))
    name, job_title = _clean(name, "name"), _clean(job_title, "job_title")
    company = invitation.company
    if permissions.is_representative(user, company):
        raise DomainError(_("You are already in this team."))
    now = utcnow()
    result = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id,
                                 Invitation.accepted_at.is_(None),
                                 Invitation.cancelled_at.is_(None))
        .values(accepted_at=now, accepted_by_id=user.id),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise DomainError(_("This invitation was already used or withdrawn."))
    rep = _make_representative(company, user, name=name, job_title=job_title,
                               work_email=invitation.email, now=now)
    rep.is_owner = False
    db.session.commit()
    return rep


def cancel_invitation(owner: User, invitation: Invitation) -> None:
    if not permissions.can_manage_team(owner, invitation.company):
        raise NotAllowed(_("Only the owner of the company profile can do this."))
    if not invitation.is_open:
        raise AlreadyHandled(_("This invitation was already used or withdrawn."))
    invitation.cancelled_at = utcnow()
    db.session.commit()


def remove_colleague(owner: User, company: Company, representative: Representative) -> None:
    """Take someone off the team; their earlier replies keep their name. The owner stays."""
    if not permissions.can_manage_team(owner, company):
        raise NotAllowed(_("Only the owner of the company profile can remove colleagues."))
    if representative.company_id != company.id or not representative.is_active:
        raise DomainError(_("This person is not in the team."))
    if representative.is_owner:
        raise DomainError(_("The owner cannot be removed."))
    representative.removed_at = utcnow()
    db.session.commit()
    permissions.forget_representations()


# --- the profile ----------------------------------------------------------------------------

_DOMAIN_SPLIT = re.compile(r"[\s,;]+")


OFFICE_ADDRESS_MAX = Company.__table__.c.office_address.type.length


def update_profile(owner: User, company: Company, *, description: str, website: str,
                   domains: str, contact_channels: str,
                   response_promise_hours: int | None, office_address: str = "",
                   memberships: list[int] | None = None) -> None:
    """The owner keeps the public profile: description, website, web domains (which decide
    future claims), how to reach the company, its office address (public: the personal-data
    guard lets it pass in complaints about the company), how fast it promises to answer, and
    the disputes committees it is a member of (None leaves them as they are)."""
    if not permissions.can_edit_company_profile(owner, company):
        raise NotAllowed(_("Only the owner of the company profile can edit it."))
    website = (website or "").strip()
    site_domain = normalize_domain(website) if website else None
    if website and site_domain is None:
        raise DomainError(_("This is not a web address."), "website")
    wanted: list[str] = []
    for raw in _DOMAIN_SPLIT.split(domains or ""):
        if not raw:
            continue
        domain = normalize_domain(raw)
        if domain is None:
            raise DomainError(_("“%(domain)s” is not a domain name.", domain=raw[:60]), "domains")
        if is_webmail(domain):
            raise DomainError(_("“%(domain)s” is a webmail domain: anyone can have an address "
                                "there.", domain=domain), "domains")
        if domain not in wanted:
            wanted.append(domain)
    if not wanted:
        raise DomainError(_("Keep at least one web domain: claims are checked against it."),
                          "domains")
    taken = db.session.scalar(select(CompanyDomain).where(
        CompanyDomain.domain.in_(wanted), CompanyDomain.company_id != company.id))
    if taken is not None:
        raise DomainError(_("“%(domain)s” belongs to another company on this site.",
                            domain=taken.domain), "domains")
    if response_promise_hours is not None and not 1 <= response_promise_hours <= PROMISE_MAX_HOURS:
        raise DomainError(_("Promise an answer within 1 to %(max)d hours.",
                            max=PROMISE_MAX_HOURS), "response_promise_hours")
    office_address = " ".join((office_address or "").split())
    if len(office_address) > OFFICE_ADDRESS_MAX:
        raise DomainError(_("At most %(max)d characters.", max=OFFICE_ADDRESS_MAX),
                          "office_address")
    if memberships is not None:
        next_steps.set_memberships(company, memberships)
    company.office_address = office_address or None
    company.description = (description or "").strip()
    company.website = f"https://{site_domain}" if site_domain else None
    company.contact_channels = (contact_channels or "").strip()
    company.response_promise_hours = response_promise_hours
    current = {d.domain: d for d in company.domains}
    for domain, row in current.items():
        if domain not in wanted:
            company.domains.remove(row)
    db.session.flush()  # free removed domains before adding (the column is unique)
    for domain in wanted:
        if domain not in current:
            company.domains.append(CompanyDomain(domain=domain))
    db.session.commit()
