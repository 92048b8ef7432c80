"""What the guard finds: the kinds of personal data, a finding, and the marker replacing it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MARKER = "[afgeschermd]"


class Kind(StrEnum):
    BSN = "bsn"
    IBAN = "iban"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    BIRTH_DATE = "birth_date"
    PLATE = "plate"
    DOCUMENT = "document"
    SECRET = "secret"  # noqa: S105 - the name of a kind, not a password
    CARD = "card"
    NUMBER = "number"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str
