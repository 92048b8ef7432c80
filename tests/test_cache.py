"""The page cache: anonymous visitors get stored pages with their own CSRF token, every public
change shows at once, nothing personal is stored or served from it."""

from __future__ import annotations

import re

import pytest

from complaints import create_app
from complaints.cases.models import Complaint
from complaints.config import TestingConfig
from complaints.extensions import db
from complaints.moderation import services as moderation
from tests.builders import make_complaint, make_user, post_form, reload

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _app(app, tmp_path, store: str):
    class Cached(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        PAGE_CACHE = store
        PAGE_CACHE_GENERATION_PATH = str(tmp_path / "generation")

    return create_app(Cached)


@pytest.fixture
def cached_app(app, tmp_path):
    return _app(app, tmp_path, "memory")


def test_second_anonymous_visit_is_served_from_the_cache(cached_app, company):
    client = cached_app.test_client()
    first, second = client.get("/companies/belnet-mobiel"), client.get("/companies/belnet-mobiel")
    assert first.headers["X-Page-Cache"] == "miss" and second.headers["X-Page-Cache"] == "hit"
    strip = lambda page: _TOKEN.sub("", page.get_data(as_text=True))  # noqa: E731
    assert strip(first) == strip(second)


def test_each_visitor_gets_their_own_working_csrf_token(cached_app, company):
    anna, bert = cached_app.test_client(), cached_app.test_client()
    anna.get("/")
    page = bert.get("/")
    assert page.headers["X-Page-Cache"] == "hit"
    tokens = {_TOKEN.search(c.get("/").get_data(as_text=True)).group(1) for c in (anna, bert)}
    assert len(tokens) == 2 and not any(t.startswith("csrf-") for t in tokens)
    # Bert's token from the cached page works for Bert's own form.
    response = bert.post("/language", data={"lang": "en", "next": "/",
                                            "csrf_token": _TOKEN.search(
                                                page.get_data(as_text=True)).group(1)})
    assert response.status_code == 303


def test_language_is_part_of_the_key(cached_app, company):
    client = cached_app.test_client()
    dutch = client.get("/rankings").get_data(as_text=True)
    post_form(client, "/language", {"lang": "en", "next": "/"})
    english = client.get("/rankings")
    assert english.headers["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.get_data(as_text=True) and '<html lang="nl">' in dutch


def test_a_published_complaint_shows_at_once(cached_app, consumer, moderator, company):
    client = cached_app.test_client()
    with cached_app.test_request_context():
        complaint = make_complaint(consumer, company, title="Wachtrij zonder einde")
    assert "Wachtrij zonder einde" not in client.get("/").get_data(as_text=True)
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    with cached_app.test_request_context():
        moderation.approve_complaint(reload(type(moderator), moderator),
                                     reload(Complaint, complaint))
    page = client.get("/")
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Wachtrij zonder einde" in page.get_data(as_text=True)


def test_a_waiting_complaint_leaves_the_cache_alone(cached_app, consumer, company):
    client = cached_app.test_client()
    client.get("/")
    with cached_app.test_request_context():
        make_complaint(consumer, company, title="Nog niet gepubliceerd")
    assert client.get("/").headers["X-Page-Cache"] == "hit"


def test_a_new_display_name_shows_at_once(cached_app, consumer, company):
    from complaints.cases.workflow import Status

    client = cached_app.test_client()
    with cached_app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
    url = f"/complaints/{complaint.id}"
    client.get(url)
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    with cached_app.test_request_context():
        user = reload(type(consumer), consumer)
        user.display_name = "Anna Nieuw"
        db.session.commit()
    page = client.get(url)
    assert page.headers["X-Page-Cache"] == "miss" and "Anna Nieuw" in page.get_data(as_text=True)


def test_signed_in_people_never_get_a_stored_page(cached_app, consumer, company):
    client = cached_app.test_client()
    client.get("/")
    response = post_form(client, "/auth/login", {"email": consumer.email,
                                                 "password": "correct horse battery staple"})
    assert response.status_code == 303
    page = client.get("/")
    assert "X-Page-Cache" not in page.headers
    assert "Mijn account" in page.get_data(as_text=True)


def test_a_page_with_a_message_for_this_visitor_is_not_stored(cached_app, company):
    client = cached_app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Alleen voor jou")]
    assert "Alleen voor jou" in client.get("/").get_data(as_text=True)
    other = cached_app.test_client()
    assert "Alleen voor jou" not in other.get("/").get_data(as_text=True)


def test_errors_and_forms_are_not_cached(cached_app, company):
    client = cached_app.test_client()
    assert client.get("/companies/bestaat-niet").status_code == 404
    assert "X-Page-Cache" not in client.get("/auth/login").headers


def test_head_requests_are_answered_from_the_same_entry(cached_app, company):
    client = cached_app.test_client()
    client.get("/rankings")
    head = client.head("/rankings")
    assert head.status_code == 200 and head.headers["X-Page-Cache"] == "hit"
    assert head.get_data() == b""


def test_redis_store_is_shared_by_two_app_servers(app, tmp_path, company):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    one, two = _app(app, tmp_path / "a", url), _app(app, tmp_path / "b", url)
    with one.app_context():
        from complaints import cache

        cache.clear()
    assert one.test_client().get("/rankings").headers["X-Page-Cache"] == "miss"
    assert two.test_client().get("/rankings").headers["X-Page-Cache"] == "hit"
    with two.test_request_context():
        make_user("nieuw@example.nl")  # private: no change
        company_row = db.session.get(type(company), company.id)
        company_row.description = "Nieuwe omschrijving"
        db.session.commit()
    assert one.test_client().get("/rankings").headers["X-Page-Cache"] == "miss"
