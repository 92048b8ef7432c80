"""Risk signals: what makes a waiting story ask for a moderator's careful look, each with a
short reason, and the rule that turns them into a risk level.

A signal is a plain dict, {"code": …} plus the figures its reason names, so it is stored as
JSON and worded when shown (each moderator reads it in their own language). The checks on
text here are pure; `assess` gathers what they need from the database.

The level: high when any signal asks for it; normal when any signal asks for a look, or when
three signals that only inform (a new account, a company in a storm, one earlier rejection)
come together; low otherwise. A storm's usual story (a new account writing about the company
everyone writes about) is low risk: the lane a moderator clears a page at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from complaints.formats import gettext as _
from complaints.formats import ngettext
from complaints.pii import KIND_LABELS, Kind
from complaints.triage.models import RiskLevel

KIND_VALUES = {str(kind) for kind in Kind}

INFO, NORMAL, HIGH = "info", "normal", "high"
INFO_FOR_NORMAL = 3

NEW_ACCOUNT_HOURS = 24
SHOUTING_SHARE = 0.5  # of the letters in capitals
SHOUTING_LETTERS = 40  # fewer letters are too few to call shouting
EXCLAMATION_RUNS = 3  # "!!!" this many times
LINKS_FOR_HIGH = 3
CAMPAIGN_ACCOUNTS = 3  # new accounts with nearly the same text: a possible campaign

# The severity of each code; "links" depends on how many (see `links`).
SEVERITY = {
    "personal_data": HIGH,
    "redacted": NORMAL,
    "new_account": INFO,
    "earlier_rejections": INFO,
    "rejection_history": NORMAL,
    "removal_history": HIGH,
    "ban_history": HIGH,
    "links": NORMAL,
    "many_links": HIGH,
    "shouting": NORMAL,
    "abusive": NORMAL,
    "defamatory": HIGH,
    "same_author_duplicate": NORMAL,
    "near_duplicate": NORMAL,
    "campaign": HIGH,
    "held_campaign": HIGH,
    "company_storm": INFO,
}


def signal(code: str, **figures) -> dict:
    return {"code": code, **figures}


def severity(found: Mapping) -> str:
    return SEVERITY.get(found["code"], NORMAL)


def level(signals: Iterable[Mapping]) -> RiskLevel:
    severities = [severity(found) for found in signals]
    if HIGH in severities:
        return RiskLevel.HIGH
    if NORMAL in severities or severities.count(INFO) >= INFO_FOR_NORMAL:
        return RiskLevel.NORMAL
    return RiskLevel.LOW


# --- the checks on text ---------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)


def links(text: str, own_domains: Iterable[str] = ()) -> dict | None:
    """Links to other sites than the company's own; three or more look like spam."""
    own = {domain.lower().removeprefix("www.") for domain in own_domains}
    hosts = []
    for url in _URL.findall(text):
        url = url.rstrip(".,;:!?")  # the sentence's punctuation, not the link's
        host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower()
        host = host.rstrip(".").removeprefix("www.")
        if host and not any(host == d or host.endswith(f".{d}") for d in own):
            hosts.append(host)
    if not hosts:
        return None
    shown = sorted(set(hosts))[:5]
    code = "many_links" if len(hosts) >= LINKS_FOR_HIGH else "links"
    return signal(code, count=len(hosts), hosts=shown)


def shouting(text: str) -> dict | None:
    """Mostly capitals, or "!!!" again and again."""
    letters = [c for c in text if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    runs = len(re.findall(r"!{3,}", text))
    share = capitals / len(letters) if letters else 0.0
    if (len(letters) >= SHOUTING_LETTERS and share >= SHOUTING_SHARE) or runs >= EXCLAMATION_RUNS:
        return signal("shouting", percent=round(share * 100), exclamations=runs)
    return None


@dataclass(frozen=True)
class Term:
    term: str
    severity: str  # models.WordSeverity


def _pattern(term: str) -> re.Pattern[str]:
    prefix = term.endswith("*")
    body = re.escape(term.rstrip("*").strip()).replace(r"\ ", r"\s+")
    tail = r"[^\W_]*" if prefix else ""
    return re.compile(rf"(?<![^\W_]){body}{tail}(?![^\W_])", re.IGNORECASE)


def wording(text: str, terms: Iterable[Term]) -> list[dict]:
    """The abusive and the possibly defamatory words of the list found in the text (at most
    five of each, as written)."""
    found: dict[str, list[str]] = {}
    for term in terms:
        match = _pattern(term.term).search(text)
        if match:
            words = found.setdefault(term.severity, [])
            if len(words) < 5 and match.group(0).lower() not in {w.lower() for w in words}:
                words.append(match.group(0))
    return [signal(kind, words=words) for kind, words in sorted(found.items())]


# --- what a moderator reads -----------------------------------------------------------------

def reason(found: Mapping) -> str:
    """The signal's reason in the current language."""
    code = found["code"]
    if code == "personal_data":
        return _("Personal data found: %(kinds)s.", kinds=", ".join(
            str(KIND_LABELS[Kind(kind)]) if kind in KIND_VALUES else kind
            for kind in found.get("kinds", [])))
    if code == "redacted":
        return ngettext("The author replaced %(num)d piece of personal data with a marker: "
                        "check what is left around it.",
                        "The author replaced %(num)d pieces of personal data with a marker: "
                        "check what is left around it.", found.get("count", 0))
    if code == "new_account":
        return ngettext("New account: made %(num)d hour before submitting.",
                        "New account: made %(num)d hours before submitting.",
                        found.get("hours", 0))
    if code in ("earlier_rejections", "rejection_history"):
        return ngettext("The author had %(num)d story rejected before.",
                        "The author had %(num)d stories rejected before.",
                        found.get("count", 0))
    if code == "removal_history":
        return ngettext("The author had %(num)d story removed before.",
                        "The author had %(num)d stories removed before.",
                        found.get("count", 0))
    if code == "ban_history":
        return _("The author was blocked before.")
    if code in ("links", "many_links"):
        return ngettext("%(num)d link to another site: %(hosts)s.",
                        "%(num)d links to other sites: %(hosts)s.", found.get("count", 0),
                        hosts=", ".join(found.get("hosts", [])))
    if code == "shouting":
        return _("Shouting: %(percent)d%% capitals, %(runs)d times “!!!”.",
                 percent=found.get("percent", 0), runs=found.get("exclamations", 0))
    if code == "abusive":
        return _("Abusive wording: %(words)s.", words=", ".join(found.get("words", [])))
    if code == "defamatory":
        return _("Possibly defamatory wording: %(words)s.",
                 words=", ".join(found.get("words", [])))
    if code == "same_author_duplicate":
        return ngettext("Nearly the same text as %(num)d other story by the same author.",
                        "Nearly the same text as %(num)d other stories by the same author.",
                        found.get("count", 0))
    if code == "near_duplicate":
        return ngettext("Nearly the same text as %(num)d story by someone else.",
                        "Nearly the same text as %(num)d stories by others.",
                        found.get("count", 0))
    if code == "campaign":
        return _("Possible campaign: nearly the same text from %(num)d new accounts.",
                 num=found.get("accounts", 0))
    if code == "held_campaign":
        return _("Held with its group as a suspected campaign.")
    if code == "company_storm":
        return ngettext("The company is in a storm: %(num)d story about it waits.",
                        "The company is in a storm: %(num)d stories about it wait.",
                        found.get("waiting", 0))
    return code
