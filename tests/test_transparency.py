"""The transparency report (/transparency, /transparency.csv) and the reporting record on each
company page: the figures equal a count made here by hand, the CSV reads back to the numbers
the page shows, and no personal data is in either."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser
from statistics import median
from zoneinfo import ZoneInfo

import pytest

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.dueprocess import transparency
from complaints.dueprocess.models import (
    Appeal,
    AppealOutcome,
    Decision,
    Notice,
    NoticeReason,
    NoticeStatus,
    NotifierKind,
    Statement,
)
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.moderation.models import Flag, FlagStatus, ModerationMonthlyCount
from complaints.threads import services as threads
from tests.builders import (
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOTIFIER_NAME = "Zebulon Quartelmeijer"
NOTIFIER_EMAIL = "zebulon.quartelmeijer@advocaten.example"


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (reason, kind, status, created, confirmed, decided): around the turn of the year in Dutch
# time. 31 December 23:30 UTC is already 1 January in Amsterdam; 30 November 23:30 UTC is
# already December.
NOTICES = [
    ("defamation", "company", "acted", at(2025, 11, 30, 23, 30), at(2025, 11, 30, 23, 40),
     at(2025, 12, 2, 9, 40)),
    ("personal_data", "other", "dismissed", at(2025, 12, 3, 8), at(2025, 12, 3, 9),
     at(2025, 12, 3, 14)),
    ("personal_data", "consumer", "open", at(2025, 12, 20, 10), at(2025, 12, 20, 10), None),
    ("spam", "other", "acted", at(2025, 12, 31, 20), at(2025, 12, 31, 23, 30),
     at(2026, 1, 1, 2, 30)),
    ("threat_or_hate", "company", "acted", at(2026, 1, 10, 12), at(2026, 1, 10, 12),
     at(2026, 1, 11, 0)),
    ("defamation", "company", "unconfirmed", at(2026, 1, 12, 12), None, None),
    ("other", "consumer", "dismissed", at(2026, 1, 15, 12), None, at(2026, 1, 16, 12)),
]
# (decision, automated, statement created, appeal filed, appeal decided, outcome)
STATEMENTS = [
    (Decision.REMOVE, True, at(2025, 12, 2, 9, 40), at(2025, 12, 5, 9), at(2026, 1, 3, 9),
     AppealOutcome.REVERSED),
    (Decision.NOTICE_DISMISS, False, at(2025, 12, 3, 14), at(2025, 12, 31, 23, 10),
     at(2026, 1, 2), AppealOutcome.UPHELD),
    (Decision.REDACT, True, at(2025, 12, 31, 23, 5), None, None, None),
    (Decision.REDACT, False, at(2026, 1, 11, 0), at(2026, 1, 12), None, None),
    (Decision.BAN, False, at(2026, 1, 20), at(2026, 1, 21), at(2026, 1, 22),
     AppealOutcome.REVERSED),
]
# The log's stored counts; the private kinds never reach the report.
LOG_COUNTS = [("2025-12", "remove", 2), ("2025-12", "ban", 1), ("2026-01", "edit", 3),
              ("2026-01", "ban", 2), ("2026-01", "private_read", 7),
              ("2026-01", "account_deleted", 1)]


def dutch_month(moment: datetime) -> str:
    local = moment.astimezone(AMSTERDAM)
    return f"{local.year:04d}-{local.month:02d}"


def expected_counts() -> dict[tuple[str, str, str], float]:
    """The figures counted here from the lists above, per (period, measure, key)."""
    counts: Counter = Counter()
    hours = defaultdict(list)
    for reason, kind, status, created, confirmed, decided in NOTICES:
        if status == "unconfirmed":
            continue
        start = confirmed or created
        for period in (dutch_month(start), dutch_month(start)[:4]):
            counts[period, "notices_by_reason", reason] += 1
            counts[period, "notices_by_notifier", kind] += 1
            counts[period, "notices", ""] += 1
        if decided:
            for period in (dutch_month(decided), dutch_month(decided)[:4]):
                counts[period, "notices_decided", ""] += 1
                hours[period].append((decided - start).total_seconds() / 3600)
    for decision, automated, created, filed, decided, outcome in STATEMENTS:
        for period in (dutch_month(created), dutch_month(created)[:4]):
            counts[period, "automated_decisions", ""] += automated
            counts[period, "redactions", ""] += decision == Decision.REDACT
        if filed:
            for period in (dutch_month(filed), dutch_month(filed)[:4]):
                counts[period, "appeals", ""] += 1
        if outcome == AppealOutcome.REVERSED:
            for period in (dutch_month(decided), dutch_month(decided)[:4]):
                counts[period, "reversals", ""] += 1
    for month, action, number in LOG_COUNTS:
        if action in ("private_read", "account_deleted"):
            continue
        for period in (month, month[:4]):
            counts[period, "actions", action] += number
            if action == "ban":
                counts[period, "bans", ""] += number
    for period, values in hours.items():
        counts[period, "median_hours_to_decision", ""] = round(median(values), 1)
    return {key: value for key, value in counts.items() if value}


@pytest.fixture
def decisions(app, consumer, moderator, company):
    """The notices, statements, appeals and log counts above, on one published complaint."""
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        for reason, kind, status, created, confirmed, decided in NOTICES:
            db.session.add(Notice(
                url=f"/complaints/{complaint.id}", complaint_id=complaint.id, reason=reason,
                explanation="Please look at this.", name=NOTIFIER_NAME, email=NOTIFIER_EMAIL,
                good_faith=True, notifier_kind=kind, status=status, created_at=created,
                confirmed_at=confirmed, decided_at=decided,
                decided_by_id=moderator.id if decided else None))
        for decision, automated, created, filed, decided, outcome in STATEMENTS:
            statement = Statement(decision=decision, email=NOTIFIER_EMAIL,
                                  complaint_id=complaint.id, decided_by_id=moderator.id,
                                  facts="The facts.", ground="rule:1", automated=automated,
                                  created_at=created)
            db.session.add(statement)
            db.session.flush()
            if filed:
                db.session.add(Appeal(statement_id=statement.id, text="I object.",
                                      created_at=filed, decided_at=decided,
                                      outcome=outcome and str(outcome)))
        for month, action, number in LOG_COUNTS:
            db.session.add(ModerationMonthlyCount(month=month, action=action, count=number))
        db.session.commit()
        return complaint.id


def read_csv(client) -> list[dict]:
    response = client.get("/transparency.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="helpdeskhel-transparency.csv"' in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"))))


def test_the_csv_holds_exactly_the_independent_count(app, client, decisions):
    rows = read_csv(client)
    assert list(rows[0]) == ["period", "measure", "key", "value"]
    found = {(row["period"], row["measure"], row["key"]): float(row["value"])
             for row in rows if row["value"] not in ("", "0")}
    assert found == pytest.approx(expected_counts())
    periods = {row["period"] for row in rows}
    # 30 November 23:40 UTC is December in Amsterdam: the report starts there.
    assert min(periods) == "2025" and min(p for p in periods if "-" in p) == "2025-12"
    # Every month from the first with figures to now, each once per measure and key.
    assert len(rows) == len({(r["period"], r["measure"], r["key"]) for r in rows})


def test_a_year_sums_its_months(app, decisions):
    with app.test_request_context():
        found = transparency.report()
    for year, total in found.years.items():
        months = found.months_of(year)
        assert total.notices == sum(m.notices for m in months)
        assert total.actions == sum((m.actions for m in months), Counter())
        assert total.appeals == sum(m.appeals for m in months)
        assert total.reversals == sum(m.reversals for m in months)
        assert total.notices_decided == sum(m.notices_decided for m in months)


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


SUMMARY = ["notices", "notices_decided", "median_hours_to_decision", "appeals", "reversals",
           "bans", "automated_decisions", "redactions"]


@pytest.mark.parametrize("year", ["2025", "2026"])
def test_the_page_shows_the_numbers_of_the_csv(app, client, decisions, year):
    csv_values = {(row["period"], row["measure"], row["key"]): row["value"]
                  for row in read_csv(client)}
    page = client.get(f"/transparency?year={year}")
    assert page.status_code == 200
    parser = Tables()
    parser.feed(page.get_data(as_text=True))
    summary, waiting, by_reason, by_notifier, by_action = parser.tables
    with app.test_request_context():
        months = [p.key for p in transparency.report().months_of(year)]
    periods = [*months, year]  # one row per month, then the year
    for table, measure, keys in ((summary, None, SUMMARY),
                                 (by_reason, "notices_by_reason", list(NoticeReason)),
                                 (by_notifier, "notices_by_notifier", list(NotifierKind))):
        assert len(table) == 1 + len(periods)
        for period, row in zip(periods, table[1:], strict=True):
            shown = [cell.replace(",", ".") for cell in row[1:]]
            wanted = [csv_values[(period, m, "") if measure is None else (period, measure, k)]
                      for m, k in ((key, "") if measure is None else (measure, key)
                                   for key in keys)]
            assert shown == [value or "—" for value in wanted], (period, measure)
    actions = [a for a in transparency.PUBLIC_ACTIONS
               if any(csv_values[(m, "actions", a)] != "0" for m in months)]
    for period, row in zip(periods, by_action[1:], strict=True):
        assert row[1:] == [csv_values[(period, "actions", a)] for a in actions]
    for period, row in zip(periods, waiting[1:], strict=True):  # decided, median, p90
        assert row[1] == csv_values[(period, "stories_decided", "")]
        assert (row[2] == "—") == (csv_values[(period, "median_minutes_to_publication_"
                                               "decision", "")] == "")


def test_neither_page_nor_csv_names_the_notifier(app, client, decisions):
    page = client.get("/transparency?year=2025").get_data(as_text=True)
    data = client.get("/transparency.csv").get_data(as_text=True)
    for text in (page, data):
        for secret in (NOTIFIER_NAME, "Quartelmeijer", NOTIFIER_EMAIL, "advocaten.example",
                       "Anna Consument", "consumer@example.nl", "Mo Derator",
                       "moderator@example.nl", "Please look at this", "I object"):
            assert secret not in text


def test_the_report_links_the_log_and_the_house_rules_and_is_linked_in_the_footer(client):
    page = client.get("/transparency").get_data(as_text=True)
    assert 'href="/moderation-log"' in page and 'href="/about/terms"' in page
    assert 'href="/transparency.csv"' in page
    assert 'href="/transparency"' in client.get("/").get_data(as_text=True)
    assert 'href="/transparency"' in client.get("/moderation-log").get_data(as_text=True)


def test_an_empty_site_has_a_report_of_this_month(client):
    assert client.get("/transparency").status_code == 200
    rows = list(csv.DictReader(io.StringIO(client.get("/transparency.csv").get_data(
        as_text=True))))
    assert {row["value"] for row in rows} <= {"0", ""}
    assert len({row["period"] for row in rows}) == 2  # this month and this year


def test_a_year_without_figures_is_not_found(client):
    assert client.get("/transparency?year=1999").status_code == 404


# --- the company page -----------------------------------------------------------------------

def _reports_line(client, slug: str) -> str | None:
    page = client.get(f"/companies/{slug}").get_data(as_text=True)
    found = re.search(r'<p class="note company-reports">(.*?)</p>', page, re.S)
    return " ".join(found.group(1).split()) if found else None


def test_the_company_page_counts_what_its_people_reported(app, client, consumer, company,
                                                          moderator):
    with app.test_request_context():
        other = make_company("Ander Bedrijf", domains=["ander-bedrijf.nl"])
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        reporters = [make_user(f"rep{n}@ander-bedrijf.nl") for n in range(5)]
        statuses = [NoticeStatus.ACTED, NoticeStatus.DISMISSED, NoticeStatus.OPEN,
                    NoticeStatus.UNCONFIRMED]  # the unconfirmed one does not count
        for status in statuses:
            db.session.add(Notice(url="/x", complaint_id=complaint.id, reason="defamation",
                                  explanation="x", name=NOTIFIER_NAME, email=NOTIFIER_EMAIL,
                                  notifier_kind="company", sender_company_id=other.id,
                                  status=status))
        for reporter, status in zip(reporters, [FlagStatus.ACTIONED, FlagStatus.ACTIONED,
                                                FlagStatus.DISMISSED, FlagStatus.OPEN],
                                    strict=False):
            db.session.add(Flag(complaint_id=complaint.id, user_id=reporter.id, reason="spam",
                                sender_company_id=other.id, status=status))
        db.session.add(Flag(complaint_id=complaint.id, user_id=reporters[4].id,
                            reason="spam", status=FlagStatus.ACTIONED))  # for no company
        db.session.commit()
        assert transparency.company_reports(other.id) == transparency.CompanyReports(
            notices=3, notices_upheld=1, flags=4, flags_upheld=2)
        slug, other_slug = company.slug, other.slug
    line = _reports_line(client, other_slug)
    assert line is not None and "7" in line and "3" in line
    assert NOTIFIER_NAME not in line
    assert _reports_line(client, slug) is None  # the company reported nothing


def test_the_company_line_reads_well_in_english(app, client, consumer, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        reporter = make_user("rep@belnet-mobiel.nl")
        db.session.add(Flag(complaint_id=complaint.id, user_id=reporter.id, reason="spam",
                            sender_company_id=company.id, status=FlagStatus.OPEN))
        db.session.commit()
    post_form(client, "/language", {"lang": "en"})
    assert _reports_line(client, company.slug).startswith(
        "This company reported a complaint or reply to the moderators 1 time; "
        "0 reports were upheld.")


# --- who a flag is sent for -----------------------------------------------------------------

def test_a_flag_names_the_company_its_sender_speaks_for(app, consumer, company, moderator):
    with app.test_request_context():
        other = make_company("Ander Bedrijf", domains=["ander-bedrijf.nl"])
        third = make_company("Derde Bedrijf", domains=["derde-bedrijf.nl"])
        about_company = make_complaint(consumer, company, status=Status.OPEN)
        about_other = make_complaint(consumer, other, status=Status.OPEN)
        both = make_user("both@example.nl")
        make_representative(both, third, owner=True)  # joined first
        make_representative(both, other, owner=True)
        only_other = make_user("only@ander-bedrijf.nl")
        make_representative(only_other, other, owner=False)
        left = make_user("left@example.nl")
        rep = make_representative(left, company, owner=False)
        db.session.get(type(rep), rep.id).removed_at = datetime.now(UTC)
        db.session.commit()
        nobody = make_user("nobody@example.nl")

        def flag(user, complaint_id):
            return moderation.flag_complaint(db.session.get(User, user.id),
                                             db.session.get(Complaint, complaint_id),
                                             "spam").sender_company_id

        assert flag(both, about_other.id) == other.id  # the complaint's own company first
        assert flag(both, about_company.id) == third.id  # else the first team they joined
        assert flag(only_other, about_company.id) == other.id
        assert flag(left, about_company.id) is None  # a former member speaks for nobody
        assert flag(nobody, about_company.id) is None


def test_a_reply_flag_names_the_company_its_sender_speaks_for(app, consumer, company):
    with app.test_request_context():
        other = make_company("Ander Bedrijf", domains=["ander-bedrijf.nl"])
        webcare = make_user("webcare@belnet-mobiel.nl")
        make_representative(webcare, company)
        critic = make_user("critic@ander-bedrijf.nl")
        make_representative(critic, other)
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        reply = threads.post_reply(db.session.get(User, webcare.id),
                                   db.session.get(Complaint, complaint.id),
                                   "We are looking into it today.")
        flag = moderation.flag_reply(db.session.get(User, critic.id), reply, "abusive")
        assert flag.sender_company_id == other.id
        plain = moderation.flag_reply(db.session.get(User, consumer.id), reply, "abusive")
        assert plain.sender_company_id is None
