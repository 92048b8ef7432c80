"""Replies that ask for personal data: a company asking the consumer to post it in public."""

from __future__ import annotations

import re

from complaints.pii.detection import Kind

_ASKED_KEYWORDS: dict[Kind, re.Pattern[str]] = {
    # A date of birth has no kind of its own; it identifies a person like a BSN does.
    Kind.BSN: re.compile(
        r"\b(?:bsn|burgerservicenummer|sofi-?nummer|social security number|ssn|"
        r"geboortedatum|date of birth|birth ?date)\b", re.IGNORECASE),
    Kind.IBAN: re.compile(
        r"\b(?:iban|(?:bank)?rekeningnummer|rekeningnr|bankrekening|bankgegevens|"
        r"bank account(?: number)?|bank details)\b", re.IGNORECASE),
    Kind.PHONE: re.compile(
        r"\b(?:telefoonnummer|telnr|mobiele? nummer|06-?nummer|"
        r"(?:tele|cell|mobile )?phone number|mobile number)\b", re.IGNORECASE),
    Kind.EMAIL: re.compile(
        r"\b(?:e-?mail[ -]?(?:adres|address)|mailadres)\b|\byour e-?mail\b(?! (?:us|ons|address))",
        re.IGNORECASE),
    Kind.ADDRESS: re.compile(
        r"\b(?:woon|huis|post|thuis|bezorg|factuur)?adres(?:sen)?\b|\bpostcode\b|"
        r"\bhuisnummer\b|\b(?:home |postal |street |mailing )?address(?:es)?\b|"
        r"\bzip ?code\b", re.IGNORECASE),
    Kind.NUMBER: re.compile(
        r"\b(?:klantnummer|klantnr|contractnummer|ordernummer|bestelnummer|dossiernummer|"
        r"referentienummer|factuurnummer|ticketnummer|polisnummer|relatienummer|lidnummer|"
        r"pasnummer|aansluitnummer|meternummer|zaaknummer|customer (?:number|id)|"
        r"account number|order number|reference number|case number|policy number|"
        r"contract number|ticket number)\b", re.IGNORECASE),
}

_REQUEST = re.compile(
    r"\bstuur\b|\b(?:stuurt|vermeldt|deelt|geeft|plaatst|zet|laat) (?:u|je|jij)\b|"
    r"\b(?:vermeld|noem|reageer|typ)\b|\b(?:deel|plaats) (?:je|jouw|uw|hier)\b|"
    r"\bgeef\b.{0,80}\b(?:door|op)\b|\blaat\b.{0,80}\b(?:achter|weten)\b|\bzet\b.{0,80}\bhier\b|"
    r"\b(?:kun|kunt|kan|wil|wilt|zou|zoudt|mag|mogen)\b.{0,80}\b(?:sturen|toesturen|doorsturen|"
    r"vermelden|delen|doorgeven|geven|posten|plaatsen|noemen|achterlaten|laten weten|"
    r"opgeven|melden|vertellen|invullen|bevestigen|hebben|ontvangen|krijgen)\b|"
    r"\b(?:mag|mogen) (?:ik|we|wij)\b|\bwat (?:is|zijn|was) (?:je|jouw|uw)\b|"
    r"\bgraag (?:je|jouw|uw)\b|"
    r"\b(?:ontvangen|hebben|zien) (?:we|wij)? ?graag\b|\bhebben\b.{0,80}\bnodig\b|"
    r"\b(?:please|pls|kindly)\b.{0,80}\b(?:post|send|share|provide|give|include|leave|tell|reply|"
    r"drop|add|confirm|enter|state|list|write|comment|let us know)\b|"
    r"\b(?:can|could|would|will) you\b.{0,80}\b(?:post|send|share|provide|give|include|leave|tell|"
    r"reply|confirm|let us know)\b|"
    r"\bwhat(?:'s|’s| is| are| was) your\b|"
    r"\b(?:send|share|provide|post|give|leave|include|confirm) (?:us )?(?:with )?your\b|"
    r"\breply with\b|\bwe(?: need| require| will need|'ll need|’ll need)\b|"
    r"\bmay (?:we|i) have\b",
    re.IGNORECASE,
)
_PRIVATE_CHANNEL = re.compile(
    r"\bpriv[eé][ -]?bericht(?:en|je)?\b|\bpersoonlijk(?:e)? bericht(?:en)?\b|\bpriv[eé]\b|"
    r"\b(?:pb|pm|dm|dm'?en|dm'?etje)\b|\bdirect ?message|\bprivate ?message|\bprivately\b|"
    r"\bin private\b|\bbesloten\b|\bcontactformulier\b|\bcontact ?form\b|\binbox\b|"
    r"\bmijn ?omgeving\b|\b(?:per|via|by) e-?mail\b|\b(?:e-?)?mail (?:ons|us|naar)\b|"
    r"\b(?:een|an) e-?mail(?:tje)?\b|\bbel ons\b|\bcall us\b|"
    r"\btelefonisch\b|\S@\S+\.\w",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:niet|nooit|geen|never|not|don'?t|do not|no need)\b", re.IGNORECASE)
# "naar je adres", "to your address": the data is a destination, not something asked for.
_DESTINATION = re.compile(
    r"\b(?:naar|op|aan|via|per|bij|in|to|at|on|by) (?:je|jouw|uw|your|het|de|the) (?:\w+ )?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def asks_for_personal_data(text: str) -> list[Kind]:
    """The kinds of personal data a company's public reply asks the consumer to post.

    A heuristic over a keyword table: a sentence with a request ("stuur ons je IBAN", "wat is
    je telefoonnummer?", "please post your account number") and a kind of personal data counts,
    unless that sentence or the next points to a private channel (private message, DM, e-mail,
    phone) or says not to. The result triggers a warning to the representative, never a block:
    a false alarm costs a glance, a missed one is caught by the guard on the consumer's answer.
    """
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    asked: set[Kind] = set()
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        if (
            not _REQUEST.search(sentence)
            or _NEGATION.search(sentence)
            or _PRIVATE_CHANNEL.search(sentence)
            or _PRIVATE_CHANNEL.search(following)
        ):
            continue
        rest = sentence
        for kind, pattern in _ASKED_KEYWORDS.items():
            for m in pattern.finditer(rest):
                if not _DESTINATION.search(rest[max(0, m.start() - 40):m.start()]):
                    asked.add(kind)
            # "bank account number" is an IBAN, not also an account number; "e-mailadres"
            # is not also an address: blank what this kind matched before the next kind.
            rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    return [kind for kind in Kind if kind in asked]  # in the order of Kind
