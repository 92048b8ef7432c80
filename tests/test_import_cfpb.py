"""`flask import-csv --format cfpb`: real CFPB rows become published complaints with replies,
events and right figures; a bad file is refused whole and leaves nothing behind."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Category, Complaint, ComplaintEvent
from complaints.clock import AMSTERDAM
from complaints.companies.models import Company
from complaints.companies.services import name_key
from complaints.extensions import db
from complaints.figures.models import CompanyFigures
from complaints.imports import cfpb
from complaints.pii import find_personal_data
from complaints.threads.models import Reply
from tests.builders import make_company

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "cfpb" / "sample_6623_head.csv"
NARRATIVES = FIXTURES / "cfpb" / "narratives_2827_head.csv"
BOTH = (SAMPLE, NARRATIVES)
RESPONSE = "Company response to consumer"
RELIEF = {"Closed with monetary relief", "Closed with non-monetary relief"}


def records(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def write_records(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def expected_status(record: dict[str, str]) -> str:
    """The mapping, written out again: relief resolves unless disputed, in progress is open,
    every other answer is answered."""
    response = record[RESPONSE]
    if response in ("", "None", "In progress"):
        return "open"
    if response in RELIEF and record["Consumer disputed?"] != "Yes":
        return "resolved"
    return "answered"


def run_import(runner, path: Path, *extra: str):
    return runner.invoke(args=["import-csv", str(path), "--format", "cfpb", *extra])


def imported(runner, *paths: Path) -> None:
    for path in paths:
        result = run_import(runner, path)
        assert result.exit_code == 0, result.output


@pytest.fixture
def both_imported(runner, shared):
    """Both fixture files imported, once for the tests that only read what came in (marked
    `shares_data`)."""
    return shared("both files imported", lambda: imported(runner, *BOTH))


def by_ref() -> dict[str, Complaint]:
    return {c.external_ref: c for c in db.session.scalars(select(Complaint)).unique()}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- importing ----------------------------------------------------------------------------------

def test_both_fixture_files_import_once_and_a_second_run_adds_nothing(app, runner):
    ids = {r["Complaint ID"] for path in BOTH for r in records(path)}
    for path in BOTH:
        result = run_import(runner, path)
        assert result.exit_code == 0, result.output
        assert f"rows read          {len(records(path))}" in result.output
        assert "rows/s" in result.output
    with app.app_context():
        assert count(Complaint) == len(ids)
        assert set(by_ref()) == {f"cfpb:{i}" for i in ids}
        companies = count(Company)
    for path in BOTH:
        result = run_import(runner, path)
        assert result.exit_code == 0, result.output
        assert f"skipped            {len(records(path))}" in result.output
        assert "imported           0" in result.output
    with app.app_context():
        assert count(Complaint) == len(ids)
        assert count(Company) == companies
        assert count(User) == 1


@pytest.mark.shares_data
def test_one_import_author_who_cannot_sign_in(app, both_imported):
    with app.app_context():
        author = db.session.scalar(select(User))
        assert author.email == "import-cfpb@helpdeskhel.invalid"
        assert author.display_name == "Consument (CFPB)" and author.role == "consumer"
        assert author.password_hash == "!" and author.is_verified
        assert {c.author_id for c in by_ref().values()} == {author.id}


@pytest.mark.shares_data
def test_statuses_replies_and_events_follow_the_company_response(app, both_imported):
    rows = {f"cfpb:{r['Complaint ID']}": r for path in BOTH for r in records(path)}
    with app.app_context():
        complaints = by_ref()
        replies = {r.complaint_id: r for r in db.session.scalars(select(Reply))}
        events = defaultdict(list)
        for event in db.session.scalars(select(ComplaintEvent).order_by(ComplaintEvent.id)):
            events[event.complaint_id].append(event)
        seen = Counter()
        for ref, row in rows.items():
            complaint = complaints[ref]
            status = expected_status(row)
            seen[status] += 1
            assert complaint.status == status, (ref, row[RESPONSE])
            actions = [e.action for e in events[complaint.id]]
            assert complaint.submitted_at == complaint.published_at
            assert complaint.contacts_before == 0
            if status == "open":
                assert complaint.id not in replies and complaint.first_response_at is None
                assert complaint.awaiting_company_since == complaint.published_at
                assert actions == ["submit", "approve"]
                continue
            reply = replies[complaint.id]
            assert reply.voice == "company" and reply.signature_name == "Customer care"
            assert reply.signature_title is None and reply.author_id == complaint.author_id
            assert reply.body_source.startswith(f"Company response: {row[RESPONSE]}.")
            assert reply.created_at == complaint.first_response_at > complaint.published_at
            assert complaint.awaiting_company_since is None
            late = row["Timely response?"] != "Yes" or row[RESPONSE] == "Untimely response"
            sent = cfpb.parse_date(row["Date sent to company"])
            replied = datetime.combine(sent + timedelta(days=20 if late else 1), time(12),
                                       tzinfo=AMSTERDAM)
            assert complaint.first_response_at == replied
            if status == "resolved":
                assert complaint.resolved_at == complaint.first_response_at + timedelta(days=1)
                assert actions == ["submit", "approve", "answer", "resolve"]
            else:
                assert complaint.resolved_at is None
                assert actions == ["submit", "approve", "answer"]
            assert [e.created_at for e in events[complaint.id]] == sorted(
                e.created_at for e in events[complaint.id])
        assert set(seen) == {"open", "answered", "resolved"}


def test_public_company_statement_joins_the_reply(app, runner):
    imported(runner, SAMPLE)
    row = next(r for r in records(SAMPLE)
               if r["Company public response"] and r[RESPONSE] != "In progress")
    with app.app_context():
        complaint = by_ref()[f"cfpb:{row['Complaint ID']}"]
        reply = db.session.scalar(select(Reply).where(Reply.complaint_id == complaint.id))
        assert reply.body_source == (f"Company response: {row[RESPONSE]}.\n\n"
                                     f"{row['Company public response']}.")
        assert "<p>" in reply.body_html


def test_disputed_relief_stays_answered_and_a_repeated_id_is_imported_once(app, runner,
                                                                           tmp_path):
    rows = records(SAMPLE)[:20]
    relief = next(r for r in rows if r[RESPONSE] in RELIEF)
    relief["Consumer disputed?"] = "Yes"
    path = write_records(tmp_path / "repeated.csv", [*rows, dict(rows[0])])
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert "repeated in file   1" in result.output
    with app.app_context():
        assert count(Complaint) == 20
        assert by_ref()[f"cfpb:{relief['Complaint ID']}"].status == "answered"


@pytest.mark.shares_data
def test_dates_in_both_formats_are_noon_in_amsterdam(app, both_imported):
    first_sample, first_2023 = records(SAMPLE)[0], records(NARRATIVES)[0]
    assert (first_sample["Date received"], first_2023["Date received"]) == ("2020/3/18",
                                                                            "03/22/23")
    with app.app_context():
        complaints = by_ref()
        sample = complaints[f"cfpb:{first_sample['Complaint ID']}"]
        narrative = complaints[f"cfpb:{first_2023['Complaint ID']}"]
        # Both days are in winter time (UTC+1): noon in Amsterdam is 11:00 UTC.
        assert sample.published_at == datetime(2020, 3, 18, 11, tzinfo=UTC)
        assert sample.published_on == date(2020, 3, 18)
        assert narrative.published_at == datetime(2023, 3, 22, 11, tzinfo=UTC)
        assert narrative.published_on == date(2023, 3, 22)


@pytest.mark.shares_data
def test_narratives_are_stored_whole_with_their_redactions(app, both_imported):
    rows = [r for path in BOTH for r in records(path)]
    longest = max(rows, key=lambda r: len(r["Consumer complaint narrative"]))
    assert len(longest["Consumer complaint narrative"]) > 20_000
    with app.app_context():
        complaints = by_ref()
        stored = complaints[f"cfpb:{longest['Complaint ID']}"]
        assert stored.body_source == longest["Consumer complaint narrative"].strip()
        assert "XXXX" in stored.body_html
        with_money = next(r for r in rows if "{$" in r["Consumer complaint narrative"])
        money = complaints[f"cfpb:{with_money['Complaint ID']}"]
        assert "{$" in money.body_source and "{$" in money.body_html
        assert any("\n" in c.body_source for c in complaints.values())


def test_rows_without_narrative_get_a_summary_of_their_fields(app, runner):
    imported(runner, SAMPLE)
    row = next(r for r in records(SAMPLE)
               if not r["Consumer complaint narrative"] and r["Sub-issue"] and r["State"])
    with app.app_context():
        complaint = by_ref()[f"cfpb:{row['Complaint ID']}"]
        for field in ("Product", "Sub-product", "Issue", "Sub-issue", "State",
                      "Submitted via"):
            assert f"{field}: {row[field]}" in complaint.body_source
        assert complaint.title == f"{row['Issue']}: {row['Sub-issue']}"[:140]


@pytest.mark.shares_data
def test_nothing_imported_carries_detected_personal_data(app, both_imported):
    with app.app_context():
        for complaint in by_ref().values():
            assert len(complaint.title) <= 140
            assert not find_personal_data(complaint.title)
            assert not find_personal_data(complaint.body_source), complaint.external_ref
        for reply in db.session.scalars(select(Reply)):
            assert not find_personal_data(reply.body_source)


def test_companies_are_found_by_name_key_or_created_in_finance(app, runner):
    with app.test_request_context():
        existing = make_company("Wells Fargo & Company", sector="finance")
    imported(runner, *BOTH)
    names = {r["Company"] for path in BOTH for r in records(path)}
    with app.app_context():
        companies = list(db.session.scalars(select(Company)))
        assert len(companies) == len({name_key(n) for n in names})
        assert {c.sector.slug for c in companies} == {"finance"}
        assert all(not c.domains and c.is_listed for c in companies)
        assert len({c.slug for c in companies}) == len(companies)
        wells = [c for c in companies if c.name_key == name_key("WELLS FARGO & COMPANY")]
        assert [c.id for c in wells] == [existing.id]
        upgrade = [c for c in companies if c.name_key == name_key("Upgrade, Inc.")]
        assert len(upgrade) == 1  # "UPGRADE, INC." and "Upgrade, Inc." are one company
        populus = next(c for c in companies if c.name.startswith("Populus"))
        assert populus.name == "Populus Financial Group, Inc. (F/K/A Ace Cash Express)"
        assert populus.slug == "populus-financial-group-inc-f-k-a-ace-cash-express"


@pytest.mark.shares_data
def test_ranking_figures_equal_a_computation_from_the_csv_files(app, both_imported):
    expected = defaultdict(Counter)
    for path in BOTH:
        for row in records(path):
            company = expected[name_key(row["Company"])]
            status = expected_status(row)
            company["published"] += 1
            company["unresolved"] += status in ("open", "answered")
            company["responded"] += status != "open"
    assert max(c["published"] for c in expected.values()) >= 5
    with app.app_context():
        companies = {c.id: c for c in db.session.scalars(select(Company))}
        figures = {f.company_id: f for f in db.session.scalars(
            select(CompanyFigures).where(CompanyFigures.window == "all"))}
        assert {companies[i].name_key for i in figures} == set(expected)
        for company_id, row in figures.items():
            want = expected[companies[company_id].name_key]
            assert row.published == want["published"]
            assert row.unresolved == want["unresolved"]
            assert companies[company_id].unresolved_count == want["unresolved"]
            assert companies[company_id].published_count == want["published"]
            # Every complaint here was published years ago: all count for the response rate.
            assert row.eligible_for_response == want["published"]
            assert row.responded == want["responded"]
            assert row.response_rate == pytest.approx(want["responded"] / want["published"])


def test_a_second_file_adds_to_the_figures_of_the_first(app, runner):
    imported(runner, SAMPLE)
    result = runner.invoke(args=["figures", "rebuild"])
    assert "already right" in result.output, result.output
    imported(runner, NARRATIVES)
    result = runner.invoke(args=["figures", "rebuild"])
    assert "already right" in result.output, result.output


# --- refusing -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "message"), [
    (FIXTURES / "bad" / "cp1252_head.csv", "not UTF-8: byte 0x96 at position 158 (line 3)"),
    (FIXTURES / "bad" / "utf16_head.csv", "not UTF-8 text (looks like UTF-16"),
    (FIXTURES / "cfpb" / "wrong_columns.csv",
     "missing column(s) Company response to consumer, Complaint ID"),
    (FIXTURES / "cfpb" / "bad_row.csv",
     "row 3 (line 5): Date received '2019/9/31' is not a date"),
])
def test_a_malformed_file_is_refused_and_leaves_nothing(app, runner, path, message):
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert message in result.output
    assert "nothing imported" in result.output
    with app.app_context():
        assert count(Complaint) == count(Company) == count(User) == 0


@pytest.mark.parametrize(("change", "message"), [
    (lambda row: row.update({"Complaint ID": "abc"}), "Complaint ID 'abc' is not a number"),
    (lambda row: row.update({"Company": " "}), "is not a name"),
    (lambda row: row.update({RESPONSE: "Sent to regulator"}), "unknown Company response"),
    (lambda row: row.update({"Date sent to company": "tomorrow"}), "is not a date"),
])
def test_one_bad_value_refuses_the_whole_file(app, runner, tmp_path, change, message):
    rows = records(SAMPLE)[:5]
    change(rows[4])
    result = run_import(runner, write_records(tmp_path / "bad.csv", rows))
    assert result.exit_code == 1 and message in result.output
    assert "row 5" in result.output
    with app.app_context():
        assert count(Complaint) == 0


def test_a_row_with_too_few_fields_is_refused(app, runner, tmp_path):
    text = SAMPLE.read_bytes().decode("utf-8").split("\r\n")
    path = tmp_path / "short.csv"
    path.write_text("\r\n".join([text[0], text[1], "2020/3/18,Mortgage,x"]) + "\r\n",
                    encoding="utf-8")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "row 2 (line 3): 3 fields where the header has 18" in result.output


def test_a_failure_while_writing_rolls_everything_back(app, runner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cfpb.figures, "rebuild", broken)
    result = run_import(runner, SAMPLE)
    assert result.exit_code != 0
    with app.app_context():
        assert count(Complaint) == count(Company) == count(Reply) == count(User) == 0


def test_an_unknown_format_or_a_missing_file_is_refused(runner, tmp_path):
    result = runner.invoke(args=["import-csv", str(SAMPLE), "--format", "excel"])
    assert result.exit_code == 2 and "'excel' is not 'cfpb'" in result.output
    result = runner.invoke(args=["import-csv", str(tmp_path / "nowhere.csv"), "--format",
                                 "cfpb"])
    assert result.exit_code == 2 and "does not exist" in result.output
    result = runner.invoke(args=["import-csv", str(SAMPLE)])
    assert result.exit_code == 2 and "--format" in result.output


# --- the mapping --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "day"), [
    ("2020/3/18", date(2020, 3, 18)), ("2019/10/25", date(2019, 10, 25)),
    ("03/22/23", date(2023, 3, 22)), ("12/01/2022", date(2022, 12, 1)),
    ("2023-08-24", date(2023, 8, 24)),
])
def test_dates_parse_in_every_cfpb_format(text, day):
    assert cfpb.parse_date(text) == day


@pytest.mark.parametrize("text", ["2019/9/31", "18-03-2020", "March 18", "None", "", "3/22"])
def test_other_dates_do_not_parse(text):
    with pytest.raises(ValueError):
        cfpb.parse_date(text)


@pytest.mark.parametrize(("product", "issue", "slug"), [
    ("Credit reporting, credit repair services, or other personal consumer reports",
     "Incorrect information on your report", "other"),
    ("Payday loan, title loan, or personal loan", "Charged fees or interest you didn't expect",
     "billing"),
    ("Mortgage", "Trouble during payment process", "billing"),
    ("Debt collection", "Took or threatened to take negative or legal action", "billing"),
    ("Debt collection", "Communication tactics", "reachability"),
    ("Payday loan, title loan, or personal loan", "Can't contact lender or servicer",
     "reachability"),
    ("Debt collection", "Threatened to contact someone or share information improperly",
     "privacy"),
    ("Credit reporting, credit repair services, or other personal consumer reports",
     "Improper use of your report", "privacy"),
    ("Checking or savings account", "Closing an account", "contract"),
    ("Checking or savings account", "Managing an account", "contract"),
    ("Payday loan, title loan, or personal loan",
     "Problem with the payoff process at the end of the loan", "billing"),
    ("Debt collection", "False statements or representation", "advice"),
    ("Credit card or prepaid card", "Advertising and marketing, including promotional offers",
     "advice"),
    ("Money transfer, virtual currency, or money service",
     "Money was not available when promised", "delivery"),
    ("Credit card or prepaid card", "Trouble using your card", "outage"),
    ("Vehicle loan or lease", "Vehicle was damaged or destroyed the vehicle", "other"),
])
def test_issues_map_to_our_categories(product, issue, slug):
    assert cfpb.category_slug(product, issue) == slug


def test_every_category_of_the_mapping_exists(app):
    with app.app_context():
        slugs = set(db.session.scalars(select(Category.slug)))
    assert {slug for slug, _ in cfpb.CATEGORY_RULES} <= slugs
