"""Personal access tokens: made on the team page (or `flask api-tokens create`), shown once,
kept as a hash, listed with when each was last used, revoked by their maker or the owner.

A token is `hdh_` and 43 URL-safe characters (256 random bits). The API finds it by the
SHA-256 of the whole string; the row keeps no way back to the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from complaints import permissions
from complaints.accounts.models import User
from complaints.api.models import ApiToken, Scope
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _

PREFIX = "hdh_"
SHOWN_PREFIX = len(PREFIX) + 8
NAME_MAX = 80
TOKENS_PER_PERSON = 20
# `last_used_at` is written at most this often per token, so a busy integration does not
# write a row on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


def create_token(user: User, company: Company, *, name: str,
                 scope: Scope | str = Scope.READ) -> tuple[ApiToken, str]:
    """A new token of `user` for `company`'s inbox; returns the row and the secret, which is
    shown this once."""
    if not permissions.can_manage_api_tokens(user, company):
        raise NotAllowed(_("Only the company's representatives make tokens."))
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= NAME_MAX:
        raise DomainError(_("Give the token a name of 1 to %(max)d characters, such as the "
                            "tool that uses it.", max=NAME_MAX), "name")
    try:
        scope = Scope(scope)
    except ValueError:
        raise DomainError(_("Choose read or read and write."), "scope") from None
    active = db.session.scalar(select(db.func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.company_id == company.id,
        ApiToken.revoked_at.is_(None)))
    if active >= TOKENS_PER_PERSON:
        raise DomainError(_("You have %(count)d tokens for this company. Revoke one you no "
                            "longer use first.", count=active))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(company_id=company.id, user_id=user.id, name=name, scope=scope,
                     token_hash=_digest(secret), prefix=secret[:SHOWN_PREFIX])
    db.session.add(token)
    db.session.commit()
    return token, secret


def revoke_token(user: User, token: ApiToken) -> None:
    if not permissions.can_revoke_api_token(user, token):
        raise NotAllowed(_("You cannot revoke this token."))
    if token.is_revoked:
        raise AlreadyHandled(_("This token was already revoked."))
    token.revoked_at = utcnow()
    db.session.commit()


def tokens_for(user: User, company: Company) -> list[ApiToken]:
    """The tokens the team page lists: the owner sees the whole team's, others their own.
    Revoked ones stay listed for a month, so a team can see what stopped working."""
    query = select(ApiToken).where(
        ApiToken.company_id == company.id,
        ApiToken.revoked_at.is_(None) | (ApiToken.revoked_at > utcnow() - timedelta(days=30)))
    if not permissions.is_owner(user, company):
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query.order_by(ApiToken.revoked_at.is_not(None),
                                                  ApiToken.created_at.desc(), ApiToken.id)))


def authenticate(secret: str) -> ApiToken | None:
    """The token this secret is, if it still works; notes when it was used."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    digest = _digest(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if not permissions.api_token_works(token):
        return None
    now = utcnow()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id)
                           .values(last_used_at=now),
                           execution_options={"synchronize_session": False})
        db.session.commit()
    return token
