"""Personal data told by its shape and its context: birth dates, licence plates, identity
documents, passwords and PINs, payment cards and e-mail addresses written to dodge filters.

A date, a nine-character code or a four-digit number is ordinary on its own; these detectors
only report one where the text says what it is ("geboren op", "paspoortnummer", "pincode"),
except plates (the Dutch sidecodes with their dashes) and cards (Luhn-valid, 13-19 digits).
Like detection.py: compiled once, bounded repetitions, linear scans, no Flask.
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from stdnum import luhn

from complaints.pii.findings import Finding, Kind

# --- dates of birth ------------------------------------------------------------------------
_MONTHS = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|january|february|march|may|june|july|august|october|"
    r"jan|feb|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec"
)
_DATE = (
    r"(?:[0-3]?[0-9][-/.][01]?[0-9][-/.](?:19|20)?[0-9]{2}"
    rf"|[0-3]?[0-9](?:e|ste|de)?[ ](?:{_MONTHS})\.?[ ](?:19|20)[0-9]{{2}}"
    rf"|(?:{_MONTHS})\.?[ ][0-3]?[0-9](?:st|nd|rd|th)?,?[ ](?:19|20)[0-9]{{2}}"
    r"|(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9])"
)
_BIRTH_WORDS = (
    r"geboren|geb\.|geb|geboortedatum|geboortedag|geboorte-datum|date[ ]of[ ]birth|"
    r"birth[ ]?date|birthday|verjaardag|dob|d\.o\.b\.|born"
)
_BIRTH_DATE = re.compile(
    rf"(?<![^\W\d_])(?:{_BIRTH_WORDS})(?![^\W\d_])[^0-9.!?\n]{{0,30}}?"
    rf"(?<![^\W\d_])(?P<date>{_DATE})(?![0-9])",
    re.IGNORECASE,
)
# "ik ben op 12 mei 1990 geboren": the date just before the word, looked for only there.
_BORN_AFTER = re.compile(r"(?<![^\W\d_])(?:geboren|born)(?![^\W\d_])", re.IGNORECASE)
_DATE_BEFORE = re.compile(
    rf"(?<![0-9])(?P<date>{_DATE})[ ,]{{1,2}}(?:ben[ ]ik[ ]|was[ ]I[ ]|I[ ]was[ ])?$",
    re.IGNORECASE,
)

# --- licence plates ------------------------------------------------------------------------
# The Dutch sidecodes 1-14 (X a letter, 9 a digit), written with their dashes.
_SIDECODES = (
    "XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9",
    "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9",
)
_PLATE = re.compile(
    r"(?<![\w\-])(?:"
    + "|".join(code.replace("X", "[A-Z]").replace("9", "[0-9]") for code in _SIDECODES)
    + r")(?![\w]|-\w)",
    re.IGNORECASE,
)

# --- identity documents --------------------------------------------------------------------
_DOCUMENT_WORDS = (
    r"paspoort(?:nummer|nr)?|passport(?:[ ](?:number|no))?|id-?kaart(?:nummer|nr)?|"
    r"identiteitskaart(?:nummer|nr)?|identiteitsbewijs(?:nummer)?|id-?bewijs|"
    r"documentnummer|documentnr|id[ ]card(?:[ ]number)?|identity[ ]card(?:[ ]number)?|"
    r"rijbewijs(?:nummer|nr)?|driving[ ]licen[cs]e(?:[ ]number)?|"
    r"driver'?s[ ]licen[cs]e(?:[ ]number)?"
)
_DOCUMENT = re.compile(
    rf"(?<![^\W\d_])(?:{_DOCUMENT_WORDS})(?![^\W\d_])\.?[ ]?"
    r"(?:(?:nr|no|nummer|number|is|was|:)\.?[ ]?:?[ ]?){0,3}[:#]?[ ]?"
    r"(?P<code>[A-NP-Z0-9]{9}(?![\w])|[0-9]{10}(?![\w]))",
    re.IGNORECASE,
)

# --- passwords and PINs --------------------------------------------------------------------
_SECRET = re.compile(
    r"(?<![^\W\d_])(?:(?P<pw>wachtwoord|password|passwd|wachtwoorden|inlogcode|"
    r"toegangscode|inloggegevens)|(?P<pin>pincode|pin-code|pin[ ]code|pin|pinnummer))"
    r"(?![^\W\d_])[ ]?:?[ ]?(?:(?:is|was|luidt|=|:|nog[ ]steeds)[ ]?:?[ ]?){0,2}"
    r"[\"'‘“(]?(?P<code>[^\s\"'’”)\[\]]{4,64})",
    re.IGNORECASE,
)
_TRAILING = ".,;:?"

# --- payment cards -------------------------------------------------------------------------
# 13-19 digits starting 2-6 (Mastercard, Amex, Visa, Discover...), maybe in groups.
_CARD = re.compile(
    r"(?<![0-9])(?<![0-9][ \-])[2-6](?:[ \-]?[0-9]){12,18}(?![0-9])(?![ \-][0-9])"
)

# --- e-mail written to dodge filters -------------------------------------------------------
_AT = (
    r"(?:[ ]?[\[({<][ ]?(?:at|@|apenstaart(?:je)?)[ ]?[\])}>][ ]?"
    r"|[ ](?:at|apenstaart(?:je)?)[ ]|[ ]@[ ]|@)"
)
_DOT = (
    r"(?:[ ]?[\[({<][ ]?(?:dot|punt|\.)[ ]?[\])}>][ ]?|[ ](?:dot|punt)[ ]|\.)"
)
_WORD = r"[A-Za-z0-9][A-Za-z0-9_\-]{0,62}"
_DODGED_EMAIL = re.compile(
    rf"(?<![\w.+\-\[])(?P<local>{_WORD}(?:(?:{_DOT}|\+){_WORD}){{0,4}})"
    rf"{_AT}(?P<domain>{_WORD}(?:{_DOT}{_WORD}){{1,4}})(?![\w])",
    re.IGNORECASE,
)
_DOT_WORD = re.compile(r"[ ]?[\[({<][ ]?(?:dot|punt|\.)[ ]?[\])}>][ ]?|[ ](?:dot|punt)[ ]",
                       re.IGNORECASE)
_OBFUSCATION = re.compile(
    r"[\[({<][ ]?(?:at|@|dot|punt|\.)[ ]?[\])}>]|\b(?:at|dot|punt|apenstaartje?)\b",
    re.IGNORECASE,
)


_WORD_AT = re.compile(r"[ ](?:at|apenstaart(?:je)?)[ ]", re.IGNORECASE)
# Words before a plain "at" in ordinary sentences, not the start of an address.
_NOT_LOCAL_PARTS = frozenset({
    "was", "is", "am", "are", "were", "be", "been", "me", "us", "him", "her", "them", "it",
    "this", "that", "here", "there", "you", "we", "they", "i", "work", "works", "worked",
    "live", "lives", "lived", "stay", "stayed", "look", "looked", "arrived", "not", "only",
    "even", "just", "still", "all", "both", "shop", "shopped", "bought", "ordered", "called",
    "home", "online", "once", "least", "yelled", "laughed", "pointed", "staring",
})


def birth_dates(text: str) -> list[Finding]:
    found = [Finding(Kind.BIRTH_DATE, m.start("date"), m.end("date"), m.group("date"))
             for m in _BIRTH_DATE.finditer(text)]
    for born in _BORN_AFTER.finditer(text):
        window = max(0, born.start() - 40)
        if m := _DATE_BEFORE.search(text[window:born.start()]):
            start = window + m.start("date")
            found.append(Finding(Kind.BIRTH_DATE, start, start + len(m.group("date")),
                                 m.group("date")))
    return found


def plates(text: str) -> list[Finding]:
    found = []
    for m in _PLATE.finditer(text):
        plate = m.group()
        # All letters in one case: "12-ABC-3" or "12-abc-3", not "Wo-12-34" (ordinary text).
        letters = [char for char in plate if char.isalpha()]
        if all(c.isupper() for c in letters) or all(c.islower() for c in letters):
            found.append(Finding(Kind.PLATE, m.start(), m.end(), plate))
    return found


def documents(text: str) -> list[Finding]:
    found = []
    for m in _DOCUMENT.finditer(text):
        code = m.group("code")
        if any(char.isdigit() for char in code):
            found.append(Finding(Kind.DOCUMENT, m.start("code"), m.end("code"), code))
    return found


def _looks_like_password(code: str) -> bool:
    """Zomer2024!, Welkom01, hunter2: a digit, or a capital or sign inside the word; not an
    ordinary word ("vergeten", "gewijzigd")."""
    return len(code) >= 5 and (
        any(char.isdigit() for char in code)
        or any(char.isupper() for char in code[1:])
        or any(not char.isalnum() for char in code[1:-1])
    )


def secrets(text: str) -> list[Finding]:
    found = []
    for m in _SECRET.finditer(text):
        code = m.group("code")
        while code and code[-1] in _TRAILING:
            code = code[:-1]
        if m.group("pin"):
            match = re.match(r"[0-9]{4,6}(?![0-9])", code)
            if not match:
                continue
            code = match.group()
        elif not _looks_like_password(code):
            continue
        found.append(Finding(Kind.SECRET, m.start("code"), m.start("code") + len(code), code))
    return found


def cards(text: str) -> list[Finding]:
    found = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ \-]", "", m.group())
        if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
            found.append(Finding(Kind.CARD, m.start(), m.end(), m.group()))
    return found


def _is_email(candidate: str) -> bool:
    try:
        validate_email(candidate, check_deliverability=False)
    except (EmailNotValidError, ValueError):
        return False
    return True


def plain_email(local: str, domain: str) -> str:
    """'jan punt jansen', 'gmail [dot] com' → 'jan.jansen@gmail.com'."""
    return f"{_DOT_WORD.sub('.', local)}@{_DOT_WORD.sub('.', domain)}".lower()


def dodged_emails(text: str, company_domains: frozenset[str] = frozenset()) -> list[Finding]:
    """Addresses written with "at", "[at]", "(dot)", "punt"... that read as a valid address.
    Plain addresses are found by detection.py; these need at least one obfuscated piece."""
    if not _OBFUSCATION.search(text):
        return []
    found = []
    for m in _DODGED_EMAIL.finditer(text):
        if "@" in m.group() and not _OBFUSCATION.search(m.group()):
            continue
        if _WORD_AT.match(m.group(), len(m.group("local"))) and (
                m.group("local").lower() in _NOT_LOCAL_PARTS):
            continue  # "I was at home dot com"
        address = plain_email(m.group("local"), m.group("domain"))
        tld = address.rsplit(".", 1)[-1]
        if on_company_domain(address, company_domains):
            continue
        if tld.isalpha() and len(tld) >= 2 and _is_email(address):
            found.append(Finding(Kind.EMAIL, m.start(), m.end(), m.group()))
    return found


def on_company_domain(address: str, company_domains: frozenset[str]) -> bool:
    domain = address.rsplit("@", 1)[-1].lower().rstrip(".")
    return any(domain == own or domain.endswith("." + own) for own in company_domains)
