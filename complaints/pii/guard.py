"""The guard that services call before anything is stored as public text.

What detection.py finds is named to the writer in their language (KIND_LABELS). Unless they
chose to have it replaced by MARKER, nothing is saved: PersonalDataFound carries the findings
to the form. Markdown fields are also checked as a reader will see them. The counts of what
was replaced are kept with the complaint (count_by_kind, merge_counts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from complaints.errors import DomainError
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.pii.detection import Finding, Kind, find_personal_data
from complaints.pii.detection import redact as _redact_text  # guard_fields has a `redact` flag
from complaints.sanitize import html_to_text, render_markdown

KIND_LABELS = {
    Kind.BSN: _l("citizen service number (BSN)"),
    Kind.IBAN: _l("bank account number (IBAN)"),
    Kind.PHONE: _l("phone number"),
    Kind.EMAIL: _l("e-mail address"),
    Kind.ADDRESS: _l("home address"),
    Kind.BIRTH_DATE: _l("date of birth"),
    Kind.PLATE: _l("licence plate"),
    Kind.DOCUMENT: _l("document number"),
    Kind.SECRET: _l("password or PIN"),
    Kind.CARD: _l("payment card number"),
    Kind.NUMBER: _l("customer, contract or ticket number"),
}


def count_by_kind(findings: Iterable[Finding]) -> dict[str, int]:
    return dict(Counter(str(finding.kind) for finding in findings))


def merge_counts(before: dict[str, int] | None, more: dict[str, int]) -> dict[str, int]:
    merged = Counter(before or {})
    merged.update(more)
    return dict(merged)


def describe(findings: Iterable[Finding]) -> str:
    """'a phone number, 2 × bank account number (IBAN)' in the current language."""
    parts = []
    for kind, count in Counter(finding.kind for finding in findings).items():
        label = str(KIND_LABELS[kind])
        parts.append(label if count == 1 else f"{count} × {label}")
    return ", ".join(parts)


class PersonalDataFound(DomainError):
    """Text meant to be public holds personal data, and the writer has not chosen yet between
    having it replaced and editing it. Nothing was saved.

    `findings` maps each field to what was found in it (offsets into that field's text), so
    the form can show each item in its context. `fixable` is False when replacing cannot
    help (personal data hidden by formatting): then the writer must edit.
    """

    def __init__(self, findings: dict[str, list[Finding]], texts: dict[str, str],
                 *, fixable: bool = True):
        super().__init__(_("Your text contains personal data that should not be public."))
        self.errors = [
            (name, _("Contains: %(items)s.", items=describe(found)))
            for name, found in findings.items()
        ]
        self.findings = findings
        self.texts = texts
        self.fixable = fixable


@dataclass
class Guarded:
    texts: dict[str, str]  # the texts to store, with any replacements made
    redactions: dict[str, int]  # what was replaced, by kind


def guard_fields(texts: dict[str, str], *, redact: bool,
                 markdown_fields: Iterable[str] = (),
                 company_domains: Iterable[str] = (),
                 office_address: str | None = None) -> Guarded:
    """Check every field of a text that will be public.

    Without `redact`, any finding raises PersonalDataFound and nothing is saved. With it, each
    finding is replaced by the marker. Markdown fields are also checked as a reader will see
    them (after rendering), so formatting cannot hide a number from the guard; what is found
    only there cannot be replaced automatically and must be edited. E-mail addresses on
    `company_domains` (the company's own web domains) are public and pass, and so does the
    company's `office_address` (the one on its profile).
    """
    domains = tuple(company_domains)
    findings = {name: found for name, text in texts.items()
                if (found := find_personal_data(text, domains, office_address))}
    if findings and not redact:
        raise PersonalDataFound(findings, texts)
    cleaned = {name: _redact_text(text, domains, office_address) if name in findings else text
               for name, text in texts.items()}
    hidden = {name: found for name in markdown_fields
              if (found := find_personal_data(html_to_text(render_markdown(cleaned[name])),
                                              domains, office_address))}
    if hidden:
        raise PersonalDataFound(hidden, {name: html_to_text(render_markdown(cleaned[name]))
                                         for name in hidden}, fixable=False)
    return Guarded(cleaned, count_by_kind(f for found in findings.values() for f in found))


def scan_complaint(complaint) -> dict[str, list[Finding]]:
    """What the guard finds in a stored complaint now (normally nothing): used to refuse
    publishing it and to highlight it for moderators. The company's own domains and office
    address pass here as they did when the author wrote it."""
    company = complaint.company
    domains = [d.domain for d in company.domains] if company is not None else []
    office_address = company.office_address if company is not None else None
    texts = {"title": complaint.title, "body": complaint.body_source,
             "body_html": html_to_text(complaint.body_html),
             "desired_outcome": complaint.desired_outcome or ""}
    return {name: list(found) for name, text in texts.items()
            if (found := _found_in(text, tuple(domains), office_address))}


@lru_cache(maxsize=2048)
def _found_in(text: str, domains: tuple[str, ...], office_address: str | None,
              ) -> tuple[Finding, ...]:
    """`find_personal_data`, kept per text: a waiting story is scanned at every look at the
    moderation queue and again when it is published, and its text only changes by an edit
    (which is another text). The findings are frozen, so sharing them is safe."""
    return tuple(find_personal_data(text, domains, office_address))
