"""The benchmark harness (`make bench`): which targets a run meets, the report keeping earlier
runs, and the storm's check that every accepted submission is stored exactly once. The load
itself is measured by `make bench`, never by the test suite."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from sqlalchemy import select

from bench import __main__ as bench
from bench import report
from complaints.accounts.models import User
from complaints.cases.workflow import Status
from complaints.extensions import db
from tests.builders import make_complaint, make_user


def _page(rps: float, p99: float = 10.0, p95: float = 8.0) -> dict:
    return {"rps": rps, "requests": int(rps * 10), "p50_ms": 5.0, "p95_ms": p95,
            "p99_ms": p99, "max_ms": p99 * 2, "errors": 0, "bad_status": 0}


def _engine(cached_rps: float = 1500, uncached_large: float = 100,
            storm_rate: float = 120) -> dict:
    pages = {page: _page(cached_rps) for page in report.PAGE_LABELS}
    small = {page: _page(110, 200) for page in report.PAGE_LABELS}
    large = {page: _page(uncached_large, 250) for page in report.PAGE_LABELS}
    large["search_alone"] = _page(60, 40, 30)
    return {
        "bare": _page(4000), "bare_before": _page(3900), "bare_after": _page(4100),
        "sizes": {
            "10000": {"database": {"reused": True}, "cached": pages,
                      "uncached": {**small, "worker_rss_mb": [90.0, 95.0]}},
            "1000000": {"database": {"reused": False, "seed_seconds": 300}, "cached":
                        {**pages, "worker_rss_mb": [100.0, 120.0]}, "uncached": large},
        },
        "storm": {"users": 48, "seconds": 40, "complaints": 4800, "replies": 900,
                  "complaints_per_s": storm_rate, "replies_per_s": 22.0, "lost": 0,
                  "twice": 0, "server_5xx": 0, "failed_connections": 0,
                  "server_statuses": {"200": 10000, "302": 4800}, "worker_rss_mb": [110.0],
                  "server_cpu_s": 70.0, "server_cpu_ms_per_submission": 12.0},
    }


def _run(started: str, **engine) -> dict:
    return {"started": started, "finished": started,
            "machine": {"cpu": "Test CPU", "cores": 2, "memory_mb": 1024, "system": "Linux",
                        "versions": {"python": "3.11"}},
            "settings": {"sizes": [10000, 1000000], "companies": 5000, "duration_s": 12,
                         "warmup_s": 3, "connections": 16, "wrk_threads": 2,
                         "gunicorn_workers": 2, "storm_users": 48, "storm_seconds": 40},
            "engines": {"sqlite": _engine(**engine)}}


def test_a_run_that_meets_every_target_says_so():
    results = report.targets(_run("now")["engines"]["sqlite"])
    assert results and all(met for _, met, _ in results), results


def test_slow_pages_a_steep_curve_and_a_weak_storm_are_named():
    engine = _run("now", cached_rps=1000, uncached_large=50, storm_rate=40)["engines"]["sqlite"]
    failed = {label for label, met, _ in report.targets(engine) if not met}
    assert any("35%" in label for label in failed)
    assert any("scale curve" in label and "uncached" in label for label in failed)
    assert any("storm ≥ 100" in label for label in failed)
    assert not any("lost" in label for label in failed)


def test_a_lost_submission_or_a_5xx_fails_the_storm():
    engine = _run("now")["engines"]["sqlite"]
    engine["storm"]["lost"] = 1
    failed = [label for label, met, _ in report.targets(engine) if not met]
    assert failed == ["storm: none lost, none twice, no 5xx"]


def test_signed_in_pages_are_held_to_the_template_page_and_their_costs_are_listed(tmp_path):
    """Issue 20: every page made without the cache, signed in or not, against the bare app's
    page of 20 articles; the storm passes on its CPU per submission; the profiles' top costs
    are in the report."""
    run = _run("now", uncached_large=700)
    engine = run["engines"]["sqlite"]
    engine["bare"]["template_rps"] = 2000.0
    large = engine["sizes"]["1000000"]
    large["uncached"].update({page: _page(650) for page in report.SIGNED_IN_LABELS})
    large["profiles"] = {"webcare_inbox": {"cpu_ms": 3.2, "statements": 6, "top": [
        {"where": "Cursor.execute", "ms_per_request": 0.8}]}}
    engine["storm"].update(complaints_per_s=60, server_cpu_ms_per_submission=8.5)
    results = {label: met for label, met, _ in report.targets(engine)}
    assert all(results.values()), results
    large["uncached"]["moderation_queue"] = _page(500)
    found = [(met, measured) for label, met, measured in report.targets(engine)
             if "template" in label]
    assert found == [(False, "lowest 0.25× (a moderator on the queue)")]
    report.write(run, tmp_path / "benchmarks.md")
    text = (tmp_path / "benchmarks.md").read_text()
    assert "webcare inbox of the largest company" in text
    assert "Cursor.execute 0.8" in text and "(0.35× template)" in text


def test_report_keeps_earlier_runs_and_shows_the_change(tmp_path):
    target = tmp_path / "benchmarks.md"
    report.write(_run("2026-12-01T10:00:00+00:00"), target)
    newer = _run("2026-12-02T10:00:00+00:00", cached_rps=1650)
    report.write(newer, target)
    text = target.read_text()
    assert text.index("Run of 2026-12-02") < text.index("Earlier runs") < text.index(
        "2026-12-01T10:00:00")
    assert "+10%" in text  # 1,650 against 1,500 requests/s
    assert (tmp_path / "benchmarks.json").exists()
    # A machine twice as fast: the bare app and the page both double, their share stays.
    faster = _run("2026-12-03T10:00:00+00:00", cached_rps=3300)
    faster["engines"]["sqlite"]["bare"]["rps"] *= 2
    report.write(faster, target)
    text = target.read_text()
    run = text[text.index("Run of 2026-12-03"):text.index("Earlier runs")]
    assert "+0%" in run and "+100%" not in run


def test_storm_check_finds_lost_and_doubled_submissions(app, database_url, consumer, company):
    with app.test_request_context():
        highest = {"complaints": 0, "replies": 0}
        kept, again, _ = (make_complaint(consumer, company, status=Status.OPEN, title=title).id
                          for title in ("Storing sinds gisteren (abcdefghij)",
                                        "Nog een keer (klmnopqrst)",
                                        "Dubbel verstuurd (klmnopqrst)"))
    record = {"accepted": [
        {"kind": "complaint", "id": kept, "word": "abcdefghij"},
        {"kind": "complaint", "id": 999_999, "word": "uvwxyzabcd"},
        {"kind": "complaint", "id": again, "word": "klmnopqrst"},
    ]}
    checked = bench.check_storm(database_url, {"highest": highest}, record)
    assert checked["lost"] == 1 and checked["twice"] == 1
    assert checked["stored_complaints"] == 3


def test_storm_plan_gives_its_people_an_address_the_sign_in_form_accepts(app, database_url,
                                                                         company):
    with app.test_request_context():
        person = make_user("consument7@bulk.helpdeskhel.invalid")
        make_complaint(person, company, status=Status.OPEN)
    plan = bench.storm_plan(database_url, users=1)
    assert plan["accounts"][0]["email"] == f"storm{person.id}@example.nl"
    assert plan["accounts"][0]["complaints"] and plan["companies"] == ["Belnet Mobiel"]
    with app.app_context():
        stored = db.session.scalar(select(User).where(User.id == person.id))
        from werkzeug.security import check_password_hash

        assert check_password_hash(stored.password_hash, plan["password"])
        db.session.remove()


@pytest.mark.parametrize("argv", [[], ["--sizes", "5000,1000", "--engines", "sqlite"]])
def test_arguments_have_the_documented_defaults(argv):
    settings = bench.parse_args(argv)
    assert settings.sizes == sorted(settings.sizes)
    assert settings.connections == 16 and settings.workers >= 1
    if not argv:
        assert settings.sizes == [10_000, 100_000, 1_000_000]
        assert settings.engines == ["sqlite", "postgresql"]
    copy.deepcopy(settings)


# --- the moderation storm ---------------------------------------------------------------------

def test_the_storm_plan_keeps_campaigns_to_new_accounts_and_groups_below_a_campaign():
    """Campaigns come from new accounts only; a group of near-duplicates has at most two new
    accounts (three would make it a campaign); every kind of story is in the storm."""
    import random

    from bench import moderation

    plan = moderation.plan_storm(600, random.Random(18))
    assert len(plan.stories) == 600
    assert all(s.author >= 0 for s in plan.stories if s.kind == "campaign")
    new_per_group = Counter(s.group for s in plan.stories if s.kind == "near" and s.author >= 0)
    assert new_per_group and max(new_per_group.values()) <= 2
    assert {s.kind for s in plan.stories} >= {"single", "near", "campaign", "redacted", "link",
                                              "spam", "shouting", "abusive", "defamatory",
                                              "other_company"}
    assert sum(s.company == moderation.COMPANY for s in plan.stories) > 0.95 * 600


class _Browser:
    """The Flask test client in the coat of requests.Session, for `moderation.Moderator`."""

    def __init__(self, client):
        self.client = client

    def request(self, method, url, *, data=None, headers=None, **_options):
        response = self.client.open(url, method=method, data=data, headers=headers)

        class Response:
            status_code = response.status_code
            text = response.get_data(as_text=True)

        Response.headers = response.headers
        return Response


def test_a_small_moderation_storm_is_seeded_in_lanes_and_cleared_through_the_pages(app, client):
    """A storm of 100 stories through `submit_complaint` fills all three lanes with
    near-duplicate groups and a campaign; the moderator of the benchmark finds the forms on
    the real pages and clears every story, counting each request."""
    from bench import moderation

    with app.test_request_context():
        seeded = moderation.seed(100, progress=lambda _message: None)
        split = moderation.lane_split()
        db.session.remove()
    assert seeded["submitted"] == 100 and not seeded["refused"]
    assert split["waiting"] == 100 and all(split["lanes"][lane] for lane in
                                           ("low", "normal", "high"))
    assert split["groups"] >= 2 and split["campaign_groups"] >= 1
    assert split["signals"]["redacted"] >= 1 and split["signals"]["company_storm"] > 80

    browser = moderation.Moderator("", http=_Browser(client))
    browser.sign_in(moderation.MODERATOR, moderation.PASSWORD)
    low = moderation.clear_low(browser)
    groups = moderation.clear_groups(browser)
    normal = moderation.clear_lane(browser, "normal")
    high = moderation.clear_lane(browser, "high")
    assert low["batches"] >= 2 and not low["left_unpublished"]
    assert groups["merged"] >= 1 and groups["held"] >= 1
    assert normal["published"] and high["rejected"]
    with app.app_context():
        assert moderation.lane_split()["waiting"] == 0
        from sqlalchemy import func, select

        from complaints.threads.models import Support
        assert db.session.scalar(select(func.count()).select_from(Support)) >= 1  # "ik ook"
        db.session.remove()
    assert browser.count("low")["posts"] == low["batches"]
    assert {s.status for s in browser.sent} <= {200, 303}
