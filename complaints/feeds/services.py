"""Following companies: follow, unfollow, and the mail followers get at once or daily."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases import queries as case_queries
from complaints.cases.models import Complaint
from complaints.clock import dutch_day, utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.errors import DomainError, NotAllowed
from complaints.extensions import db
from complaints.feeds.models import Follow, FollowMode
from complaints.feeds.queries import follow_of
from complaints.formats import gettext as _
from complaints.notifications.outbox import queue_mail

# A complaint is published (published_at set) a moment before its transaction commits; the
# digest leaves the last minutes for the next run so such a complaint is never skipped.
DIGEST_SETTLE = timedelta(minutes=10)
DIGEST_LIST_MAX = 20  # complaints listed per company; the company page has the rest
DIGEST_BATCH = 200  # people per transaction


def follow(user: User, company: Company, mode: str) -> Follow:
    """Follow a listed company, or change how: INSTANT mails each newly published complaint,
    DAILY sends one digest a day on days with something new.

    Following again with the other mode changes the mode; a switch to DAILY starts the
    digest from now, so nothing already mailed one by one comes again.
    """
    if not permissions.can_follow(user, company):
        raise NotAllowed(_("You cannot follow this company."))
    try:
        mode = FollowMode(mode)
    except ValueError:
        raise DomainError(_("Choose how often you want e-mail."), "mode") from None
    row = follow_of(user, company.id)
    if row is None:
        row = Follow(user_id=user.id, company_id=company.id, mode=mode, created_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # the same person clicked in two tabs at once
            row = follow_of(user, company.id)
    if row.mode != mode:
        row.mode = mode
        if mode == FollowMode.DAILY:
            row.digest_through = utcnow()
    db.session.commit()
    return row


def unfollow(user: User, company: Company) -> bool:
    """Stop following; True when there was something to stop. Needs no permission beyond
    being signed in: a blocked person can always stop the mail."""
    row = follow_of(user, company.id)
    if row is not None:
        db.session.delete(row)
    db.session.commit()
    return row is not None


def _receives_mail(user: User) -> bool:
    """Mail about followed companies goes only to verified addresses of existing accounts,
    so nobody can make the site mail a stranger by following with their address."""
    return not user.is_deleted and user.is_verified


def notify_followers(complaint: Complaint) -> int:
    """Queue one e-mail to each person who follows the complaint's company at once (INSTANT)
    when the complaint is published; returns how many were queued.

    Part of the caller's transaction (the moderation service commits): the mail leaves only
    if the publication is saved. The author is not told about their own complaint. The
    dedupe key makes a second call for the same complaint queue nothing.
    """
    company = complaint.company
    followers = db.session.scalars(
        select(User).join(Follow, Follow.user_id == User.id)
        .where(Follow.company_id == complaint.company_id, Follow.mode == FollowMode.INSTANT,
               User.id != complaint.author_id)
        .order_by(User.id))
    complaint_url = url_for("cases.show", complaint_id=complaint.id, _external=True)
    company_url = url_for("companies.show", slug=company.slug, _external=True)
    queued = 0
    for user in followers.all():
        if not _receives_mail(user):
            continue
        message = queue_mail(user.email, "followed_complaint", locale=user.locale,
                             dedupe_key=f"followed:{complaint.id}:{user.id}", user=user,
                             complaint=complaint, complaint_url=complaint_url,
                             company_url=company_url)
        queued += message is not None
    return queued


@dataclass
class DigestSection:
    company: Company
    company_url: str
    complaints: list[tuple[Complaint, str]]  # (complaint, absolute URL), newest first
    more: bool  # more new complaints than listed


def send_digests(now: datetime | None = None) -> int:
    """Send the daily digest to each person who follows companies DAILY: one e-mail per
    person per (Dutch) day, listing the complaints about those companies published since
    the last digest (or since they followed). Returns how many were queued.

    Nothing new, no mail. Each follow's `digest_through` moves on only when the digest was
    queued; when today's digest already went (key "digest:<user id>:<day>", so running the
    job again the same day sends nothing twice), complaints published since wait for
    tomorrow's. Commits per batch of people.
    """
    now = now or utcnow()
    until = now - DIGEST_SETTLE
    day = dutch_day(now).isoformat()
    queued = 0
    last_user_id = 0
    while True:
        user_ids = db.session.scalars(
            select(Follow.user_id).distinct()
            .where(Follow.mode == FollowMode.DAILY, Follow.user_id > last_user_id)
            .order_by(Follow.user_id).limit(DIGEST_BATCH)).all()
        if not user_ids:
            return queued
        for user_id in user_ids:
            queued += _send_digest(db.session.get(User, user_id), day, until)
        db.session.commit()
        last_user_id = user_ids[-1]


def _send_digest(user: User, day: str, until: datetime) -> int:
    if not _receives_mail(user):
        return 0
    follows = db.session.scalars(
        select(Follow).join(Follow.company)
        .where(Follow.user_id == user.id, Follow.mode == FollowMode.DAILY,
               Company.status == CompanyStatus.LISTED)
        .order_by(Company.name_key, Company.id)).all()
    sections = []
    for row in follows:
        since = row.digest_through or row.created_at
        new = list(db.session.scalars(
            case_queries.published(company_id=row.company_id)
            .where(Complaint.published_at > since, Complaint.published_at <= until,
                   Complaint.author_id != user.id)
            .limit(DIGEST_LIST_MAX + 1)).unique())
        if new:
            sections.append(DigestSection(
                company=row.company,
                company_url=url_for("companies.show", slug=row.company.slug, _external=True),
                complaints=[(c, url_for("cases.show", complaint_id=c.id, _external=True))
                            for c in new[:DIGEST_LIST_MAX]],
                more=len(new) > DIGEST_LIST_MAX))
    if not sections:
        return 0
    message = queue_mail(user.email, "follow_digest", locale=user.locale,
                         dedupe_key=f"digest:{user.id}:{day}", user=user, sections=sections,
                         account_url=url_for("accounts.account", _external=True))
    if message is None:
        return 0
    for row in follows:
        row.digest_through = until
    return 1
