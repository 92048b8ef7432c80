"""Importing the US CFPB Consumer Complaint Database (CSV) as published complaints, all rows of
a file in one transaction."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from complaints.accounts.models import SiteRole, User
from complaints.cases.effects import History, Step, replay
from complaints.cases.models import Category, Complaint, ComplaintEvent
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import AMSTERDAM, today, utcnow
from complaints.companies.models import Company, CompanyStatus, Sector
from complaints.companies.services import add_to_stored_counts, create_company, name_key
from complaints.extensions import db, refresh_query_statistics
from complaints.figures import services as figures
from complaints.pii import redact, redact_with_findings
from complaints.sanitize import render_markdown
from complaints.search.engines import engine as search_engine
from complaints.threads.models import Reply, Voice

COLUMNS = (
    "Date received", "Product", "Sub-product", "Issue", "Sub-issue",
    "Consumer complaint narrative", "Company public response", "Company", "State", "ZIP code",
    "Tags", "Consumer consent provided?", "Submitted via", "Date sent to company",
    "Company response to consumer", "Timely response?", "Consumer disputed?", "Complaint ID",
)
# How the published extracts write "no value": an empty field in one, the word None in another.
MISSING = frozenset({"", "None"})
REF_PREFIX = "cfpb:"
SECTOR = "finance"
IMPORT_EMAIL = "import-cfpb@helpdeskhel.invalid"
IMPORT_NAME = "Consument (CFPB)"
SIGNATURE = "Customer care"
APPROVE_REASON = "Imported from the CFPB Consumer Complaint Database"
TITLE_MAX = 140
BATCH = 500

# What the company answered at the CFPB, and what it means here. "Closed with relief" and
# "Closed without relief" are the values of the CFPB's exports before 2017.
RELIEF_RESPONSES = frozenset({"closed with monetary relief", "closed with non-monetary relief",
                              "closed with relief"})
ANSWER_RESPONSES = frozenset({"closed with explanation", "closed", "closed without relief",
                              "untimely response"})
OPEN_RESPONSES = frozenset({"", "in progress"})
LATE_REPLY_DAYS, TIMELY_REPLY_DAYS = 20, 1

# Our category for a CFPB complaint: each pattern is tried on the Issue, then on the Product;
# the first hit wins and no hit is "other". The order settles issues that name two things:
# "share information improperly" is privacy before reachability, "payoff process at the end
# of the loan" billing before contract, "disclosure verification of debt" billing before
# advice. "Incorrect information on your report" (a wrong entry in a credit file, a quarter of
# all CFPB complaints) comes first and is "other": the data is wrong, not leaked (privacy), and
# nobody was advised (advice) — filing a third of all imports under "wrong advice" would make
# that category meaningless.
CATEGORY_RULES: list[tuple[str, re.Pattern[str]]] = [
    (slug, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for slug, pattern in (
        ("other", r"incorrect information on (?:your|my) report"),
        ("privacy", r"privacy|identity theft|personal information|improper use of (?:your|my) "
                    r"report|shar(?:e|ing) (?:of )?info|fraud alerts?|security freezes?"),
        ("reachability", r"communication|contact|reach|customer service"),
        ("billing", r"billing|fees?\b|charg|payments?\b|paying|payoff|interest|debt|collect|"
                    r"statement\b|withdrawals?\b|funds being low|wrong amount|transaction|"
                    r"(?:struggling|unable) to (?:re)?pay"),
        ("contract", r"clos(?:e|ing)|cancel|open|managing|management|getting (?:a|the) "
                     r"(?:loan|line|credit card|card)|appl(?:y|ied|ying|ication)|credit limit|"
                     r"repossess|end of the loan"),
        ("advice", r"information|advice|disclosures?\b|misleading|advertising|marketing|"
                   r"false statements|confusing"),
        ("delivery", r"not available when promised|didn'?t receive|deliver"),
        ("outage", r"trouble using|not working|outage|unable to use"),
    )
]

_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})")
_MONTH_DAY_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


class ImportRefused(Exception):
    """The file cannot be imported as a whole; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CfpbRow:
    """One checked row; missing values are empty strings."""

    number: int
    line: int
    complaint_id: str
    received: date
    sent: date
    product: str
    sub_product: str
    issue: str
    sub_issue: str
    narrative: str
    public_response: str
    company: str
    state: str
    submitted_via: str
    response: str
    timely: bool
    disputed: bool

    @property
    def external_ref(self) -> str:
        return f"{REF_PREFIX}{self.complaint_id}"


@dataclass(frozen=True)
class Outcome:
    status: Status
    first_response_at: datetime | None
    resolved_at: datetime | None


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    skipped: int = 0  # imported before (same Complaint ID)
    repeated: int = 0  # the same Complaint ID again further down the file
    companies_created: int = 0
    with_narrative: int = 0
    without_narrative: int = 0
    redacted: int = 0  # stories in which the personal-data guard replaced something


# --- reading and checking ---------------------------------------------------------------------

def decode(data: bytes) -> str:
    """The file's text, strictly as UTF-8 (a UTF-8 byte order mark is dropped).

    CFPB exports are UTF-8. Anything else is refused by name instead of guessed: a wrong guess
    would publish garbled stories, and a half-right one would not be noticed.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused("not UTF-8 text (looks like UTF-16: it starts with a UTF-16 byte "
                            "order mark); save it as UTF-8 and try again")
    if b"\x00" in data[:4096]:
        raise ImportRefused("not UTF-8 text (looks like UTF-16: it holds NUL bytes); save it "
                            "as UTF-8 and try again")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused(
            f"not UTF-8: byte 0x{data[error.start]:02x} at position {error.start} (line {line}); "
            "the file may be Windows-1252 or Latin-1 — save it as UTF-8 and try again"
        ) from None
    return text.removeprefix("\ufeff")


def parse_date(text: str) -> date:
    """'2020/3/18' (year/month/day), '03/22/23' (month/day/year in this century) or
    '2020-03-18'; ValueError for anything else."""
    if match := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = match.groups()
    elif match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = match.groups()
        year = f"20{year}" if len(year) == 2 else year
    else:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def read_cfpb(path: str | Path) -> list[CfpbRow]:
    """Every row of a CFPB export, checked before anything is written.

    Refused as a whole (ImportRefused, naming the row and its first line in the file): text
    that is not UTF-8, a missing CFPB column, a row whose field count differs from the header,
    a date that is not a date, a Complaint ID that is not a number, an empty company, or a
    company response we do not know. Importing the good rows of a bad file would leave a
    half-imported file that a second run cannot tell apart from a complete one.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read the file: {error.strerror}") from None
    if not data.strip():
        raise ImportRefused("the file is empty")
    reader = csv.reader(io.StringIO(decode(data), newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportRefused(f"line 1 (the header): {error}") from None
    names = [name.strip() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise ImportRefused(
            f"not a CFPB complaints file: missing column(s) {', '.join(missing)} "
            f"(the header has {', '.join(names) or 'nothing'})")
    index = {column: names.index(column) for column in COLUMNS}
    rows: list[CfpbRow] = []
    number, line = 0, reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportRefused(f"row {number + 1} (line {line}): {error}") from None
        if fields:  # a blank line is not a row
            number += 1
            if len(fields) != len(names):
                raise ImportRefused(f"row {number} (line {line}): {len(fields)} fields where "
                                    f"the header has {len(names)}")
            rows.append(_checked_row(fields, index, number, line))
        line = reader.line_num + 1
    return rows


def _checked_row(fields: list[str], index: dict[str, int], number: int, line: int) -> CfpbRow:
    where = f"row {number} (line {line})"

    def value(column: str) -> str:
        text = fields[index[column]].strip()
        return "" if text in MISSING else text

    def day(column: str, required: bool) -> date | None:
        text = value(column)
        if not text and not required:
            return None
        try:
            parsed = parse_date(text)
        except ValueError:
            raise ImportRefused(f"{where}: {column} {fields[index[column]]!r} is not a date "
                                "(expected 2020/3/18 or 03/22/23)") from None
        if parsed > today() + timedelta(days=1):
            raise ImportRefused(f"{where}: {column} {text} lies in the future")
        return parsed

    received = day("Date received", required=True)
    sent = day("Date sent to company", required=False) or received
    complaint_id = value("Complaint ID")
    if not re.fullmatch(r"\d{1,40}", complaint_id):
        raise ImportRefused(f"{where}: Complaint ID {fields[index['Complaint ID']]!r} is not a "
                            "number")
    company = " ".join(value("Company").split())
    if not name_key(company):
        raise ImportRefused(f"{where}: Company {fields[index['Company']]!r} is not a name")
    response = " ".join(value("Company response to consumer").split())
    if response.casefold() not in RELIEF_RESPONSES | ANSWER_RESPONSES | OPEN_RESPONSES:
        raise ImportRefused(f"{where}: unknown Company response to consumer {response!r}")
    return CfpbRow(
        number=number, line=line, complaint_id=complaint_id, received=received,
        sent=max(sent, received), product=value("Product"), sub_product=value("Sub-product"),
        issue=value("Issue"), sub_issue=value("Sub-issue"),
        narrative=value("Consumer complaint narrative"),
        public_response=value("Company public response"), company=company,
        state=value("State"), submitted_via=value("Submitted via"), response=response,
        timely=value("Timely response?").casefold() == "yes",
        disputed=value("Consumer disputed?").casefold() == "yes",
    )


# --- what a row becomes -----------------------------------------------------------------------

def noon(day: date) -> datetime:
    """12:00 in Amsterdam on `day`, in UTC: the CFPB gives days, not times."""
    return datetime.combine(day, clock(12), tzinfo=AMSTERDAM).astimezone(UTC)


def category_slug(product: str, issue: str) -> str:
    """Our category for a CFPB Product and Issue (see CATEGORY_RULES)."""
    for text in (issue, product):
        for slug, pattern in CATEGORY_RULES:
            if text and pattern.search(text):
                return slug
    return "other"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def title_for(row: CfpbRow) -> str:
    """The Issue, with the Sub-issue when both fit in a title; cut to 140 characters."""
    issue = _one_line(row.issue) or _one_line(row.product) or "Complaint"
    sub_issue = _one_line(row.sub_issue)
    title = f"{issue}: {sub_issue}" if sub_issue and len(issue) + len(sub_issue) + 2 <= TITLE_MAX \
        else issue
    return _guarded_title(title)


@lru_cache(maxsize=4096)
def _guarded_title(title: str) -> str:
    """Titles repeat (a few hundred CFPB issues): each is guarded once."""
    title = redact(title)
    return title if len(title) <= TITLE_MAX else title[:TITLE_MAX - 1].rstrip() + "…"


def story_for(row: CfpbRow) -> str:
    """The consumer's narrative in full; without one, what the CFPB knows of the complaint."""
    if row.narrative:
        return row.narrative
    facts = [("Product", row.product), ("Sub-product", row.sub_product), ("Issue", row.issue),
             ("Sub-issue", row.sub_issue), ("State", row.state),
             ("Submitted via", row.submitted_via)]
    lines = [f"- {label}: {_one_line(value)}" for label, value in facts if value]
    return ("The consumer did not publish a description of this complaint. What the CFPB "
            "recorded:\n\n" + "\n".join(lines))


def outcome(row: CfpbRow) -> Outcome:
    """What the company's answer at the CFPB means here.

    Relief (money or otherwise) is resolved a day after the reply, unless the consumer disputed
    it: then, like an explanation, a plain "Closed" or an untimely response, the company
    answered and the complaint stays answered. "In progress" (or nothing) is open, without a
    reply. The CFPB gives no reply time, only whether it was timely (within 15 days), so a
    reply counts one day after the complaint was sent to the company when timely and twenty
    days after when not (an untimely response is always late).
    """
    response = row.response.casefold()
    if response in OPEN_RESPONSES:
        return Outcome(Status.OPEN, None, None)
    late = not row.timely or response == "untimely response"
    replied = noon(row.sent + timedelta(days=LATE_REPLY_DAYS if late else TIMELY_REPLY_DAYS))
    if response in RELIEF_RESPONSES and not row.disputed:
        return Outcome(Status.RESOLVED, replied, replied + timedelta(days=1))
    return Outcome(Status.ANSWERED, replied, None)


@lru_cache(maxsize=1024)
def _guarded_reply(body: str) -> tuple[str, str]:
    """Replies repeat (a dozen responses and public statements): each is guarded and rendered
    once."""
    source = redact(body)
    return source, render_markdown(source)


def reply_for(row: CfpbRow) -> str:
    body = f"Company response: {row.response}."
    if row.public_response:
        public = _one_line(row.public_response)
        body += f"\n\n{public}" + ("" if public.endswith((".", "!", "?")) else ".")
    return body


# --- writing ----------------------------------------------------------------------------------

def import_rows(rows: Sequence[CfpbRow], *,
                progress: Callable[[int], Any] | None = None) -> ImportReport:
    """Store checked rows as published complaints, in one transaction.

    Each new Complaint ID becomes a complaint by one system author ("Consument (CFPB)") about
    the listed company of that name (created in the finance sector when missing), published on
    the day the CFPB received it, with the company's answer as a reply and every status change
    as an event, as if it had gone through the site: its status columns, events and count
    moves are replayed with the rule `apply_transition` applies (`cases.effects.replay`).
    IDs imported before are skipped (and counted), so a file can be imported again. Stories,
    titles and replies go through the personal-data guard: nothing imported carries a
    detected item.

    The rows are written in bulk and the companies' counts raised with them; the stored
    figures (day buckets, company counts, window figures) are then rebuilt from all complaints,
    and that rebuild makes the one commit. Any failure rolls everything back: a file is
    imported completely or not at all.
    """
    report = ImportReport(rows=len(rows))
    advance = progress or (lambda count: None)
    try:
        fresh = _new_rows(rows, report)
        advance(len(rows) - len(fresh))
        if not fresh:
            db.session.rollback()
            return report
        author_id = _import_user().id
        categories = _category_ids()
        companies, report.companies_created = _companies([row.company for row in fresh])
        promises = _promises(list(companies.values()))
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # published, unresolved
        for batch in _batches(fresh, BATCH):
            _insert(batch, report, counts, author_id=author_id, categories=categories,
                    companies=companies, promises=promises)
            advance(len(batch))
        report.imported = len(fresh)
        add_to_stored_counts(counts)
        db.session.expire_all()
        figures.rebuild()
    except BaseException:
        db.session.rollback()
        raise
    refresh_query_statistics(full=True)
    search_engine().refresh_word_forms()
    return report


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _new_rows(rows: Sequence[CfpbRow], report: ImportReport) -> list[CfpbRow]:
    """The rows whose Complaint ID is neither stored nor earlier in the file."""
    stored: set[str] = set()
    refs = list(dict.fromkeys(row.external_ref for row in rows))
    for chunk in _batches(refs, 500):
        stored.update(db.session.scalars(
            select(Complaint.external_ref).where(Complaint.external_ref.in_(chunk))))
    fresh, seen = [], set()
    for row in rows:
        if row.external_ref in stored:
            report.skipped += 1
        elif row.external_ref in seen:
            report.repeated += 1
        else:
            seen.add(row.external_ref)
            fresh.append(row)
    return fresh


def _import_user() -> User:
    """The one author of every imported complaint, made on first use. It cannot sign in (no
    password matches "!") and its address cannot receive mail (.invalid)."""
    user = db.session.scalar(select(User).where(User.email == IMPORT_EMAIL))
    if user is None:
        user = User(email=IMPORT_EMAIL, display_name=IMPORT_NAME, role=SiteRole.CONSUMER,
                    password_hash="!", email_verified_at=utcnow())  # noqa: S106 - matches no password
        db.session.add(user)
        db.session.flush()
    return user


def _category_ids() -> dict[str, int]:
    categories: dict[str, int] = dict(
        db.session.execute(select(Category.slug, Category.id)).all())
    if "other" not in categories or not db.session.scalar(
            select(Sector.id).where(Sector.slug == SECTOR)):
        raise ImportRefused(f"the reference data is missing (category 'other' or sector "
                            f"'{SECTOR}'); run `flask --app app db upgrade` first")
    return categories


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    """name_key, once per distinct name (thousands of rows share a few hundred companies)."""
    return name_key(name)


def _companies(names: list[str]) -> tuple[dict[str, int], int]:
    """The company id per name key: the listed company with that key, or the company a merged
    one was folded into, else a new listed company (finance, no domains)."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(_key(name), name)
    listed: dict[str, int] = {}
    merged: dict[str, int] = {}
    for chunk in _batches(list(wanted), 500):
        rows = db.session.execute(
            select(Company.id, Company.name_key, Company.status, Company.merged_into_id)
            .where(Company.name_key.in_(chunk)).order_by(Company.id))
        for company_id, key, status, merged_into_id in rows:
            if status == CompanyStatus.LISTED:
                listed.setdefault(key, company_id)
            elif status == CompanyStatus.MERGED and merged_into_id is not None:
                merged.setdefault(key, merged_into_id)
    created = {key: create_company(name[:120], SECTOR) for key, name in wanted.items()
               if key not in listed and key not in merged}
    db.session.flush()
    ids = {**merged, **listed, **{key: company.id for key, company in created.items()}}
    return ids, len(created)


def _promises(company_ids: Sequence[int]) -> dict[int, int | None]:
    """Each company's response promise (hours): an imported answer is held to it as a reply
    on the site is (`promise_kept`)."""
    promises: dict[int, int | None] = {}
    for chunk in _batches(sorted(set(company_ids)), 500):
        promises.update(db.session.execute(
            select(Company.id, Company.response_promise_hours).where(Company.id.in_(chunk))
        ).all())
    return promises


def _insert(batch: Sequence[CfpbRow], report: ImportReport, counts: dict[int, list[int]], *,
            author_id: int, categories: dict[str, int], companies: dict[str, int],
            promises: dict[int, int | None]) -> None:
    """One batch: the complaints (their ids come back), then their replies and events."""
    complaints, replies, events = [], {}, {}
    for row in batch:
        values, reply, history = _complaint_values(row, report, author_id=author_id,
                                                   categories=categories, companies=companies,
                                                   promises=promises)
        complaints.append(values)
        counts[values["company_id"]][0] += history.published
        counts[values["company_id"]][1] += history.unresolved
        if reply is not None:
            replies[row.external_ref] = reply
        events[row.external_ref] = history.events
    # None goes as NULL (render_nulls): the ORM would leave it out of a row's parameters, and
    # rows with None in different columns (a submit event has no from_status, an approve
    # event no actor) would then be inserted one statement each instead of in one batch.
    stored = db.session.execute(
        insert(Complaint).execution_options(render_nulls=True)
        .returning(Complaint.id, Complaint.external_ref), complaints)
    ids = {ref: complaint_id for complaint_id, ref in stored}
    reply_rows = [{**reply, "complaint_id": ids[ref]} for ref, reply in replies.items()]
    event_rows = [{**event, "complaint_id": ids[ref]}
                  for ref, row_events in events.items() for event in row_events]
    if reply_rows:
        db.session.execute(insert(Reply).execution_options(render_nulls=True), reply_rows)
    db.session.execute(insert(ComplaintEvent).execution_options(render_nulls=True), event_rows)


def steps_for(row: CfpbRow, author_id: int) -> list[Step]:
    """The transitions an imported complaint went through, as if on the site: the import's
    author submits it and it is published on the day the CFPB received it (by no moderator,
    with the import as reason); the company's answer and the consumer's resolution follow
    at the times `outcome` gives them."""
    published = noon(row.received)
    result = outcome(row)
    steps = [Step(Action.SUBMIT, Role.AUTHOR, published, author_id),
             Step(Action.APPROVE, Role.MODERATOR, published, reason=APPROVE_REASON)]
    if result.first_response_at is not None:
        steps.append(Step(Action.ANSWER, Role.REPRESENTATIVE, result.first_response_at,
                          author_id))
    if result.resolved_at is not None:
        steps.append(Step(Action.RESOLVE, Role.AUTHOR, result.resolved_at, author_id))
    return steps


def _complaint_values(row: CfpbRow, report: ImportReport, *, author_id: int,
                      categories: dict[str, int], companies: dict[str, int],
                      promises: dict[int, int | None]) -> tuple[dict, dict | None, History]:
    """The complaint row, its reply (None while the company has not answered) and its history
    (status columns, events and count moves, replayed by `cases.effects`)."""
    company_id = companies[_key(row.company)]
    history = replay(steps_for(row, author_id), promise_hours=promises.get(company_id))
    body, findings = redact_with_findings(story_for(row))
    report.with_narrative += bool(row.narrative)
    report.without_narrative += not row.narrative
    report.redacted += bool(findings)
    complaint = {
        "company_id": company_id, "author_id": author_id,
        "category_id": categories.get(category_slug(row.product, row.issue),
                                      categories["other"]),
        "title": title_for(row), "body_source": body, "body_html": render_markdown(body),
        "contacts_before": 0, "first_contact_on": None, "desired_outcome": "",
        **history.fields, "updated_at": history.updated_at, "supporters_count": 0,
        "external_ref": row.external_ref,
        "pii_redactions": dict(Counter(str(f.kind) for f in findings)) or None,
        "version_id": 1,
    }
    reply = None
    first_response_at = history.fields["first_response_at"]
    if first_response_at is not None:
        reply_body, reply_html = _guarded_reply(reply_for(row))
        reply = {"author_id": author_id, "voice": Voice.COMPANY, "representative_id": None,
                 "signature_name": SIGNATURE, "signature_title": None,
                 "body_source": reply_body, "body_html": reply_html,
                 "pii_redactions": None, "created_at": first_response_at}
    return complaint, reply, history
