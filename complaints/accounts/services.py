"""Account operations: register, verify, authenticate, reset and change passwords.

Each public function is one transaction. Messages that could tell a stranger whether an
address has an account (log in, reset, register) read the same either way.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from complaints.accounts.models import SiteRole, User, new_session_stamp
from complaints.accounts.tokens import InvalidToken, make_token, read_token
from complaints.clock import utcnow
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.notifications.outbox import queue_mail

VERIFY = "verify-email"
RESET = "reset-password"

# Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong
# password and timing does not reveal which addresses have accounts.
_DUMMY_HASH: dict[str, str] = {}


def normalize_email(raw: str) -> str:
    try:
        result = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise DomainError(_("This is not a valid e-mail address."), "email") from error
    return result.normalized.lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def register_user(email: str, display_name: str, password: str, *, locale: str) -> User | None:
    """Create an unverified consumer account and mail the verification link.

    When the address already has an account, nothing is created; its owner gets a mail
    saying so (with a way to reset the password) and the caller shows the same page as for a
    new account. Returns the new user, or None when the address was taken.
    """
    email = normalize_email(email)
    display_name = " ".join(display_name.split())
    existing = find_user_by_email(email)
    if existing is None:
        user = User(email=email, display_name=display_name, password_hash=hash_password(password),
                    role=SiteRole.CONSUMER, locale=locale)
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            existing = find_user_by_email(email)
        else:
            send_verification(user)
            db.session.commit()
            return user
    if existing is not None:
        queue_mail(existing.email, "account_exists", locale=existing.locale, user=existing,
                   reset_url=url_for("accounts.reset_request", _external=True))
        db.session.commit()
    return None


def send_verification(user: User) -> None:
    """Queue the verification mail in the caller's transaction; the caller commits."""
    token = make_token(VERIFY, {"uid": user.id, "email": user.email})
    queue_mail(user.email, "verify_email", locale=user.locale, user=user,
               verify_url=url_for("accounts.verify_email", token=token, _external=True))


def resend_verification(user: User) -> None:
    if user.is_verified:
        raise DomainError(_("Your e-mail address is already verified."))
    send_verification(user)
    db.session.commit()


def verify_email(token: str) -> User:
    """Mark the address in a signed verification link as verified (idempotent)."""
    try:
        payload = read_token(VERIFY, token, current_app.config["EMAIL_VERIFY_MAX_AGE"])
    except InvalidToken as error:
        message = (_("This verification link has expired. Sign in to get a new one.")
                   if error.expired else _("This verification link is not valid."))
        raise DomainError(message) from error
    user = db.session.get(User, payload.get("uid")) if isinstance(payload.get("uid"), int) else None
    if user is None or user.email != payload.get("email"):
        raise DomainError(_("This verification link is not valid."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
    return user


def authenticate(email: str, password: str) -> User:
    """The user with this e-mail and password, or one error message for every failure."""
    refusal = DomainError(_("The e-mail address or password is not correct."))
    try:
        email = normalize_email(email)
    except DomainError:
        raise refusal from None
    user = find_user_by_email(email)
    if user is None:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = hash_password("not a real password")
        check_password_hash(_DUMMY_HASH["hash"], password)
        raise refusal
    if not check_password_hash(user.password_hash, password):
        raise refusal
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link when the address has an account; say nothing either way."""
    try:
        email = normalize_email(email)
    except DomainError:
        return
    user = find_user_by_email(email)
    if user is None:
        return
    token = make_token(RESET, {"uid": user.id, "stamp": user.session_stamp})
    queue_mail(user.email, "reset_password", locale=user.locale, user=user,
               reset_url=url_for("accounts.reset_password", token=token, _external=True))
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    """The user a reset link is for. A link works once: using it changes the session stamp."""
    try:
        payload = read_token(RESET, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    except InvalidToken as error:
        message = (_("This reset link has expired. Ask for a new one.")
                   if error.expired else _("This reset link is not valid."))
        raise DomainError(message) from error
    uid = payload.get("uid")
    user = db.session.get(User, uid) if isinstance(uid, int) else None
    if user is None or user.session_stamp != payload.get("stamp"):
        raise DomainError(_("This reset link has already been used or is no longer valid."))
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    _set_password(user, new_password)
    # Following the mailed link proves the address as well.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise DomainError(_("Your current password is not correct."), "current_password")
    _set_password(user, new_password, field="new_password")
    db.session.commit()


def _set_password(user: User, new_password: str, field: str = "password") -> None:
    if new_password.strip().lower() == user.email.lower():
        raise DomainError(_("Do not use your e-mail address as your password."), field)
    user.password_hash = hash_password(new_password)
    # Signs out every other session and voids reset links sent before.
    user.session_stamp = new_session_stamp()


def end_sessions(user: User) -> None:
    """Sign out: every session of the person ends, including a copy of the cookie someone
    took (sessions live in signed cookies, so only the stamp in them can void one)."""
    user.session_stamp = new_session_stamp()
    db.session.commit()


def save_locale(user: User, locale: str) -> None:
    if locale in current_app.config["LANGUAGES"] and user.locale != locale:
        user.locale = locale
        db.session.commit()


def create_user(email: str, *, role: str, password: str, display_name: str | None = None) -> User:
    """Create a verified account from the command line (moderators, admins, test users)."""
    if role not in set(SiteRole):
        raise DomainError(_("Unknown role: %(role)s", role=role), "role")
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise DomainError(_("An account with this e-mail address already exists."), "email")
    user = User(email=email, display_name=display_name or email.split("@")[0][:60],
                password_hash=hash_password(password), role=role, email_verified_at=utcnow())
    db.session.add(user)
    db.session.commit()
    return user


def set_role(email: str, role: str) -> User:
    if role not in set(SiteRole):
        raise DomainError(_("Unknown role: %(role)s", role=role), "role")
    user = find_user_by_email(normalize_email(email))
    if user is None:
        raise DomainError(_("No account has this e-mail address."), "email")
    user.role = role
    db.session.commit()
    return user
