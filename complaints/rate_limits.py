"""Every rate limit of the site, named, in one place (like the rules in `permissions`).

A limit counts attempts, not visits: on a page that shows a form (GET) and takes it (POST),
only the POSTs count (`methods=["POST"]`). Limits on what a signed-in person does count per
account (`per_user`), so people behind one address (an office, a phone network) do not share
a budget; the others count per client address, the limiter's default.
"""

from __future__ import annotations

from flask_login import current_user

from complaints.extensions import limiter, rate_limit_key


def per_user() -> str:
    """The signed-in account; a visitor who is not signed in (writing a complaint before
    signing in) by client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return f"address:{rate_limit_key()}"


def _posts(limit: str, **options):
    return limiter.limit(limit, methods=["POST"], **options)


# Accounts, per client address: guessing passwords, mass sign-ups, mail to strangers.
SIGN_UP = _posts("10 per hour")
SIGN_IN = _posts("10 per minute;50 per hour")
PASSWORD_RESET = _posts("5 per minute;20 per hour")
VERIFICATION_MAIL = limiter.limit("5 per hour")
DATA_EXPORT = limiter.limit("10 per hour")
ACCOUNT_DELETION = _posts("10 per hour")

# What a signed-in person writes, per account.
COMPLAINTS = _posts("20 per day", key_func=per_user)
REPLIES = _posts("30 per hour", key_func=per_user)
PRIVATE_MESSAGES = _posts("60 per hour", key_func=per_user)
SUPPORT = _posts("120 per hour", key_func=per_user)
REPORTS = _posts("20 per hour", key_func=per_user)
CLAIMS = _posts("10 per day", key_func=per_user)
INVITATIONS = _posts("30 per day", key_func=per_user)

# The answer to a mailed "is it solved?" link, per client address (no sign-in needed).
RESOLUTION_ANSWERS = _posts("30 per hour")
# The author's answer about a promise ("kept / not kept"), from a mailed link or the page.
PROMISE_ANSWERS = _posts("30 per hour")

# Notices (anyone may send one, signed in or not), per client address; the notices service
# also counts per e-mail address (at most 5 a day). Confirming one is a button behind a link.
NOTICES = _posts("10 per hour")
NOTICE_CONFIRMATIONS = _posts("30 per hour")

# Evidence, per account: files take storage, and each request to show an image publicly reads
# it with OCR (a second or two of a worker's time).
UPLOADS = _posts("30 per hour", key_func=per_user)
PUBLICATION_REQUESTS = _posts("20 per hour", key_func=per_user)

# The dossier as a PDF (drawing one takes a few hundred milliseconds), per account.
DOSSIER_PDF = limiter.limit("20 per hour", key_func=per_user)

# The owner's test event for a webhook: each one makes our server send a request, per account.
WEBHOOK_TESTS = _posts("30 per hour", key_func=per_user)
