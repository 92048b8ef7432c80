"""Reasons a moderator gives for not publishing a complaint (shown to the author)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

REJECTION_REASONS = {
    "not_helpdesk": _l("It is not about an experience with a company's customer service"),
    "personal_data": _l("It contains personal data that we cannot remove without losing the story"),
    "abusive": _l("It is abusive, or accuses named people"),
    "spam": _l("It is spam or advertising"),
    "duplicate": _l("It repeats a complaint you already submitted"),
    "unclear": _l("It is too unclear what happened"),
    "other": _l("Another reason, explained below"),
}
