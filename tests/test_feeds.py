"""Atom feeds, following companies, open data, robots.txt, sitemaps and Open Graph tags."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from urllib.robotparser import RobotFileParser

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.clock import AMSTERDAM, utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.extensions import db
from complaints.feeds import services as feeds
from complaints.feeds import sitemaps
from complaints.feeds.models import Follow, FollowMode
from complaints.feeds.open_data import FIELD_NAMES
from complaints.feeds.views import excerpt
from complaints.notifications.models import OutboxMessage
from complaints.threads import services as threads
from tests.builders import (
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    reload,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
TRICKY_STORY = (
    'Ze zeiden "morgen komt de monteur", en daarna; niets.\n\n'
    "- eerste keer gebeld, 40 minuten gewacht\n"
    "- tweede keer: \"geen storing bekend\"\r\n"
    "=SOM(A1) en een komma, een puntkomma; en één emoji 🙂 bij elkaar."
)
PRIVATE_TEXT = "Mijn klantnummer staat in dit GEHEIMBERICHT"
TICKET = "TICKET-98765"


def _all_statuses(author, company) -> dict[Status, int]:
    """One complaint in every status, each with its own title; returns the ids."""
    return {status: make_complaint(author, company, status=status,
                                   title=f"Klacht die {status.value} is bij het bedrijf").id
            for status in Status}


def _atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.data)  # noqa: S314 - the site's own output
    assert root.tag == f"{ATOM}feed"
    return root


def _entry_ids(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]


def _complaint_url(complaint_id: int) -> str:
    return f"http://localhost/complaints/{complaint_id}"


# --- Atom feeds -----------------------------------------------------------------------------

def test_feed_lists_only_published_complaints_newest_first(app, client, consumer, moderator,
                                                           company):
    with app.test_request_context():
        ids = _all_statuses(consumer, company)
        newest = make_complaint(consumer, company, status=Status.OPEN,
                                title="De nieuwste klacht").id
        db.session.get(Complaint, ids[Status.OPEN]).published_at -= timedelta(days=2)
        db.session.commit()
    root = _atom(client.get("/feeds/complaints.atom"))
    shown = _entry_ids(root)
    assert shown[0] == _complaint_url(newest)
    assert set(shown) == {_complaint_url(newest)} | {
        _complaint_url(ids[status]) for status in PUBLIC_STATUSES}
    assert shown[-1] == _complaint_url(ids[Status.OPEN])  # published two days earlier
    for status in (Status.PENDING, Status.REJECTED, Status.WITHDRAWN, Status.REMOVED):
        assert _complaint_url(ids[status]) not in shown

    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Belnet Mobiel: De nieuwste klacht"
    assert entry.find(f"{ATOM}link").get("href") == _complaint_url(newest)
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Anna Consument"
    assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}updated")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html" and summary.text.startswith("<p>Ik heb vier keer")
    assert consumer.email not in client.get("/feeds/complaints.atom").get_data(as_text=True)


def test_company_feed_shows_only_that_company(app, client, consumer, moderator, company):
    with app.test_request_context():
        other = make_company("Aardgas Direct", sector="energy")
        ours = make_complaint(consumer, company, status=Status.ANSWERED).id
        theirs = make_complaint(consumer, other, status=Status.OPEN).id
        make_complaint(consumer, company, status=Status.PENDING)
    root = _atom(client.get(f"/companies/{company.slug}/feed.atom"))
    assert _entry_ids(root) == [_complaint_url(ours)]
    assert root.findtext(f"{ATOM}id") == f"http://localhost/companies/{company.slug}/feed.atom"
    assert _entry_ids(_atom(client.get("/companies/aardgas-direct/feed.atom"))) == [
        _complaint_url(theirs)]


def test_company_feed_is_404_for_unknown_or_unlisted_and_follows_a_merge(app, client, company):
    with app.test_request_context():
        proposed = make_company("Voorgesteld Bedrijf")
        merged = make_company("Belnet Oud")
        db.session.get(Company, proposed.id).status = CompanyStatus.PROPOSED
        row = db.session.get(Company, merged.id)
        row.status, row.merged_into_id = CompanyStatus.MERGED, company.id
        db.session.commit()
    assert client.get("/companies/bestaat-niet/feed.atom").status_code == 404
    assert client.get(f"/companies/{proposed.slug}/feed.atom").status_code == 404
    response = client.get(f"/companies/{merged.slug}/feed.atom")
    assert response.status_code == 301
    assert response.location.endswith(f"/companies/{company.slug}/feed.atom")


def test_list_and_company_pages_link_their_feeds(app, client, consumer, moderator, company):
    listing = client.get("/complaints").get_data(as_text=True)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                     r'href="/feeds/complaints.atom">', listing)
    page = client.get(f"/companies/{company.slug}").get_data(as_text=True)
    head = page[:page.index("</head>")]
    assert 'type="application/atom+xml" title="' in head
    assert f'href="/companies/{company.slug}/feed.atom">' in head
    footer = page[page.index('<footer'):]
    for path in ("/open-data", "/moderation-log", "/feeds/complaints.atom"):
        assert f'href="{path}"' in footer


# --- following ------------------------------------------------------------------------------

def _follows(user_id: int) -> list[tuple[int, str]]:
    return [(f.company_id, f.mode) for f in db.session.scalars(
        select(Follow).where(Follow.user_id == user_id).order_by(Follow.company_id))]


def test_follow_change_mode_and_unfollow_through_the_company_page(app, client, login, consumer,
                                                                 company):
    page = client.get(f"/companies/{company.slug}").get_data(as_text=True)
    assert f'href="/auth/login?next=/companies/{company.slug}"' in page  # sign in to follow
    assert f'action="/companies/{company.slug}/follow"' not in page

    login(consumer)
    page = client.get(f"/companies/{company.slug}").get_data(as_text=True)
    assert f'action="/companies/{company.slug}/follow"' in page
    assert f'action="/companies/{company.slug}/unfollow"' not in page

    response = post_form(client, f"/companies/{company.slug}/follow", {"mode": "instant"})
    assert response.status_code == 303
    assert response.location.endswith(f"/companies/{company.slug}")
    with app.test_request_context():
        assert _follows(consumer.id) == [(company.id, "instant")]
    page = client.get(f"/companies/{company.slug}").get_data(as_text=True)
    assert f'action="/companies/{company.slug}/unfollow"' in page
    assert 'value="instant" checked' in page or 'checked type="radio" value="instant"' in page \
        or re.search(r'<input[^>]*checked[^>]*value="instant"', page)

    post_form(client, f"/companies/{company.slug}/follow", {"mode": "daily"})
    with app.test_request_context():
        assert _follows(consumer.id) == [(company.id, "daily")]  # changed, not doubled
        assert db.session.scalar(select(Follow.digest_through)) is not None

    account = client.get("/account").get_data(as_text=True)
    assert f'href="/companies/{company.slug}">Belnet Mobiel</a>' in account
    assert f'action="/companies/{company.slug}/unfollow"' in account

    response = post_form(client, f"/companies/{company.slug}/unfollow", {"next": "/account"})
    assert response.status_code == 303 and response.location.endswith("/account")
    with app.test_request_context():
        assert _follows(consumer.id) == []


def test_follow_refuses_an_unknown_mode_and_an_unlisted_company(app, client, login, consumer,
                                                                company):
    with app.test_request_context():
        proposed = make_company("Voorgesteld Bedrijf")
        db.session.get(Company, proposed.id).status = CompanyStatus.PROPOSED
        db.session.commit()
    login(consumer)
    assert post_form(client, f"/companies/{company.slug}/follow",
                     {"mode": "hourly"}).status_code == 400
    assert post_form(client, f"/companies/{proposed.slug}/follow",
                     {"mode": "instant"}).status_code == 404
    assert post_form(client, "/companies/onbekend/follow", {"mode": "instant"}).status_code == 404
    with app.test_request_context():
        assert _follows(consumer.id) == []


def test_follow_service_rules(ctx, consumer, moderator, company):
    from complaints.errors import NotAllowed

    user = reload(User, consumer)
    row = feeds.follow(user, reload(Company, company), FollowMode.DAILY)
    assert (row.mode, row.digest_through) == (FollowMode.DAILY, None)  # digest from created_at
    feeds.follow(user, reload(Company, company), FollowMode.DAILY)
    assert _follows(consumer.id) == [(company.id, "daily")]
    assert feeds.unfollow(user, reload(Company, company)) is True
    assert feeds.unfollow(user, reload(Company, company)) is False

    user.banned_at = utcnow()
    db.session.commit()
    with pytest.raises(NotAllowed):
        feeds.follow(user, reload(Company, company), FollowMode.INSTANT)


# --- mail to followers ----------------------------------------------------------------------

def _follow(user, company, mode: FollowMode, *, since_days: int = 2) -> None:
    """A follow that began `since_days` ago (so complaints published since count)."""
    row = feeds.follow(reload(User, user), reload(Company, company), mode)
    row.created_at = utcnow() - timedelta(days=since_days)
    if row.digest_through is not None:
        row.digest_through = row.created_at
    db.session.commit()


def _outbox(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)
                                   .order_by(OutboxMessage.id)))


def test_notify_followers_mails_instant_followers_once_and_not_the_author(
        ctx, mailbox, consumer, other_consumer, moderator, company):
    daily = make_user("dagelijks@example.nl")
    unverified = make_user("onbevestigd@example.nl", verified=False)
    elsewhere = make_user("elders@example.nl")
    _follow(other_consumer, company, FollowMode.INSTANT)
    _follow(consumer, company, FollowMode.INSTANT)  # the author follows the company too
    _follow(daily, company, FollowMode.DAILY)
    _follow(unverified, company, FollowMode.INSTANT)
    _follow(elsewhere, make_company("Aardgas Direct", sector="energy"), FollowMode.INSTANT)
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    mailbox.clear()

    assert feeds.notify_followers(complaint) == 1
    db.session.commit()
    assert feeds.notify_followers(complaint) == 0  # a second call queues nothing
    db.session.commit()

    assert [m.recipient for m in _outbox("followed_complaint")] == [other_consumer.email]
    message = mailbox.last_to(other_consumer.email)
    assert complaint.title in message["Subject"]
    content = message.get_content()
    assert f"http://localhost/complaints/{complaint.id}" in content
    assert f"http://localhost/companies/{company.slug}" in content  # where to unfollow
    for address in (consumer.email, daily.email, unverified.email, elsewhere.email):
        assert mailbox.to(address) == []


def _ten_tomorrow() -> datetime:
    """10:00 Amsterdam time tomorrow: a moment with the rest of the Dutch day after it."""
    local = (utcnow().astimezone(AMSTERDAM) + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


def test_daily_digest_is_sent_once_a_day_and_only_with_something_new(
        ctx, mailbox, consumer, other_consumer, moderator, company):
    other = make_company("Aardgas Direct", sector="energy")
    quiet = make_company("Stille Post")
    _follow(other_consumer, company, FollowMode.DAILY)
    _follow(other_consumer, other, FollowMode.DAILY)
    _follow(other_consumer, quiet, FollowMode.DAILY)
    instant = make_user("direct@example.nl")
    _follow(instant, company, FollowMode.INSTANT)
    first = make_complaint(consumer, company, status=Status.OPEN, title="Eerste klacht vandaag")
    second = make_complaint(consumer, other, status=Status.ANSWERED, title="Gas klacht vandaag")
    own = make_complaint(other_consumer, company, status=Status.OPEN, title="Mijn eigen klacht")
    make_complaint(consumer, company, status=Status.PENDING, title="Nog niet gepubliceerd")
    mailbox.clear()
    now = _ten_tomorrow()

    assert feeds.send_digests(now) == 1
    assert feeds.send_digests(now + timedelta(minutes=30)) == 0  # same day: nothing twice
    messages = _outbox("follow_digest")
    assert len(messages) == 1
    day = now.astimezone(AMSTERDAM).date()
    assert messages[0].dedupe_key == f"digest:{other_consumer.id}:{day}"
    content = mailbox.last_to(other_consumer.email).get_content()
    for complaint in (first, second):
        assert f"http://localhost/complaints/{complaint.id}" in content
    assert f"http://localhost/complaints/{own.id}" not in content  # not their own
    assert "Nog niet gepubliceerd" not in content and "Stille Post" not in content
    assert "http://localhost/account" in content  # where to unfollow
    assert mailbox.to(instant.email) == []

    # Published later that day: today's digest already went, so it waits for tomorrow.
    late = make_complaint(consumer, company, status=Status.OPEN, title="Later die dag")
    reload(Complaint, late).published_at = now + timedelta(hours=1)
    db.session.commit()
    assert feeds.send_digests(now + timedelta(hours=3)) == 0
    assert feeds.send_digests(now + timedelta(days=1)) == 1
    content = mailbox.last_to(other_consumer.email).get_content()
    assert f"http://localhost/complaints/{late.id}" in content
    assert f"http://localhost/complaints/{first.id}" not in content
    # A day without anything new: no mail.
    assert feeds.send_digests(now + timedelta(days=2)) == 0
    assert len(_outbox("follow_digest")) == 2


# --- open data ------------------------------------------------------------------------------

@pytest.fixture
def open_data_world(app, consumer, moderator, company):
    """Published complaints (one with a tricky story, one rated and edited), a pending one, a
    removed one, a private message and a ticket number."""
    with app.test_request_context():
        rep_user = make_user("wendy@example.nl")
        make_representative(rep_user, company)
        tricky = make_complaint(consumer, company, status=Status.ANSWERED, body=TRICKY_STORY,
                                title='Een "titel", met; alles')
        resolved = make_complaint(consumer, make_company("Aardgas Direct", sector="energy"),
                                  status=Status.RESOLVED, title="Opgelost na lang wachten")
        row = reload(Complaint, resolved)
        row.rating, row.closing_note, row.moderated_at = 4, "Eindelijk opgelost.", utcnow()
        make_complaint(consumer, company, status=Status.OPEN, title="Gewoon open")
        make_complaint(consumer, company, status=Status.PENDING, title="Wacht op moderatie")
        make_complaint(consumer, company, status=Status.REMOVED, title="Weggehaald door moderator")
        author = reload(User, consumer)
        threads.send_private_message(author, reload(Complaint, tricky), PRIVATE_TEXT)
        threads.log_contact(author, reload(Complaint, tricky), threads.ContactDraft(
            contacted_on=date(2026, 1, 5), channel="phone", minutes_waited=40,
            reached_human=True, ticket_number=TICKET))
        db.session.commit()
    return {"emails": [consumer.email, moderator.email, "wendy@example.nl",
                       "wendy@belnet-mobiel.nl"]}


def _published_in_database() -> dict[int, Complaint]:
    return {c.id: c for c in db.session.scalars(
        select(Complaint).where(Complaint.status.in_(PUBLIC_STATUSES))).unique()}


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _expected(complaint: Complaint) -> dict:
    def span(end, unit):
        return round((end - complaint.published_at).total_seconds() / unit, 1) if end else None

    return {
        "id": complaint.id, "url": _complaint_url(complaint.id),
        "company": complaint.company.name, "company_slug": complaint.company.slug,
        "sector": complaint.company.sector.slug, "category": complaint.category.slug,
        "title": complaint.title, "story": complaint.body_source, "status": complaint.status,
        "published_at": _stamp(complaint.published_at),
        "first_response_at": _stamp(complaint.first_response_at),
        "resolved_at": _stamp(complaint.resolved_at),
        "hours_to_first_response": span(complaint.first_response_at, 3600),
        "days_to_resolution": span(complaint.resolved_at, 86400),
        "contacts_before": complaint.contacts_before, "supporters": complaint.supporters_count,
        "rating": complaint.rating, "edited_by_moderation": complaint.moderated_at is not None,
        "closing_note": complaint.closing_note,
    }


def _assert_nothing_private(text: str, emails: list[str]) -> None:
    for address in emails:
        assert address not in text
    assert "@" not in text
    for secret in ("GEHEIMBERICHT", TICKET, "Wacht op moderatie", "Weggehaald door moderator"):
        assert secret not in text


def test_open_data_csv_round_trips_and_holds_nothing_private(app, client, open_data_world):
    response = client.get("/open-data/complaints.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.data.decode("utf-8")
    _assert_nothing_private(text, open_data_world["emails"])

    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == FIELD_NAMES
    rows = list(reader)
    with app.test_request_context():
        published = _published_in_database()
        assert [int(row["id"]) for row in rows] == sorted(published)
        for row in rows:
            expected = _expected(published[int(row["id"])])
            as_text = {key: "" if value is None else
                       ("true" if value is True else "false" if value is False else str(value))
                       for key, value in expected.items()}
            assert row == as_text
    assert any(row["story"] == TRICKY_STORY.replace("\r\n", "\n") or "\r\n" in row["story"]
               for row in rows)
    resolved = next(row for row in rows if row["status"] == "resolved")
    assert (resolved["rating"], resolved["edited_by_moderation"]) == ("4", "true")
    assert resolved["closing_note"] == "Eindelijk opgelost."


def test_open_data_jsonl_round_trips_and_holds_nothing_private(app, client, open_data_world):
    response = client.get("/open-data/complaints.jsonl")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.data.decode("utf-8")
    _assert_nothing_private(text, open_data_world["emails"])
    lines = text.split("\n")
    assert lines[-1] == ""  # every record ends its line
    records = [json.loads(line) for line in lines[:-1]]
    with app.test_request_context():
        published = _published_in_database()
        assert [record["id"] for record in records] == sorted(published)
        for record in records:
            assert list(record) == FIELD_NAMES
            assert record == _expected(published[record["id"]])


def test_open_data_streams_in_batches(app, client, consumer, moderator, company, monkeypatch):
    """Several keyset batches give every row once, in order."""
    from complaints.feeds import queries

    with app.test_request_context():
        ids = [make_complaint(consumer, company, status=Status.OPEN, title=f"Klacht nummer {n}").id
               for n in range(5)]
    original = queries.open_data_rows
    monkeypatch.setattr(queries, "open_data_rows", lambda: original(batch=2))
    lines = client.get("/open-data/complaints.jsonl").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids


def test_open_data_page_explains_every_field(client):
    page = client.get("/open-data").get_data(as_text=True)
    for name in FIELD_NAMES:
        assert f"<code>{name}</code>" in page
    assert 'href="/open-data/complaints.csv"' in page
    assert 'href="/open-data/complaints.jsonl"' in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    for code in ("finance", "billing", "reachability"):  # the codes are explained too
        assert f"<dt><code>{code}</code></dt>" in page
    assert "<code>http://localhost/complaints/1234</code>" in page


# --- robots.txt and sitemaps ----------------------------------------------------------------

def test_robots_txt_keeps_private_pages_out_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text.splitlines()
    robots = RobotFileParser()
    robots.parse(text.splitlines())
    for path in ("/moderation", "/moderation/flags", "/webcare/belnet", "/account",
                 "/auth/login", "/complaints/new", "/invitations/x", "/claims/confirm/x"):
        assert not robots.can_fetch("*", f"http://localhost{path}"), path
    for path in ("/", "/complaints", "/complaints/12", "/companies/belnet", "/moderation-log",
                 "/open-data"):
        assert robots.can_fetch("*", f"http://localhost{path}"), path


def _sitemap(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(response.data)  # noqa: S314 - the site's own output


def test_sitemaps_split_complaints_by_id_range(app, client, consumer, moderator, company,
                                               monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 2)
    with app.test_request_context():
        ids = _all_statuses(consumer, company)
        make_company("Stille Post")
        proposed = make_company("Voorgesteld Bedrijf")
        db.session.get(Company, proposed.id).status = CompanyStatus.PROPOSED
        db.session.commit()
        highest = db.session.scalar(select(func.max(Complaint.id)))
    files = -(-highest // 2)

    index = _sitemap(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = [s.findtext(f"{SITEMAP}loc") for s in index.iter(f"{SITEMAP}sitemap")]
    assert locations == ["http://localhost/sitemaps/companies.xml"] + [
        f"http://localhost/sitemaps/complaints-{n}.xml" for n in range(1, files + 1)]
    assert all(s.findtext(f"{SITEMAP}lastmod") for s in index.iter(f"{SITEMAP}sitemap"))

    listed = set()
    for n in range(1, files + 1):
        urlset = _sitemap(client, f"/sitemaps/complaints-{n}.xml")
        assert urlset.tag == f"{SITEMAP}urlset"
        urls = [u.findtext(f"{SITEMAP}loc") for u in urlset.iter(f"{SITEMAP}url")]
        assert len(urls) <= 2
        assert all(u.findtext(f"{SITEMAP}lastmod") for u in urlset.iter(f"{SITEMAP}url"))
        listed.update(urls)
    assert listed == {_complaint_url(ids[status]) for status in PUBLIC_STATUSES}
    assert client.get(f"/sitemaps/complaints-{files + 1}.xml").status_code == 404

    companies = _sitemap(client, "/sitemaps/companies.xml")
    urls = {u.findtext(f"{SITEMAP}loc") for u in companies.iter(f"{SITEMAP}url")}
    assert urls == {"http://localhost/companies/belnet-mobiel",
                    "http://localhost/companies/stille-post"}


def test_sitemap_index_of_an_empty_site_is_valid(client):
    index = _sitemap(client, "/sitemap.xml")
    assert [s.findtext(f"{SITEMAP}loc") for s in index.iter(f"{SITEMAP}sitemap")] == [
        "http://localhost/sitemaps/companies.xml"]
    assert client.get("/sitemaps/complaints-1.xml").status_code == 404


# --- Open Graph -----------------------------------------------------------------------------

def _meta(page: str) -> dict[str, str]:
    head = page[:page.index("</head>")]
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter|article):[\w:]+)" '
                           r'content="([^"]*)">', head))


def test_open_graph_tags_on_a_published_complaint(app, client, consumer, moderator, company):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN,
                                      title='Nooit meer "Belnet" & zo',
                                      body=TRICKY_STORY + " " + "lang verhaal " * 40).id
    page = client.get(f"/complaints/{complaint_id}").get_data(as_text=True)
    meta = _meta(page)
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Nooit meer &#34;Belnet&#34; &amp; zo"
    assert meta["og:url"] == _complaint_url(complaint_id)
    assert meta["og:site_name"] == "Helpdeskhel"
    assert meta["twitter:card"] == "summary"
    description = meta["og:description"]
    assert description.startswith("Ze zeiden &#34;morgen komt de monteur&#34;, en daarna; niets.")
    assert "<" not in description and "\n" not in description
    plain = description.replace("&#34;", '"').replace("&amp;", "&")
    assert len(plain) <= 200 and plain.endswith("…")


def test_no_open_graph_content_on_pending_or_removed_complaints(app, client, login, consumer,
                                                                moderator, company):
    with app.test_request_context():
        pending = make_complaint(consumer, company, title="Nog geheim tot publicatie").id
        removed = make_complaint(consumer, company, status=Status.REMOVED,
                                 title="Weggehaald om een reden").id
    response = client.get(f"/complaints/{removed}")
    assert response.status_code == 410
    assert _meta(response.get_data(as_text=True)) == {}
    assert "Weggehaald om een reden" not in response.get_data(as_text=True)
    login(consumer)
    page = client.get(f"/complaints/{pending}").get_data(as_text=True)
    assert "Nog geheim tot publicatie" in page  # the author sees it …
    assert _meta(page) == {}  # … but nothing is offered for sharing
    assert 'property="og:' not in page


def test_open_graph_tags_on_a_company_page(client, company):
    meta = _meta(client.get(f"/companies/{company.slug}").get_data(as_text=True))
    assert meta["og:type"] == "website"
    assert meta["og:url"] == f"http://localhost/companies/{company.slug}"
    assert "Belnet Mobiel" in meta["og:title"] and meta["og:description"]


def test_excerpt_is_plain_text_cut_at_a_word():
    html = "<p>Een &amp; twee</p>\n<ul><li>drie</li></ul>" + "<p>" + "woord " * 100 + "</p>"
    text = excerpt(html)
    assert text.startswith("Een & twee drie woord") and text.endswith("woord…")
    assert len(text) <= 200
    assert excerpt("<p>Kort.</p>") == "Kort."
