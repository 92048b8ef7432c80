"""Company names, slugs and lookups: resolving what a consumer typed to a listed company."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import Select, bindparam, or_, select, update

from complaints.companies.models import Company, CompanyDomain, CompanyStatus, Sector
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.pii import describe, find_personal_data
from complaints.search.queries import suggest_companies

LEGAL_FORMS = ("b.v.", "bv", "n.v.", "nv", "v.o.f.", "vof", "holding", "nederland")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def fold(text: str) -> str:
    """Lower case, no accents, punctuation to single spaces: 'Éénmaal  B.V.' -> 'eenmaal b v'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain.casefold()).replace("_", " ").split())


def name_key(name: str) -> str:
    """The key two names must share to be the same company: folded, legal form dropped."""
    words = fold(name).split()
    legal = {fold(form) for form in LEGAL_FORMS}
    while len(words) > 1 and (words[-1] in legal or " ".join(words[-2:]) in legal):
        words = words[:-2] if " ".join(words[-2:]) in legal else words[:-1]
    return " ".join(words)[:120]


def slugify(name: str) -> str:
    ascii_only = fold(name).encode("ascii", "ignore").decode()
    return "-".join(ascii_only.split())[:100].strip("-") or "bedrijf"


def unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(
        select(Company.slug).where(or_(Company.slug == base, Company.slug.like(f"{base}-%")))
    ))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def normalize_domain(raw: str) -> str | None:
    """'https://www.Example.nl/x' -> 'example.nl'; None when it is not a domain name."""
    text = (raw or "").strip().lower()
    if not text:
        return None
    try:
        host = urlsplit(text if "://" in text else f"//{text}").hostname or ""
    except ValueError:  # "http://[a]/": brackets that hold no IPv6 address
        return None
    host = host.removeprefix("www.")
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", host):
        return None
    return host


@dataclass
class Resolution:
    company: Company | None
    suggestions: list[Company] = field(default_factory=list)


class CompanyNotResolved(DomainError):
    """The typed name matches no listed company exactly; the person must choose."""

    def __init__(self, typed: str, suggestions: list[Company]):
        super().__init__(
            _("We do not know “%(name)s” exactly. Choose the right company below, or propose it "
              "as a new company.", name=typed),
            "company",
        )
        self.typed = typed
        self.suggestions = suggestions


def check_public_name(name: str, field: str) -> None:
    """A company name becomes public: it may not carry personal data (a consumer could type
    their own name and phone number as the "company")."""
    if found := find_personal_data(name):
        raise DomainError(_("A company name cannot contain personal data (%(items)s).",
                            items=describe(found)), field)


def listed_companies() -> Select:
    return select(Company).where(Company.status == CompanyStatus.LISTED)


def resolve_company(typed: str) -> Resolution:
    """Find the listed company a consumer means by a typed name or web address.

    An exact match on the folded name (or on one of its domains) resolves; otherwise up to
    eight listed companies whose name starts with or contains what was typed are suggested.
    """
    key = name_key(typed)
    if not key:
        return Resolution(None)
    company = db.session.scalar(listed_companies().where(Company.name_key == key))
    if company is None and (domain := normalize_domain(typed)) and "." in typed:
        company = db.session.scalar(
            listed_companies().join(CompanyDomain).where(CompanyDomain.domain == domain)
        )
    if company is not None:
        return Resolution(company)
    return Resolution(None, suggest_companies(typed, limit=8))


def company_for_choice(choice: str) -> Company:
    company = db.session.scalar(listed_companies().where(Company.slug == choice))
    if company is None:
        raise DomainError(_("Choose one of the companies shown, or propose a new one."), "company")
    return company


def propose_company(name: str, sector_slug: str | None, website: str | None, proposer_id: int
                    ) -> Company:
    """A company a consumer named that is not listed; public once a moderator approves it.

    Proposals with the same name share one row, so two people naming the same new company
    end up on one company page. Part of the caller's transaction (no commit here).
    """
    name = " ".join((name or "").split())
    key = name_key(name)
    if len(key) < 2:
        raise DomainError(_("Fill in the name of the company."), "company")
    check_public_name(name, "company")
    existing = db.session.scalar(select(Company).where(Company.name_key == key))
    if existing is not None and existing.merged_into_id is not None:
        # A moderator already folded this name into a listed company: use that one.
        return db.session.get(Company, existing.merged_into_id)
    if existing is not None:
        return existing
    sector = db.session.scalar(select(Sector).where(Sector.slug == (sector_slug or "")))
    if sector is None:
        raise DomainError(_("Choose the sector of the new company."), "new_company_sector")
    domain = normalize_domain(website or "")
    if website and domain is None:
        raise DomainError(_("This is not a web address."), "new_company_website")
    company = Company(name=name[:120], name_key=key, slug=unique_slug(name), sector=sector,
                      status=CompanyStatus.PROPOSED, proposed_by_id=proposer_id,
                      website=f"https://{domain}" if domain else None)
    if domain and db.session.scalar(select(CompanyDomain).where(CompanyDomain.domain == domain)):
        domain = None  # the domain belongs to a listed company already; a moderator will merge
    if domain:
        company.domains.append(CompanyDomain(domain=domain))
    db.session.add(company)
    return company


def directory(letter: str | None, query: str | None, sector_slug: str | None) -> Select:
    """Listed companies for the A–Z directory, filtered by first letter, name and sector."""
    stmt = listed_companies().order_by(Company.name_key, Company.id)
    if letter == "#":
        stmt = stmt.where(~or_(*[Company.name_key.like(f"{ch.lower()}%") for ch in LETTERS]))
    elif letter and letter.upper() in set(LETTERS):
        stmt = stmt.where(Company.name_key.like(f"{letter.lower()}%"))
    if query and (key := fold(query)):
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Company.name_key.like(f"%{escaped}%", escape="\\"))
    if sector_slug:
        stmt = stmt.join(Sector).where(Sector.slug == sector_slug)
    return stmt


def sectors() -> list[Sector]:
    return list(db.session.scalars(select(Sector).order_by(Sector.position, Sector.id)))


def get_by_slug(slug: str) -> Company | None:
    if "\x00" in slug:  # no slug has one, and PostgreSQL refuses NUL in a query's text
        return None
    return db.session.scalar(select(Company).where(Company.slug == slug))


def create_company(name: str, sector_slug: str, *, domains: list[str] | None = None,
                   description: str = "", website: str | None = None) -> Company:
    """A listed company (seed data, command line). Part of the caller's transaction."""
    sector = db.session.scalar(select(Sector).where(Sector.slug == sector_slug))
    if sector is None:
        raise DomainError(_("Unknown sector."), "sector")
    company = Company(name=name, name_key=name_key(name), slug=unique_slug(name), sector=sector,
                      description=description, website=website, status=CompanyStatus.LISTED)
    for raw in domains or []:
        if domain := normalize_domain(raw):
            company.domains.append(CompanyDomain(domain=domain))
    db.session.add(company)
    return company


def add_to_stored_counts(moves: dict[int, list[int]]) -> None:
    """Move many companies' stored `published_count` and `unresolved_count` at once, by
    `moves[company_id] = [published, unresolved]`: what the bulk writers (the CFPB import,
    seed-bulk) add, as every status change moves them, so the figures rebuild has nothing to
    correct. Part of the caller's transaction."""
    table = Company.__table__
    rows = [{"company": company_id, "published": published, "unresolved": unresolved}
            for company_id, (published, unresolved) in moves.items()]
    if rows:
        db.session.execute(
            update(table).where(table.c.id == bindparam("company"))
            .values(published_count=table.c.published_count + bindparam("published"),
                    unresolved_count=table.c.unresolved_count + bindparam("unresolved")),
            rows)
