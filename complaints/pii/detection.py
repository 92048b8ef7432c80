"""Detection and redaction of personal data: BSN, IBAN, phones, e-mail, addresses, numbers.

Regexes only find candidates; python-stdnum (BSN 11-test, IBAN mod-97), phonenumbers and
email-validator decide whether a candidate is real. Detection errs on the side of flagging:
the guard (guard.py) shows the consumer every finding to replace with MARKER or to edit, so a
false positive costs one click while a missed bank account number is public for good. Ordinary
amounts, dates, years, times and product names are explicitly kept out (see the tests' table).

Every regex is compiled once, anchored by look-behinds so it only starts at the beginning of
a run, and bounded in length, so a 20,000-character text is scanned in linear time. Pure text
processing: no Flask, no translations (the labels shown to people are in guard.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import iban as stdnum_iban
from stdnum import numdb as stdnum_numdb
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from complaints.pii import context
from complaints.pii.findings import MARKER, Finding, Kind

_KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}


# --- BSN -----------------------------------------------------------------------------------
# Nine digits, or in groups of one to five with one kind of separator: 123.456.782,
# 123 456 782, 1234.56.782, 1234 56 782, 12-34-56-782, 4059 44 949. Not part of a longer
# number and not the decimals of a number ("3.123456782"); the digit count is checked after
# the match. Two groups ("7774 83841") are a BSN only where the text says so.
_BSN = re.compile(
    r"(?<![0-9])(?<![0-9][.,])[0-9]{9}(?![0-9])"
    r"|(?<![0-9])(?<![0-9][ .\-])"
    r"[0-9]{1,5}([ .\-])[0-9]{1,5}(?:\1[0-9]{1,5}){0,4}"
    r"(?![0-9])(?![ .\-][0-9])"
)
_BSN_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:bsn|burgerservicenummer|burgerservice[ ]nummer|sofi-?nummer|sofi)"
    r"(?![^\W\d_])[^0-9.!?\n]{0,20}$",
    re.IGNORECASE,
)

# --- IBAN ----------------------------------------------------------------------------------
# Country code, check digits, then 11-30 letters or digits, maybe grouped by single spaces,
# dashes or dots ("NL58.FVLB.3686.8500.51"). The
# run may swallow following words ("... 00 ten name van"), so prefixes are tried, longest first.
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[ ]?[0-9]{2}(?:[ .\-]?[A-Za-z0-9]){11,30}"
)

# --- e-mail --------------------------------------------------------------------------------
# The local part is at most 64 characters (RFC 5321), which keeps the scan linear; domain
# labels do not start or end with a hyphen.
_DOMAIN_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
_EMAIL = re.compile(
    rf"(?<![\w+\-])[\w.+\-]{{1,64}}@{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL}){{1,8}}"
)

# --- addresses -----------------------------------------------------------------------------
_HOUSE_NUMBER = (
    r"[0-9]{1,4}"
    r"(?:[ ]?-[ ]?(?:[0-9]{1,4}|[IVXivx]{1,4}|[A-Za-z]{1,2})(?![A-Za-z0-9])"
    r"|[A-Za-z]{1,2}(?![A-Za-z0-9])"
    r"|[ ](?:hs|bis|bg|[A-Z])(?![A-Za-z0-9]))?"
    r"(?![0-9])"
)
_NUMBER = rf"(?P<number>{_HOUSE_NUMBER})"
_POSTCODE = r"(?P<digits>[1-9][0-9]{3})[ ]?(?P<letters>[A-Za-z]{2})(?![A-Za-z0-9])"
# "1234ab 12", "1234 AB, nr 12", "1066CX en huisnummer 42"; "12, 1234 AB",
# "huisnummer 77 postcode 1072 hk".
_POSTCODE_THEN_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9]){_POSTCODE},?[ ]{{1,2}}"
    r"(?:(?:(?:en|met)[ ])?(?:huisnummer|huisnr|nummer|nr)\.?:?[ ]?)?"
    rf"{_NUMBER}"
)
_NUMBER_THEN_POSTCODE = re.compile(
    rf"(?<![A-Za-z0-9.,\-/]){_NUMBER},?[ ]{{1,2}}(?:(?:en[ ])?[Pp]ostcode:?[ ])?{_POSTCODE}"
)
# Two letters after four digits that are words or units, not postcode letters: "in 2023 en
# 2024", "1000 GB". A real postcode with these letters is written in capitals and still found,
# except for the units, which read as units in either case.
_POSTCODE_WORDS = frozenset({
    "af", "al", "an", "as", "at", "be", "by", "da", "de", "do", "en", "er", "ga", "ge", "ha",
    "he", "if", "ik", "in", "is", "it", "ja", "je", "la", "me", "my", "na", "nu", "of", "ok",
    "om", "on", "op", "or", "so", "te", "to", "tv", "up", "us", "we", "ze", "zo",
})
_UNITS = frozenset({"gb", "mb", "kb", "tb", "km", "cm", "mm", "kg", "ml", "pm", "am"})

_STREET_SUFFIX = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg|pad|dreef|markt|park|baan|"
    "haven|kanaal|vaart|boulevard|plantsoen|hoven|straatje|laantje|burgwal"
)
_STREET_PREFIX = (
    r"(?:(?:Van|De|Den|Der|Het|Sint|St\.|Oude|Nieuwe|Korte|Lange|Eerste|Tweede|Derde|Hoge|Lage|"
    r"Grote|Kleine|Burgemeester|Dokter|Dr\.|Prins|Prinses|Koningin|Koning|Graaf|Generaal|"
    r"Professor|Prof\.)[ ](?:(?:van|de|der|den|het|ten|ter)[ ]){0,2})"
)
_LETTER = r"[a-zà-öø-ÿ'’\-]"
_STREET = re.compile(
    rf"(?<![\w'’\-]){_STREET_PREFIX}{{0,2}}"
    rf"(?P<street>[A-ZÀ-ÖØ-Þ]{_LETTER}{{0,40}}(?:{_STREET_SUFFIX})"
    rf"|[A-ZÀ-ÖØ-Þ]{_LETTER}{{1,30}}[ ](?:{_STREET_SUFFIX.title()}))"
    rf"[ ]{_NUMBER}"
)
# Capitalised at the start of a sentence these are ordinary words, not streets.
_NOT_STREETS = frozenset({
    "onderweg", "halfweg", "snelweg", "zijweg", "supermarkt", "woningmarkt", "arbeidsmarkt",
    "energiemarkt", "loopbaan", "gerechtshof", "kerkhof", "wagenpark", "vakantiepark",
})

# --- customer, contract and ticket numbers -------------------------------------------------
_NUMBER_KEYWORDS = (
    r"klantnummer|klantnr|klant-?id|contractnummer|contractnr|ordernummer|ordernr|"
    r"bestelnummer|bestelnr|dossiernummer|dossiernr|referentienummer|referentie|kenmerk|"
    r"factuurnummer|factuurnr|ticketnummer|ticketnr|polisnummer|polisnr|relatienummer|"
    r"relatienr|lidnummer|lidmaatschapsnummer|pasnummer|aansluitnummer|meternummer|"
    r"zaaknummer|customer[ ](?:number|id|no)|account[ ](?:number|no)|order[ ](?:number|no|id)|"
    r"reference[ ]number|case[ ]number|confirmation[ ]number|policy[ ]number|ticket"
)
_KEYWORD_NUMBER = re.compile(
    rf"(?<![^\W\d_])(?:{_NUMBER_KEYWORDS})\b\.?[ \t]{{0,3}}(?:(?:nr|no|is)\b\.?[ \t]{{0,3}})?"
    r"[:#=]?\s{0,3}#?[ \t]{0,2}"
    r"(?P<code>[A-Za-z0-9](?:[A-Za-z0-9]|[/\-.](?=[A-Za-z0-9])"
    r"|[ ](?=[0-9]{3,}(?![0-9]|[A-Za-z/\-.][A-Za-z0-9]))){2,39})",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"(?<![0-9])(?<![0-9][.,])[0-9]{7,}(?![0-9])")
_GROUPED_DIGITS = re.compile(
    r"(?<![0-9])(?<![0-9][ .\-])[0-9]{2,6}([ .\-])[0-9]{2,6}(?:\1[0-9]{2,6}){0,8}"
    r"(?![0-9])(?![ .\-][0-9])"
)
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_CURRENCY_BEFORE = re.compile(r"(?:[€$£]|\b(?:eur|euro|usd|gbp))\.?\s?[({]?$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"^(?:\s?(?:[€$£]|(?:eur|euro|euros|dollars?|usd)\b)|,-|[.,][0-9]{2}(?![0-9]))",
    re.IGNORECASE,
)
# Links: digit runs in them are mostly public content ids (a product page, a tweet), so the
# bare digit-run rule skips them; keywords, e-mail addresses and phones in links still count.
_URL = re.compile(
    r"(?:\bhttps?://|\bwww\.|\b(?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24}/)[^\s<>\"'\]\[)(]{0,2000}",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(r"^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}$")

# A finding holds a digit or an "@" (MARKER holds neither), except e-mail addresses written
# with words ("jan at gmail dot com") and passwords; the guard drops anything else without one.
_ANCHOR = re.compile(r"[\d@]")
_TOLD_BY_CONTEXT = frozenset({Kind.EMAIL, Kind.SECRET})


def _is_amount(text: str, start: int, end: int) -> bool:
    """A number with a currency sign before it, or a currency word or cents after it."""
    return bool(
        _CURRENCY_BEFORE.search(text[max(0, start - 6):start])
        or _CURRENCY_AFTER.match(text[end:end + 8])
    )


def _is_compact_date(digits: str) -> bool:
    """20240312: eight digits that read as a date between 1990 and 2100."""
    if len(digits) != 8:
        return False
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1990 <= year <= 2100:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _bsns(text: str) -> list[Finding]:
    return [
        Finding(Kind.BSN, m.start(), m.end(), m.group())
        for m in _BSN.finditer(text)
        if sum(char.isdigit() for char in m.group()) == 9
        and stdnum_bsn.is_valid(re.sub(r"[ .\-]", "", m.group()))
        and (len(re.split(r"[ .\-]", m.group())) != 2
             or _BSN_BEFORE.search(text[max(0, m.start() - 40):m.start()]))
        and not _is_amount(text, m.start(), m.end())
        and not _is_company_number(text, m.start())
    ]


# The countries that have IBANs, as python-stdnum knows them: other letters start no IBAN.
# with their length (country, check digits, then the BBAN's parts: "4!a10!n" is 4 + 10).
_IBAN_LENGTHS = {
    prefix[1]: 4 + sum(int(n) for n in re.findall(r"[0-9]+", prefix[3].get("bban", "")))
    for prefix in stdnum_numdb.get("iban").prefixes
}


def _ibans(text: str) -> list[Finding]:
    """A run that holds no IBAN may have swallowed the start of one ("op 06-1234 ... NL91"):
    the search then goes on inside it, from the next word (starts are word starts)."""
    found: list[Finding] = []
    position = 0
    while m := _IBAN.search(text, position):
        position = m.start() + 1
        length = _IBAN_LENGTHS.get(m.group()[:2].upper())
        if length is None:
            continue
        run = m.group()
        # Candidate ends: before each space inside the run, and the run's end when the run
        # is not cut off in the middle of a word.
        ends = [i for i, char in enumerate(run) if char in " -."]
        if not text[m.end():m.end() + 1].isalnum():
            ends.append(len(run))
        for end in sorted(ends, reverse=True):
            # check_country=False: mod-97, length and layout per country, but no list of
            # national bank codes, which would miss accounts at banks newer than the list.
            compact = re.sub(r"[ .\-]", "", run[:end])
            if len(compact) == length and stdnum_iban.is_valid(compact, check_country=False):
                found.append(Finding(Kind.IBAN, m.start(), m.start() + end, run[:end]))
                position = m.start() + end
                break
    return found


# Numbers companies publish for their customers: free, paid, shared cost and one-number lines.
_SERVICE_NUMBERS = frozenset({
    phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.UAN,
})


def _phones(text: str) -> tuple[list[Finding], list[tuple[int, int]]]:
    """Phone numbers, and where the company service numbers are (their digits are no
    customer number either)."""
    found, services = [], []
    matcher = phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID)
    for m in matcher:
        if _DATE_LIKE.match(m.raw_string) or _is_amount(text, m.start, m.end):
            continue
        if phonenumbers.number_type(m.number) in _SERVICE_NUMBERS:
            services.append((m.start, m.end))  # a company's 0800, 0900, 088 number is public
            continue
        found.append(Finding(Kind.PHONE, m.start, m.end, m.raw_string))
    return found, services


def _is_email(candidate: str) -> bool:
    try:
        validate_email(candidate, check_deliverability=False)
    except (EmailNotValidError, ValueError):
        return False
    return True


def _emails(text: str, company_domains: frozenset[str]) -> list[Finding]:
    """Candidates confirmed by email-validator. When a candidate fails, the address may still
    start after a dot inside it ("a..jan@example.nl", "zie...jan@example.nl"): try those too."""
    found = []
    for m in _EMAIL.finditer(text):
        candidate = m.group()
        local = candidate[:candidate.index("@")]
        for offset in [0] + [i + 1 for i, char in enumerate(local) if char == "."]:
            if offset < len(local) and _is_email(candidate[offset:]):
                if context.on_company_domain(candidate, company_domains):
                    break  # the company's own address is public
                start = m.start() + offset
                found.append(Finding(Kind.EMAIL, start, m.end(), candidate[offset:]))
                break
    return found


def _is_postcode(match: re.Match[str]) -> bool:
    letters = match.group("letters").lower()
    if letters in _UNITS or (match.group("letters").islower() and letters in _POSTCODE_WORDS):
        return False
    return stdnum_postcode.is_valid(f"{match.group('digits')} {match.group('letters')}")


# A company's office, shop or post address is public: "hun kantoor aan de Kerkstraat 12".
_OFFICE_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:kantoor|hoofdkantoor|kantoren|vestiging|filiaal|winkel|showroom|"
    r"bezoekadres|postadres|retouradres|kantooradres|correspondentieadres|gevestigd|"
    r"head[ ]office|headquarters|office|store|branch)(?![^\W\d_])[^.!?\n]{0,60}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Office:
    """The parts of a company's own address that can stand in a text: street (its last
    word, lower case), house number (its leading digits) and postcode ("3811KR")."""

    street: str | None
    number: str | None
    postcode: str | None


_OFFICE_STREET = re.compile(r"(?P<street>[^\W\d_][^\W\d_'’.\-]*)\.?[ ]{1,2}(?P<number>[0-9]{1,5})"
                            r"(?![0-9])")
_ANY_POSTCODE = re.compile(r"(?<![0-9])(?P<digits>[1-9][0-9]{3})[ ]?(?P<letters>[A-Za-z]{2})"
                           r"(?![A-Za-z])")
_LEADING_DIGITS = re.compile(r"[0-9]+")


def office(address: str | None) -> Office | None:
    """What of `address` (as the company wrote it on its profile) to recognise in texts."""
    text = " ".join((address or "").split())
    if not text:
        return None
    postcode = _ANY_POSTCODE.search(text)
    # The street is the word before the first number that is not the postcode's.
    street = next((m for m in _OFFICE_STREET.finditer(text)
                   if postcode is None or m.start("number") != postcode.start()), None)
    result = Office(
        street=street.group("street").lower() if street else None,
        number=street.group("number") if street else None,
        postcode=(postcode.group("digits") + postcode.group("letters").upper()
                  if postcode else None),
    )
    return result if result.number or result.postcode else None


def _is_office(match: re.Match[str], own: Office | None) -> bool:
    """Whether every part of an address found in the text (street, number, postcode) is that
    of the company's own office."""
    if own is None:
        return False
    parts = match.groupdict()
    if parts.get("digits") and parts["digits"] + parts["letters"].upper() != own.postcode:
        return False
    if parts.get("street") and parts["street"].split()[-1].lower() != own.street:
        return False
    number = _LEADING_DIGITS.match(parts.get("number") or "")
    return number is not None and number.group() == own.number


def _addresses(text: str, own: Office | None = None) -> list[Finding]:
    found = [
        Finding(Kind.ADDRESS, m.start(), m.end(), m.group())
        for pattern in (_POSTCODE_THEN_NUMBER, _NUMBER_THEN_POSTCODE)
        for m in pattern.finditer(text)
        if _is_postcode(m) and not _is_office(m, own)
    ]
    found += [
        Finding(Kind.ADDRESS, m.start(), m.end(), m.group())
        for m in _STREET.finditer(text)
        if m.group("street").lower() not in _NOT_STREETS and not _is_office(m, own)
    ]
    return [f for f in found if not _OFFICE_BEFORE.search(text[max(0, f.start - 70):f.start])]


# A company's registration numbers are public: KvK (and its branch numbers), RSIN, VAT (BTW),
# also a few words on: "kvk.nl (nummer 70123456)", "ingeschreven onder nummer 34567890".
_COMPANY_NUMBER_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:kvk|k\.v\.k\.?|kamer[ ]van[ ]koophandel|handelsregister|coc|"
    r"chamber[ ]of[ ]commerce|rsin|btw|vat|vestigingsnummer|vestigingsnr)"
    r"(?:(?!klant|order|bestel|factuur|contract|dossier|ticket|polis|relatie|lid|pas|"
    r"referentie|rekening|iban|bsn|tel|mobiel|bel)[^0-9!?\n]){0,30}$",
    re.IGNORECASE,
)


def _is_company_number(text: str, start: int) -> bool:
    return bool(_COMPANY_NUMBER_BEFORE.search(text[max(0, start - 50):start]))


def _numbers(text: str) -> list[Finding]:
    found = []
    links = [m.span() for m in _URL.finditer(text)]

    def in_link(m: re.Match[str]) -> bool:
        return any(start <= m.start() and m.end() <= end for start, end in links)

    for m in _KEYWORD_NUMBER.finditer(text):
        code = m.group("code")
        if sum(char.isdigit() for char in code) >= 4:
            found.append(Finding(Kind.NUMBER, m.start("code"), m.end("code"), code))
    for m in _DIGIT_RUN.finditer(text):
        if _is_compact_date(m.group()) or _is_amount(text, m.start(), m.end()) or in_link(m):
            continue
        if _is_company_number(text, m.start()):
            continue
        found.append(Finding(Kind.NUMBER, m.start(), m.end(), m.group()))
    for m in _GROUPED_DIGITS.finditer(text):
        run = m.group()
        groups = re.split(r"[ .\-]", run)
        if sum(len(group) for group in groups) < 10:
            continue
        if m.group(1) == "." and _THOUSANDS.fullmatch(run):
            continue
        if all(len(group) == 4 and 1900 <= int(group) <= 2099 for group in groups):
            continue  # a list of years
        if _is_amount(text, m.start(), m.end()) or in_link(m):
            continue
        if _is_company_number(text, m.start()):
            continue
        found.append(Finding(Kind.NUMBER, m.start(), m.end(), run))
    return found


def _merge_same_kind(candidates: list[Finding], text: str) -> list[Finding]:
    """Overlapping detections of one kind become one span (street + postcode, keyword + run)."""
    merged: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.kind, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last and last.kind == finding.kind and finding.start < last.end:
            end = max(last.end, finding.end)
            merged[-1] = Finding(last.kind, last.start, end, text[last.start:end])
        else:
            merged.append(finding)
    return merged


def find_personal_data(text: str, company_domains: Iterable[str] = (),
                       office_address: str | None = None) -> list[Finding]:
    """Every piece of personal data in `text`, sorted by start and never overlapping.

    Overlapping detections of the same kind are merged into one span. Between kinds the
    specific ones (BSN, IBAN, e-mail, phone, address) beat a generic NUMBER, then the longer
    span wins, then the kind listed first in `Kind`: a BSN is also a nine-digit run, and the
    digits of an IBAN are also a long number, but the user should be told what it is.

    `company_domains` are the web domains of the company the text is about: e-mail addresses
    on them (and their subdomains) are the company's own, public, and not reported. Likewise
    `office_address`, the address the company gives on its profile: its street and number or
    its postcode and number in the text are not reported.
    """
    if not text:
        return []
    plain, positions = _normalize_spacing(text)
    domains = frozenset(d.lower().strip().rstrip(".") for d in company_domains)
    return [
        Finding(f.kind, positions[f.start], positions[f.end - 1] + 1,
                text[positions[f.start]:positions[f.end - 1] + 1])
        for f in _find(plain, domains, office(office_address))
    ]


# Characters a reader does not see: they can sit inside a number without showing.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def _normalize_spacing(text: str) -> tuple[str, list[int]]:
    """The text as a reader sees it: every run of whitespace (tabs, newlines, no-break
    spaces, double spaces) one space, invisible characters dropped; and for each character of
    the result its position in `text`. The detectors expect single spaces, and a page shows a
    double space or a line break inside a number as one space, so the guard must too."""
    out: list[str] = []
    positions: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            if not in_space:
                out.append(" ")
                positions.append(index)
            in_space = True
            continue
        in_space = False
        out.append(char)
        positions.append(index)
    return "".join(out), positions


def _find(text: str, company_domains: frozenset[str], own: Office | None) -> list[Finding]:
    """find_personal_data on text whose spacing is already normalized."""
    phones, services = _phones(text)
    candidates = [
        *_bsns(text), *_ibans(text), *phones, *_emails(text, company_domains),
        *context.dodged_emails(text, company_domains), *_addresses(text, own),
        *context.birth_dates(text), *context.plates(text), *context.documents(text),
        *context.secrets(text), *context.cards(text), *_numbers(text),
    ]
    candidates = [f for f in _merge_same_kind(candidates, text)
                  if (f.kind in _TOLD_BY_CONTEXT or _ANCHOR.search(f.text))
                  and not any(start <= f.start and f.end <= end for start, end in services)]
    candidates.sort(
        key=lambda f: (f.kind == Kind.NUMBER, -(f.end - f.start), _KIND_ORDER[f.kind], f.start)
    )
    chosen: list[Finding] = []  # kept sorted by start, so one bisect finds the neighbours
    starts: list[int] = []
    for finding in candidates:
        index = bisect.bisect_left(starts, finding.start)
        if index > 0 and chosen[index - 1].end > finding.start:
            continue
        if index < len(chosen) and chosen[index].start < finding.end:
            continue
        chosen.insert(index, finding)
        starts.insert(index, finding.start)
    return chosen


def _replace(text: str, findings: list[Finding]) -> str:
    parts, position = [], 0
    for finding in findings:
        parts += [text[position:finding.start], MARKER]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def redact_with_findings(text: str, company_domains: Iterable[str] = (),
                         office_address: str | None = None) -> tuple[str, list[Finding]]:
    """The text with every finding replaced by MARKER, and the findings of the original text.

    Replacing can join what was apart ("Kerk" + MARKER + ...), so detection runs again on the
    result until nothing is found: the public text never contains a detected item. Each round
    replaces at least one character outside the markers (nothing is found inside MARKER), so
    the rounds are bounded by the text's length (in practice one, sometimes two).
    """
    domains = tuple(company_domains)
    first = find_personal_data(text, domains, office_address)
    redacted, findings = text, first
    for _round in range(len(text) + 1):
        if not findings:
            break
        redacted = _replace(redacted, findings)
        findings = find_personal_data(redacted, domains, office_address)
    return redacted, first


def redact(text: str, company_domains: Iterable[str] = (),
           office_address: str | None = None) -> str:
    """The text with every finding replaced by MARKER; see redact_with_findings."""
    return redact_with_findings(text, company_domains, office_address)[0]


def marker_spans(text: str) -> list[tuple[int, int]]:
    """Where earlier redactions left the marker (moderators see them highlighted)."""
    spans, start = [], (text or "").find(MARKER)
    while start != -1:
        spans.append((start, start + len(MARKER)))
        start = text.find(MARKER, start + len(MARKER))
    return spans
