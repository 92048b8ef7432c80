"""The public API: complaints with the filters of /complaints and cursor pages, one complaint
with its thread (404 and 410 as problems), the company directory, a company with its figures
and score, the rankings, the reference page; nothing private in any of it; cached like the
pages."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape

from complaints import create_app
from complaints.accounts.models import User
from complaints.api.cursor import encode
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.companies.models import Company, CompanyStatus
from complaints.config import TestingConfig
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.threads import services as threads
from complaints.threads.models import Reply
from tests.builders import make_company, make_complaint, make_representative, make_user, reload

API = "/api/v1"
PROBLEM = "application/problem+json"
PRIVATE_MESSAGE = "GEHEIMBERICHT over klantnummer"
TICKET = "TICKET-778899"
PRIVATE_NOTE = "INTERNE-NOTITIE van de moderator"
REMOVED_REPLY = "VERWIJDERDE-REACTIE met scheldwoorden"
PHONE = "06-12345678"
HIDDEN_TITLES = ("Wacht op moderatie", "Weggehaald door moderator", "Niet geplaatst",
                 "Zelf ingetrokken")


def build_world(app) -> dict:
    """Two listed companies (one under review), a merged one, published complaints in every
    public status with a thread (a company reply, a removed reply, one whose phone number was
    redacted), and everything private: a private message, a ticket number in the contact
    ledger, a moderator's private note, complaints that are not public."""
    with app.test_request_context():
        consumer = make_user("anna@example.nl", display_name="Anna Consument")
        moderator = make_user("mo@example.nl", role="moderator", display_name="Mo Derator")
        rep = make_user("wendy@example.nl", display_name="Wendy")
        belnet = make_company("Belnet Mobiel", sector="telecom", domains=["belnet-mobiel.nl"])
        aardgas = make_company("Aardgas Direct", sector="energy")
        make_representative(rep, belnet)
        published = [make_complaint(consumer, belnet, status=status, days_ago=days,
                                    title=f"Klacht {days} over de storing")
                     for days, status in enumerate([Status.OPEN, Status.ANSWERED,
                                                    Status.RESOLVED, Status.OPEN,
                                                    Status.ANSWERED], start=1)]
        published.append(make_complaint(consumer, aardgas, status=Status.OPEN, days_ago=7,
                                        title="Gasrekening dubbel afgeschreven",
                                        category="billing"))
        hidden = [make_complaint(consumer, belnet, status=status, title=title)
                  for status, title in zip((Status.PENDING, Status.REMOVED, Status.REJECTED,
                                            Status.WITHDRAWN), HIDDEN_TITLES, strict=True)]
        author, mod = reload(User, consumer), reload(User, moderator)
        threaded = reload(Complaint, published[0])
        company_reply = threads.post_reply(reload(User, rep), threaded,
                                           "Wij bellen u vandaag terug.")
        removed = threads.post_reply(author, threaded, REMOVED_REPLY)
        threads.post_reply(author, threaded, f"Bel me gerust op {PHONE} als dat helpt.",
                           redact_pii=True)
        db.session.commit()
        moderation.remove_reply(mod, reload(Reply, removed), "Beledigend.", PRIVATE_NOTE,
                                ground="rule:3")
        threads.send_private_message(author, threaded, PRIVATE_MESSAGE)
        threads.log_contact(author, threaded, threads.ContactDraft(
            contacted_on=date(2026, 1, 5), channel="phone", minutes_waited=40,
            reached_human=True, ticket_number=TICKET))
        moderation.put_under_review(mod, reload(Company, aardgas), "Veel lof van nieuwe "
                                    "accounts.", PRIVATE_NOTE)
        proposed = make_company("Belnet Mobiel Klantenservice", sector="telecom")
        db.session.get(Company, proposed.id).status = CompanyStatus.PROPOSED
        db.session.commit()
        moderation.merge_company(mod, reload(Company, proposed), belnet.slug)
        db.session.commit()
        return {"emails": [consumer.email, moderator.email, rep.email, "wendy@belnet-mobiel.nl"],
                "published": [c.id for c in published], "threaded": threaded.id,
                "company_reply": company_reply.id, "removed_reply": removed.id,
                "pending": hidden[0].id, "removed": hidden[1].id, "rejected": hidden[2].id,
                "withdrawn": hidden[3].id, "belnet": belnet.slug, "aardgas": aardgas.slug,
                "merged": proposed.slug}


@pytest.fixture
def world(app, shared):
    return shared("api public world", lambda: build_world(app))


def _json(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return response.get_json()


def _problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["type"].endswith("/" + kind)
    return body


def _all_pages(client, url: str) -> list[dict]:
    items, seen_cursors = [], set()
    page = _json(client.get(url))
    items.extend(page["items"])
    while page["next_cursor"]:
        assert page["next_cursor"] not in seen_cursors
        seen_cursors.add(page["next_cursor"])
        join = "&" if "?" in url else "?"
        page = _json(client.get(f"{url}{join}cursor={page['next_cursor']}"))
        items.extend(page["items"])
    return items


# --- complaints -------------------------------------------------------------------------------

@pytest.mark.shares_data
def test_complaints_are_the_published_ones_newest_first(client, world):
    page = _json(client.get(f"{API}/complaints"))
    ids = [item["id"] for item in page["items"]]
    assert ids == world["published"]  # made one day further back each
    assert page["next_cursor"] is None
    first = page["items"][0]
    assert set(first) == {"id", "url", "title", "story", "story_html", "company", "category",
                          "status", "published_at", "first_response_at", "resolved_at",
                          "contacts_before", "supporters"}
    assert first["company"] == {"slug": world["belnet"], "name": "Belnet Mobiel"}
    assert first["url"].endswith(f"/complaints/{first['id']}")


@pytest.mark.shares_data
@pytest.mark.parametrize("limit", [1, 2, 4])
def test_cursor_pages_give_every_complaint_once_in_order(client, world, limit):
    items = _all_pages(client, f"{API}/complaints?limit={limit}")
    assert [item["id"] for item in items] == world["published"]


@pytest.mark.shares_data
def test_complaints_take_the_filters_of_the_complaints_page(client, world):
    def ids(query: str) -> list[int]:
        return [item["id"] for item in _all_pages(client, f"{API}/complaints?{query}&limit=2")]

    published = world["published"]
    # The first got the company's reply in the world: answered now.
    assert ids("status=open") == [published[3], published[5]]
    assert ids("status=resolved") == [published[2]]
    assert ids("category=billing") == [published[5]]
    assert ids(f"company={world['aardgas']}") == [published[5]]
    assert ids(f"company={world['belnet']}&status=answered") == [published[0], published[1],
                                                                 published[4]]


@pytest.mark.shares_data
@pytest.mark.parametrize("query, field", [
    ("status=pending", "status"), ("status=removed", "status"), ("category=nope", "category"),
    ("company=nope", "company"), ("company={merged}", "company"), ("limit=0", "limit"),
    ("limit=101", "limit"), ("limit=abc", "limit"), ("cursor=" + "x" * 201, "cursor"),
])
def test_bad_filters_are_invalid_input(client, world, query, field):
    body = _problem(client.get(f"{API}/complaints?{query.format(**world)}"), 422, "invalid")
    assert field in body["errors"]


@pytest.mark.shares_data
@pytest.mark.parametrize("bad", ["abc", "W10", "WyJ4IiwxXQ", "WzEsMiwzXQ",
                                 "WyIyMDI2LTAxLTAxIiwiMSJd", "WzEwOTk1MTE2Mjc3NzZd", "Wy0xXQ",
                                 encode(datetime(2026, 1, 1, tzinfo=UTC), 2**40),
                                 encode("2026-99-01", 1)])
def test_a_cursor_we_did_not_give_is_a_bad_request(client, world, bad):
    for path in ("complaints", "companies", "rankings"):
        _problem(client.get(f"{API}/{path}?cursor={bad}"), 400, "bad-request")


@pytest.mark.shares_data
def test_a_complaint_comes_with_its_public_thread(client, world):
    body = _json(client.get(f"{API}/complaints/{world['threaded']}"))
    assert body["id"] == world["threaded"] and body["status"] == "answered"
    replies = body["replies"]
    assert [r["voice"] for r in replies] == ["company", "consumer", "consumer"]
    company, removed, redacted = replies
    assert company["id"] == world["company_reply"] and company["signature_name"] == "Wendy Webcare"
    assert removed["id"] == world["removed_reply"] and removed["removed"] is True
    assert removed["body"] is None and removed["body_html"] is None
    assert PHONE not in redacted["body"] and redacted["removed"] is False
    assert {"rating", "closing_note"} <= set(body)


@pytest.mark.shares_data
@pytest.mark.parametrize("which", ["pending", "rejected", "withdrawn"])
def test_a_complaint_that_is_not_published_does_not_exist(client, world, which):
    _problem(client.get(f"{API}/complaints/{world[which]}"), 404, "not-found")


@pytest.mark.shares_data
def test_a_removed_complaint_is_gone_with_the_public_reason(client, world):
    body = _problem(client.get(f"{API}/complaints/{world['removed']}"), 410, "gone")
    assert body["removal_reason"] == "Op verzoek verwijderd"
    for url in (f"{API}/complaints/999999", f"{API}/complaints/0",
                f"{API}/complaints/99999999999", f"{API}/complaints/abc"):
        _problem(client.get(url), 404, "not-found")


# --- companies --------------------------------------------------------------------------------

@pytest.mark.shares_data
def test_the_directory_lists_listed_companies_a_to_z_with_their_score(client, world):
    items = _all_pages(client, f"{API}/companies?limit=1")
    assert [c["slug"] for c in items] == [world["aardgas"], world["belnet"]]
    aardgas, belnet = items
    assert aardgas["verdict"]["standing"] == "under_review"
    assert aardgas["verdict"]["review_reason"] == "Veel lof van nieuwe accounts."
    assert belnet["verdict"]["standing"] == "too_little" and belnet["verdict"]["score"] is None
    assert belnet["verified"] is True and belnet["sector"]["slug"] == "telecom"
    assert belnet["published_count"] == 5
    assert [c["slug"] for c in _json(client.get(f"{API}/companies?letter=B"))["items"]] == \
        [world["belnet"]]
    assert [c["slug"] for c in _json(client.get(f"{API}/companies?q=gas"))["items"]] == \
        [world["aardgas"]]
    assert [c["slug"] for c in _json(client.get(f"{API}/companies?sector=energy"))["items"]] \
        == [world["aardgas"]]
    assert "sector" in _problem(client.get(f"{API}/companies?sector=nope"), 422,
                                "invalid")["errors"]
    assert "letter" in _problem(client.get(f"{API}/companies?letter=AB"), 422,
                                "invalid")["errors"]


@pytest.mark.shares_data
def test_a_company_comes_with_its_figures_and_score(client, world):
    body = _json(client.get(f"{API}/companies/{world['belnet']}"))
    assert body["name"] == "Belnet Mobiel" and body["verdict"]["standing"] == "too_little"
    assert body["verdict"]["needed"] == 5 and body["verdict"]["published"] == 5
    assert set(body["figures"]) == {"30d", "12m", "all"}
    year = body["figures"]["12m"]
    assert (year["published"], year["resolved"]) == (5, 1)
    assert year["unresolved"] == 4


@pytest.mark.shares_data
def test_a_merged_company_points_to_the_one_it_was_merged_into(client, world):
    response = client.get(f"{API}/companies/{world['merged']}")
    assert response.status_code == 301
    assert response.location.endswith(f"{API}/companies/{world['belnet']}")


@pytest.mark.shares_data
def test_an_unknown_company_is_not_found(client, world):
    _problem(client.get(f"{API}/companies/nobody"), 404, "not-found")


# --- rankings ---------------------------------------------------------------------------------

@pytest.mark.shares_data
def test_rankings_by_unresolved_and_paged(client, world):
    page = _json(client.get(f"{API}/rankings"))
    assert (page["window"], page["sort"], page["sector"]) == ("12m", "unresolved", None)
    assert [(i["rank"], i["company"]["slug"]) for i in page["items"]] == [
        (1, world["belnet"]), (2, world["aardgas"])]
    assert page["items"][0]["figures"]["unresolved"] == 4 and page["best_webcare"] == []
    paged = _all_pages(client, f"{API}/rankings?limit=1")
    assert [(i["rank"], i["company"]["slug"]) for i in paged] == [
        (1, world["belnet"]), (2, world["aardgas"])]
    energy = _json(client.get(f"{API}/rankings?sector=energy&window=all&sort=published"))
    assert [i["company"]["slug"] for i in energy["items"]] == [world["aardgas"]]
    for query, field in (("window=1y", "window"), ("sort=best", "sort"),
                         ("sector=nope", "sector")):
        assert field in _problem(client.get(f"{API}/rankings?{query}"), 422,
                                 "invalid")["errors"]


# --- nothing private --------------------------------------------------------------------------

def _public_urls(client, world) -> list[str]:
    urls = [f"{API}/complaints", f"{API}/companies", f"{API}/rankings"]
    urls += [f"{API}/complaints?status={s}" for s in ("open", "answered", "resolved")]
    urls += [f"{API}/complaints/{i}" for i in range(1, max(world["published"]) + 6)]
    urls += [f"{API}/companies/{slug}" for slug in (world["belnet"], world["aardgas"],
                                                    world["merged"])]
    from complaints.rankings.queries import SORTS

    urls += [f"{API}/rankings?window={w}&sort={s}" for w in ("30d", "12m", "all")
             for s in SORTS]
    return urls


@pytest.mark.shares_data
def test_no_public_endpoint_gives_anything_private(client, world):
    """Every answer of every public endpoint over a world with private data, errors too."""
    checked = 0
    for url in _public_urls(client, world):
        response = client.get(url)
        assert response.status_code in (200, 301, 404, 410), url
        text = response.get_data(as_text=True)
        for address in world["emails"]:
            assert address not in text, url
        assert "@" not in text, url
        for secret in (PRIVATE_MESSAGE, TICKET, PRIVATE_NOTE, REMOVED_REPLY, PHONE,
                       "author_id", "email", "ticket", "risk", *HIDDEN_TITLES):
            assert secret not in text, (url, secret)
        checked += 1
    assert checked > 40


# --- cache ------------------------------------------------------------------------------------

@pytest.fixture
def cached_app(app, tmp_path):
    class Cached(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        PAGE_CACHE = "memory"
        PAGE_CACHE_GENERATION_PATH = str(tmp_path / "generation")

    return create_app(Cached)


def test_answers_are_cached_until_something_public_changes(cached_app, consumer, moderator,
                                                            company):
    client = cached_app.test_client()
    with cached_app.test_request_context():
        make_complaint(consumer, company, status=Status.OPEN, title="Eerste klacht gepubliceerd")
        waiting = make_complaint(consumer, company, title="Tweede klacht wacht nog")
    urls = [f"{API}/complaints", f"{API}/companies", f"{API}/companies/belnet-mobiel",
            f"{API}/rankings", f"{API}/docs"]
    for url in urls:
        first, second = client.get(url), client.get(url)
        assert first.headers["X-Page-Cache"] == "miss", url
        assert second.headers["X-Page-Cache"] == "hit", url
        assert first.get_data() == second.get_data()
    # The query is part of the key, and the language too.
    assert client.get(f"{API}/complaints?limit=1").headers["X-Page-Cache"] == "miss"
    assert client.get(f"{API}/complaints", headers={"Accept-Language": "en"}) \
        .headers["X-Page-Cache"] == "miss"
    with cached_app.test_request_context():
        moderation.approve_complaint(reload(User, moderator), reload(Complaint, waiting))
    fresh = client.get(f"{API}/complaints")
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert [i["title"] for i in fresh.get_json()["items"]] == [
        "Tweede klacht wacht nog", "Eerste klacht gepubliceerd"]


def test_a_token_holders_request_is_not_served_from_the_cache(cached_app, company):
    client = cached_app.test_client()
    client.get(f"{API}/companies")
    response = client.get(f"{API}/companies", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401 and "X-Page-Cache" not in response.headers


def test_errors_are_not_cached(cached_app, company):
    client = cached_app.test_client()
    for _ in range(2):
        response = client.get(f"{API}/companies/nobody")
        assert response.status_code == 404
        assert response.headers.get("X-Page-Cache") != "hit"


# --- the reference page -----------------------------------------------------------------------

@pytest.mark.shares_data
def test_the_reference_lists_every_operation_and_problem(app, client, world):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    with app.app_context():
        spec = app.extensions["helpdeskhel_api"].spec.to_dict()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":  # shared by the path's operations
                continue
            anchor = f'id="{method}-{_slug(path)}"'
            assert anchor in html, (method, path)
            assert str(escape(operation["summary"])) in html
    from complaints.api.problems import Kind

    for kind in Kind:
        assert f'id="problem-{kind.value}"' in html
    assert 'href="/api/v1/openapi.json"' in html
    assert "<script" not in html and "http://" not in html.replace("http://localhost", "")


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


@pytest.mark.shares_data
@pytest.mark.parametrize("language, word", [("en", "Parameters"), ("nl", "Parameters")])
def test_the_reference_speaks_the_asked_language(client, world, language, word):
    html = client.get(f"{API}/docs?lang={language}").get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    # The language switch is a pair of links there: the API keeps no session.
    assert f'href="/api/v1/docs?lang={"en" if language == "nl" else "nl"}"' in html
    assert 'action="/language"' not in html


def test_openapi_document_is_json(client):
    document = json.loads(client.get(f"{API}/openapi.json").get_data(as_text=True))
    assert {"/api/v1/complaints", "/api/v1/complaints/{complaint_id}", "/api/v1/companies",
            "/api/v1/companies/{slug}", "/api/v1/rankings"} <= set(document["paths"])
    assert document["components"]["responses"]["GONE"]["description"] == "Gone"


# --- limits -----------------------------------------------------------------------------------

def test_public_reads_are_limited_per_address_with_ratelimit_headers(limited_app):
    from complaints.api.auth import PUBLIC_READS

    allowed = int(PUBLIC_READS.split()[0])
    client = limited_app.test_client()
    first = client.get(f"{API}/rankings")
    assert first.status_code == 200
    assert first.headers["RateLimit-Limit"] == str(allowed)
    assert first.headers["RateLimit-Remaining"] == str(allowed - 1)
    for _ in range(allowed - 1):
        client.get(f"{API}/complaints/1")  # any public endpoint counts against the address
    refused = client.get(f"{API}/companies")
    _problem(refused, 429, "rate-limited")
    assert int(refused.headers["Retry-After"]) > 0
    other = limited_app.test_client()
    assert other.get(f"{API}/companies", environ_base={"REMOTE_ADDR": "10.1.2.3"}) \
        .status_code == 200


def test_a_scored_company_gives_its_score_band_and_word(app, client, consumer, moderator,
                                                         company):
    with app.test_request_context():
        for days in range(1, 11):
            make_complaint(consumer, company, status=Status.RESOLVED, days_ago=days)
    body = _json(client.get(f"{API}/companies/{company.slug}?lang=en"))
    verdict = body["verdict"]
    assert verdict["standing"] == "scored" and verdict["needed"] == 0
    assert 0 <= verdict["score"] <= 10 and verdict["band"] in ("good", "fair", "poor", "bad")
    assert verdict["word"] == verdict["band"]  # in English the word is the band's key
    listed = _json(client.get(f"{API}/companies?lang=en"))["items"][0]["verdict"]
    ranked = _json(client.get(f"{API}/rankings?sort=score&lang=en"))["items"][0]
    assert listed == verdict and ranked["company"]["verdict"] == verdict
