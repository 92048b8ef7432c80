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
_YEAR = r"(?:(?:19|20)[0-9]{2}|['‘’][0-9]{2})"  # 1985, or '85
_DATE = (
    r"(?:[0-3]?[0-9][-/.][01]?[0-9][-/.](?:19|20)?[0-9]{2}"
    r"|[0-3]?[0-9][ ][01]?[0-9][ ](?:19|20)[0-9]{2}"
    rf"|[0-3]?[0-9](?:e|ste|de|st|nd|rd|th)?(?:[ ]of)?[ ](?:{_MONTHS})\.?,?[ ]{_YEAR}"
    rf"|(?:{_MONTHS})\.?[ ](?:the[ ])?[0-3]?[0-9](?:st|nd|rd|th)?,?[ ]{_YEAR}"
    r"|(?:19|20)[0-9]{2}-[01]?[0-9]-[0-3]?[0-9])"
)
_BIRTH_WORDS = (
    r"geboren|geb\.?[ ]?datum|geb\.|geb|geboortedatum|geboortedag|geboorte-?[ ]?datum|"
    r"date[ ]of[ ]birth|"
    r"birth[ ]?date|birthday|verjaardag|dob|d\.o\.b\.|born"
)
_BIRTH_DATE = re.compile(
    rf"(?=[gdbv])(?<![^\W\d_])(?:{_BIRTH_WORDS})(?![^\W\d_])[^0-9.!?\n]{{0,30}}?"
    rf"(?<![^\W\d_])(?P<date>{_DATE})(?![0-9])",
    re.IGNORECASE,
)
# "ik ben van 2 februari 1988": in Dutch, a person "is of" the day they were born.
_PERSON_OF_DATE = re.compile(
    r"(?<![^\W\d_])(?:ik[ ]ben|hij[ ]is|zij[ ]is|ze[ ]is|(?:mijn|m'n)[ ][^\W\d_]{3,12}[ ]is)"
    rf"[ ]van[ ](?P<date>{_DATE})(?![0-9])",
    re.IGNORECASE,
)
# "ik ben op 12 mei 1990 geboren": the date just before the word, looked for only there.
_BORN_AFTER = re.compile(r"(?<![^\W\d_])(?:geboren|born)(?![^\W\d_])", re.IGNORECASE)
_DATE_BEFORE = re.compile(
    rf"(?<![0-9])(?P<date>{_DATE})[ ,]{{1,2}}(?:ben[ ]ik[ ]|was[ ]I[ ]|I[ ]was[ ])?$",
    re.IGNORECASE,
)

# --- licence plates ------------------------------------------------------------------------
# The Dutch sidecodes 1-14 (X a letter, 9 a digit). With their dashes they are plates
# wherever they stand; written without dashes ("12ABC3") or with spaces ("ab 123 c") they are
# also product types and model numbers ("GT3000" is sidecode 1), so those need a word nearby
# that says a vehicle is meant.
_SIDECODES = (
    "XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9",
    "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9",
)


def _sidecode_pattern(code: str, separator: str) -> str:
    return "".join(separator if char == "-" else "[A-Z]" if char == "X" else "[0-9]"
                   for char in code)


_PLATE = re.compile(
    r"(?<![\w\-])(?:" + "|".join(_sidecode_pattern(code, "-") for code in _SIDECODES)
    + r")(?![\w]|-\w)",
    re.IGNORECASE,
)
_LOOSE_PLATE = re.compile(
    r"(?<![\w\-./])(?:"
    + "|".join(_sidecode_pattern(code, separator)
               for code in _SIDECODES for separator in ("", "[ ]"))
    + r")(?![\w]|[\-./,]\w)",
    re.IGNORECASE,
)
# Words that make a plate of a loose code: about the plate itself (strong), or about a
# vehicle (weak: then the letters must be those Dutch plates use, no vowels, no C, Q, W, Y).
_PLATE_WORDS = re.compile(
    r"(?=[abcdfgklmnprstvw])(?<![^\W\d_])(?:(?P<strong>kentekens?|kentekenplaat|kentekenbewijs|nummerplaat|"
    r"nummerbord|plaat|licen[cs]e[ ]plate|number[ ]plate|plate|registration|reg)"
    r"|auto|auto's|leaseauto|deelauto|wagen|car|busje|bestelbus|bestelauto|camper|caravan|"
    r"aanhanger|scooter|brommer|motor|motorfiets|vrachtwagen|voertuig|vehicle|truck|"
    r"parkeerboete|boete|bekeuring|geparkeerd|geflitst|flitsboete|apk|rdw|takelwagen|"
    r"weggesleept|sleepdienst)(?![^\W\d_])",
    re.IGNORECASE,
)
_PLATE_LETTERS = frozenset("bdfghjklnprstvxz")
# A model word just before the code: "model GT3000", "type 65QN90", "versie 12ab3".
_MODEL_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:model|modelnummer|type|typenummer|typenr|versie|version|serie|series|"
    r"artikel|artikelnummer|art|code|foutcode|error|sku|ean|product|onderdeel|part)"
    r"\.?[ ]?(?:nr\.?|nummer|number|no\.?)?[ ]?[:#]?[ ]?$",
    re.IGNORECASE,
)
# Letter groups that are words, or after a number units, not plate letters: "de 12 kg",
# "is 12 jr", "auto van 12 kg 30" ("GB 123 H" is a plate, "123 GB" a volume).
_NOT_PLATE_WORDS = frozenset({
    "af", "al", "an", "as", "at", "be", "by", "da", "de", "do", "en", "er", "ga", "ge", "ha",
    "he", "if", "ik", "in", "is", "it", "ja", "je", "la", "me", "my", "na", "nu", "of", "ok",
    "om", "on", "op", "or", "so", "te", "to", "up", "us", "we", "ze", "zo", "uur", "min",
    "sec", "dag", "keer",
})
_UNITS = frozenset({
    "gb", "mb", "kb", "tb", "km", "cm", "mm", "kg", "ml", "pm", "am", "hr", "ct", "st", "pk",
    "kw", "kwh", "mbit", "gbit", "jr", "tv",
})
_POSTCODE_SHAPE = re.compile(r"[1-9][0-9]{3}[A-Za-z]{2}")
_HOUSE_NUMBER_AFTER = re.compile(r",?[ ](?:(?:huisnummer|huisnr|nr)\.?[ ]?)?[0-9]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][ ]|\n")
# --- identity documents --------------------------------------------------------------------
_DOCUMENT_WORDS = (
    r"paspoort(?:nummer|nr)?|passport(?:[ ](?:number|no))?|id[ \-]?kaart(?:nummer|nr)?|"
    r"identiteitskaart(?:nummer|nr)?|identiteitsbewijs(?:nummer)?|id[ \-]?bewijs|"
    r"documentnummer|documentnr|id[ ]card(?:[ ]number)?|identity[ ]card(?:[ ]number)?|"
    r"rijbewijs(?:nummer|nr)?|driving[ ]licen[cs]e(?:[ ]number)?|"
    r"driver'?s[ ]licen[cs]e(?:[ ]number)?"
)
_DOCUMENT_CODE = r"(?P<code>[A-NP-Z0-9]{9}(?![\w])|[0-9]{10}(?![\w]))"
_DOCUMENT_WORD = re.compile(rf"(?=[pidr])(?<![^\W\d_])(?:{_DOCUMENT_WORDS})(?![^\W\d_])",
                            re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(
    r"\.?[ ]?(?:(?:nr|no|nummer|number|is|was|:)\.?[ ]?:?[ ]?){0,3}[:#(]?[ ]?" + _DOCUMENT_CODE,
    re.IGNORECASE,
)
# "een kopie van mijn ID-kaart gemaakt, nummer IRK47P2H8": the number a few words later.
_DOCUMENT_NUMBER_LATER = re.compile(
    r"[^.!?\n]{1,40}?(?<![^\W\d_])(?:nummer|nr|number|no)\.?[ ]?(?:is[ ]|was[ ])?[:#]?[ ]?"
    + _DOCUMENT_CODE,
    re.IGNORECASE,
)

# --- passwords and PINs --------------------------------------------------------------------
# The word, maybe a short clause ("van mijn account", "dat ik gebruikte"), a marker ("is",
# ":", "="), then the value, maybe quoted. What counts as a value is decided in secrets().
_SECRET_WORD = re.compile(
    r"(?=[wplti])(?<![^\W\d_])(?:(?P<pw>wachtwoord|wachtwoorden|paswoord|password|passwords|passwd|"
    r"pass|passcode|inlogcode|inlog|login|toegangscode|inloggegevens|ww)"
    r"|(?P<pin>pincode|pin-code|pin[ ]code|pin|pinnummer|pin[ ]number))(?![^\W\d_])",
    re.IGNORECASE,
)
_SECRET_CLAUSE = re.compile(
    r"[ ](?:van|voor|bij|op|of|for|on|to|dat|die|that|which|ik|i)"
    r"(?:[ ][^\s.!?:=\"'‘“]{1,20}){0,4}?(?=[ ]?[:=]|[ ](?:is|was|luidt)(?![^\W\d_]))",
    re.IGNORECASE,
)
_SECRET_MARKER = re.compile(
    r"(?:[ ]?(?:(?:is|was|luidt|wordt|werd|nog[ ]steeds|toen|gewoon|nu|trouwens|dus|"
    r"eigenlijk|echt|btw)(?![^\W\d_])|[=:])[ ]?:?){0,3}[ ]?",
    re.IGNORECASE,
)
_SECRET_VALUE = re.compile(r"(?P<quote>[\"'‘“(]?)(?P<code>[^\s\"'’”)\[\]]{4,64})")
_EXPLICIT = re.compile(r"[:=]|(?<![^\W\d_])(?:is|was|luidt)(?![^\W\d_])", re.IGNORECASE)
_TRAILING = ".,;:?"
# Words said about a password, not the password: "wachtwoord: Vergeten?", "is Onjuist".
_ABOUT_PASSWORDS = frozenset({
    "nederlands", "engels", "dutch", "english",
    "vergeten", "kwijt", "fout", "foutief", "onjuist", "ongeldig", "verkeerd", "verlopen",
    "gewijzigd", "veranderd", "aangepast", "gereset", "geblokkeerd", "gehackt", "gelekt",
    "gestolen", "nieuw", "nieuwe", "oud", "oude", "hetzelfde", "zelfde", "identiek", "correct",
    "juist", "goed", "prima", "sterk", "zwak", "veilig", "onveilig", "lang", "kort", "leeg",
    "geheim", "privé", "onbekend", "verplicht", "minimaal", "minimum", "maximaal", "tijdelijk",
    "standaard", "niet", "nooit", "nog", "steeds", "gewoon", "echt", "ook", "altijd", "opnieuw",
    "ingesteld", "hoofdlettergevoelig", "incorrect", "invalid", "wrong", "forgotten", "lost",
    "expired", "changed", "reset", "blocked", "locked", "hacked", "leaked", "stolen", "new",
    "old", "same", "right", "strong", "weak", "secure", "safe", "long", "short", "empty",
    "secret", "private", "unknown", "required", "mandatory", "temporary", "default", "not",
    "never", "still", "also", "always", "again", "case", "sensitive", "vereist", "mislukt",
    "afgewezen", "geweigerd", "geaccepteerd", "opgeslagen", "verstuurd", "gestuurd", "gemaild",
    "bevestigd", "ingevuld", "ingevoerd", "ingetypt", "getypt", "waardeloos", "onmogelijk",
    "moeilijk", "makkelijk", "simpel",
})
_PARTICIPLE = re.compile(
    r"(?:ge|ver|be|ont|her|op|af|aan|in|uit|over|door|terug|mis)[^\W\d_]{2,}(?:d|t|en)"
    r"|[^\W\d_]{3,}(?:ed|ing)",
    re.IGNORECASE,
)
# --- payment cards -------------------------------------------------------------------------
# 13-19 digits starting 2-6 (Mastercard, Amex, Visa, Discover...), maybe in groups.
_CARD = re.compile(
    r"(?<![0-9])(?<![0-9][ \-])[2-6](?:[ \-]?[0-9]){12,18}(?![0-9])(?![ \-][0-9])"
)

# --- e-mail written to dodge filters -------------------------------------------------------
_AT = (
    r"(?:[ ]?[\[({<][ ]?(?:at|a|@|apenstaart(?:je)?)[ ]?[\])}>][ ]?"
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
    r"[\[({<][ ]?(?:at|a|@|dot|punt|\.)[ ]?[\])}>]|\b(?:at|dot|punt|apenstaartje?)\b",
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
             for pattern in (_BIRTH_DATE, _PERSON_OF_DATE) for m in pattern.finditer(text)]
    for born in _BORN_AFTER.finditer(text):
        window = max(0, born.start() - 40)
        if m := _DATE_BEFORE.search(text[window:born.start()]):
            start = window + m.start("date")
            found.append(Finding(Kind.BIRTH_DATE, start, start + len(m.group("date")),
                                 m.group("date")))
    return found


def _one_case(plate: str) -> bool:
    """All letters in one case: "12-ABC-3" or "12-abc-3", not "Wo-12-34" (ordinary text)."""
    letters = [char for char in plate if char.isalpha()]
    return all(c.isupper() for c in letters) or all(c.islower() for c in letters)


def _plate_context(text: str, start: int, end: int) -> str | None:
    """"strong" or "weak" when a word nearby (same sentence, 60 characters before or 30
    after) says a vehicle or its plate is meant; None when there is none."""
    before = text[max(0, start - 60):start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end():]
    after = text[end:end + 30]
    if cut := _SENTENCE_END.search(after):
        after = after[:cut.start()]
    strength = None
    for m in (*_PLATE_WORDS.finditer(before), *_PLATE_WORDS.finditer(after)):
        if m.group("strong"):
            return "strong"
        strength = "weak"
    return strength


def _has_words(plate: str, *, units: bool) -> bool:
    """A spaced code whose letters read as words ("de 12 kg", "is 12 jr") or, with `units`,
    as a unit after a number ("12 kg 34")."""
    parts = plate.lower().split()
    return any(part in _NOT_PLATE_WORDS
               or (units and part in _UNITS and index and parts[index - 1].isdigit())
               for index, part in enumerate(parts))


def _is_loose_plate(text: str, m: re.Match[str]) -> bool:
    plate = m.group()
    if not _one_case(plate) or _MODEL_BEFORE.search(text[max(0, m.start() - 25):m.start()]):
        return False
    strength = _plate_context(text, m.start(), m.end())
    if strength is None or (" " in plate and _has_words(plate, units=strength == "weak")):
        return False
    if _POSTCODE_SHAPE.fullmatch(plate) and (
            strength == "weak" or _HOUSE_NUMBER_AFTER.match(text, m.end())):
        return False  # "3811KR 21" is a postcode (sidecode 2 plates are from the sixties)
    letters = {char for char in plate.lower() if char.isalpha()}
    return strength == "strong" or letters <= _PLATE_LETTERS


def _loose_plates(text: str) -> list[Finding]:
    """Codes without dashes, looked for only near a word about vehicles (which they need).
    A rejected candidate may hide a plate that starts inside it ("is BB 00 00"): the search
    goes on from its next character."""
    windows: list[list[int]] = []
    for word in _PLATE_WORDS.finditer(text):
        start, end = max(0, word.start() - 30), word.end() + 60
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    found = []
    for start, end in windows:
        # The look-behind sees before `pos`; the look-ahead needs a few characters more.
        position, stop = start, min(len(text), end + 10)
        while (m := _LOOSE_PLATE.search(text, position, stop)) and m.end() <= end:
            if _is_loose_plate(text, m):
                found.append(Finding(Kind.PLATE, m.start(), m.end(), m.group()))
                position = m.end()
            else:
                position = m.start() + 1
    return found


def plates(text: str) -> list[Finding]:
    return [Finding(Kind.PLATE, m.start(), m.end(), m.group())
            for m in _PLATE.finditer(text) if _one_case(m.group())] + _loose_plates(text)


def documents(text: str) -> list[Finding]:
    found = []
    for word in _DOCUMENT_WORD.finditer(text):
        m = (_DOCUMENT_NUMBER.match(text, word.end())
             or _DOCUMENT_NUMBER_LATER.match(text, word.end()))
        if m is None:
            continue
        code = m.group("code")
        if any(char.isdigit() for char in code):
            found.append(Finding(Kind.DOCUMENT, m.start("code"), m.end("code"), code))
    return found


def _looks_like_password(code: str) -> bool:
    """Zomer2024!, Welkom01, hunter2: a digit, or a capital or sign inside the word; not an
    ordinary word ("vergeten", "gewijzigd") and not an amount or a date."""
    if re.fullmatch(r"[0-9]+(?:[.,:/\-][0-9]+)+[,.\-]*|[€$£].*", code):
        return False
    return len(code) >= 5 and (
        any(char.isdigit() for char in code)
        or any(char.isupper() for char in code[1:])
        or any(not char.isalnum() for char in code[1:-1])
    )


def _is_plain_password(word: str, *, explicit: bool, colon: bool, quoted: bool) -> bool:
    """A one-word password ("Appeltaart", "Sunshine") after "is", ":" or in quotes: a
    capitalised word, or any word after ":" or in quotes, that is not said about passwords."""
    if not (word.isalpha() and len(word) >= 5 and (explicit or quoted)):
        return False
    if word.lower() in _ABOUT_PASSWORDS or _PARTICIPLE.fullmatch(word):
        return False
    return word[0].isupper() or colon or quoted


def secrets(text: str) -> list[Finding]:
    found = []
    for word in _SECRET_WORD.finditer(text):
        position = word.end()
        if clause := _SECRET_CLAUSE.match(text, position):
            position = clause.end()
        marker = _SECRET_MARKER.match(text, position)
        explicit = bool(_EXPLICIT.search(marker.group()))
        colon = any(char in marker.group() for char in ":=")
        if clause and not explicit:
            continue
        value = _SECRET_VALUE.match(text, marker.end())
        if value is None:
            continue
        code, start = value.group("code"), value.start("code")
        while code and code[-1] in _TRAILING:
            code = code[:-1]
        if word.group("pin"):
            match = re.match(r"[0-9]{4,6}(?![0-9])", code)
            if not match:
                continue
            code = match.group()
        elif word.group().lower() in ("ww", "pass", "login", "inlog") and not explicit:
            continue  # "WW-uitkering", "pass 2024", "login 3 keer mislukt"
        elif not (_looks_like_password(code) or _is_plain_password(
                code.rstrip("!#$%&*+@~^"), explicit=explicit, colon=colon,
                quoted=bool(value.group("quote")))):
            continue
        found.append(Finding(Kind.SECRET, start, start + len(code), code))
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
