"""Hostile input in every text field of every form people fill in.

Each field takes every string of tests/hostile.py (the Big List of Naughty Strings, 1,000 XSS
and 1,002 SQL-injection payloads, a few made here; 200 of each payload list, another 200 on
each engine, unless HOSTILE_FULL=1): never a 500; either refused with a
message on the field (and nothing saved) or stored as sent and shown back as text, with
nothing on the page that could run or load.

The fields of one form are swept together: each request carries a different string in each
field; a field the server refuses has its string counted as refused, the strings in the other
fields are sent again. Stored text is read back from the database for every accepted string;
the pages that show it are fetched for every tenth accepted request (each page type is also
rendered in the browser test with the payloads that could run).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, delete, func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.companies.models import Company
from complaints.companies.services import name_key
from complaints.extensions import db
from complaints.moderation.models import Flag
from complaints.threads.models import ContactEntry, PrivateMessage, Reply
from tests.builders import STORY, csrf_token, make_complaint, signed_in
from tests.hostile import COUNTS, FIXTURES, FULL, PAYLOADS, SAMPLE, audit, normalized, sample
from tests.test_access import world  # noqa: F401 - the fixture with a user in every role

REFUSED = (200, 400, 422)
MESSAGE = re.compile(r'class="(?:field__errors|error-summary|flash flash--(?:error|info))"')
DISPLAY_EVERY = 10
FLASHES_KEPT = 20  # messages a client's session gathers before the sweep drops them
FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class Sweep:
    """What a sweep of one form saw, per field."""

    stored: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    pages: int = 0

    def tried(self, name: str) -> int:
        return self.stored[name] + self.refused[name]


@pytest.fixture(autouse=True)
def _mail_queued(app, monkeypatch):
    """Mail waits in the outbox, as in production with an SMTP server: the sweep is about
    forms, and delivering a mail per request would only make it slower."""
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "queued")


@pytest.fixture(scope="module")
def reader(app):
    """A connection of the test's own for counting rows: one query per count, without an app
    context and a session each time (the sweep counts before and after each request)."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def _counter(reader, model):
    statement = select(func.count()).select_from(model)
    return lambda: reader.execute(statement).scalar_one()


def sweep(client, url, base, fields: list[str], *, method: str = "POST",
          pad: dict | None = None, count=None, on_stored=None,
          seen: Sweep | None = None) -> Sweep:
    """Send every hostile string in each of `fields` of the form at `url`.

    `url` may be a function, called per request; `base` holds valid values for the form's
    other fields (or makes them, called per request); `pad` wraps the string of a field that
    has a minimum length; `count()` counts the rows a stored request adds (checked to be
    unchanged by a refused one); `on_stored(response, texts, n)` checks the n-th accepted
    request, `texts` being what each field held as the server reads it.
    """
    pad = pad or {}
    token = csrf_token(client, "/") if method == "POST" else None
    address = url if callable(url) else lambda: url
    position = dict.fromkeys(fields, 0)
    seen = seen or Sweep()
    sent_since_drop = 0
    while any(position[name] < len(PAYLOADS) for name in fields):
        current = {name: PAYLOADS[position[name]] for name in fields
                   if position[name] < len(PAYLOADS)}
        sent = {name: pad[name](p.raw) if name in pad else p.raw for name, p in current.items()}
        values = base() if callable(base) else base
        pairs = [(k, v) for k, v in values.items() if k not in sent] + list(sent.items())
        before = count() if count else None
        if method == "POST":
            response = client.post(address(), data=urlencode([*pairs, ("csrf_token", token)]),
                                   content_type=FORM_TYPE)
        else:
            response = client.get(f"{address()}?{urlencode(pairs)}")
        shown = {name: raw.decode("utf-8", "hostile.percent") for name, raw in sent.items()}
        status = response.status_code
        assert status < 500, (url, shown, status)
        if status in (302, 303):
            for name in current:
                seen.stored[name] += 1
                position[name] += 1
            if on_stored:
                on_stored(response, shown, sum(seen.stored.values()) // max(len(current), 1))
            sent_since_drop += 1
            if sent_since_drop == FLASHES_KEPT:
                _drop_flashes(client)
                sent_since_drop = 0
            continue
        assert status in REFUSED, (url, shown, status)
        html = response.get_data(as_text=True)
        page = audit(html)
        assert not page.problems, (url, shown, page.problems)
        if method == "GET" and status == 200:
            for name in current:  # a search: the answer itself shows the string back
                seen.stored[name] += 1
                position[name] += 1
            continue
        refused = [name for name in current if f'id="{name}-error"' in html]
        assert refused or MESSAGE.search(html), ("refused without a message", url, shown)
        if count:
            assert count() == before, ("a refused request saved something", url, shown)
        for name in refused or current:
            seen.refused[name] += 1
            position[name] += 1
    for name in fields:
        assert seen.tried(name) == len(PAYLOADS), name
    return seen


def _drop_flashes(client) -> None:
    """The sweep follows no redirect, so the "saved" messages would pile up in the session,
    and every request would carry (and sign, and read) all of them: the sweep grew with the
    square of its length. A person reads each message on the next page."""
    with client.session_transaction() as session:
        session.pop("_flashes", None)


def _report(figures, form: str, seen: Sweep) -> None:
    for name in sorted(seen.stored | seen.refused):
        figures(f"hostile input: {form}.{name}: {seen.tried(name)} strings "
                f"({seen.stored[name]} stored, {seen.refused[name]} refused)")


def _page(client, url: str, seen: Sweep, *texts: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    page = audit(response.get_data(as_text=True))
    assert not page.problems, (url, page.problems)
    for text in texts:
        assert page.shows(text), (url, text)
    seen.pages += 1


def _same(stored: str, sent: str) -> bool:
    return normalized(stored) == normalized(sent)


def _padded(raw: bytes) -> bytes:
    return raw + b"\n\n" + STORY.encode()


def test_complaint_form(app, world, figures, reader):  # noqa: F811
    author = signed_in(app, world["users"]["author"].email)
    base = {"company": "Belnet Mobiel", "category": "outage", "contacts_before": "3",
            "title": "Vier keer gebeld, nooit een monteur", "body": STORY}

    def stored(response, texts, n):
        with app.app_context():
            complaint_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
            complaint = db.session.get(Complaint, complaint_id)
            for name, value in (("title", complaint.title), ("body", complaint.body_source),
                                ("desired_outcome", complaint.desired_outcome)):
                assert name not in texts or _same(value, texts[name]), name
            assert not audit(complaint.body_html).problems
        if n % DISPLAY_EVERY == 0:
            _page(author, f"/complaints/{complaint_id}", seen,
                  *[texts[name] for name in ("title", "desired_outcome") if name in texts])

    seen = Sweep()
    sweep(author, "/complaints/new", base, ["title", "body", "desired_outcome"],
          pad={"body": _padded}, count=_counter(reader, Complaint), on_stored=stored, seen=seen)
    assert seen.stored["title"] > len(PAYLOADS) * 0.6 and seen.stored["body"] > len(PAYLOADS) * 0.6
    _report(figures, "complaint", seen)


def test_company_proposal(app, world, figures, reader):  # noqa: F811
    """A complaint about a company the site does not know proposes it, with its website."""
    author = signed_in(app, world["users"]["author"].email)
    moderator = signed_in(app, world["users"]["moderator"].email)
    base = {"company_choice": "new", "new_company_sector": "telecom", "category": "outage",
            "contacts_before": "1", "title": "Vier keer gebeld, nooit een monteur",
            "body": STORY}

    def stored(response, texts, n):
        with app.app_context():
            complaint_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
            company = db.session.get(Complaint, complaint_id).company
            assert "company" not in texts or name_key(company.name) == name_key(texts["company"])
        if n % DISPLAY_EVERY == 0:
            _page(moderator, "/moderation/companies", seen)
            _page(author, f"/complaints/{complaint_id}", seen)

    seen = Sweep()
    sweep(author, "/complaints/new", base, ["company", "new_company_website"],
          count=_counter(reader, Complaint), on_stored=stored, seen=seen)
    assert seen.stored["company"] > len(PAYLOADS) * 0.6
    _report(figures, "company proposal", seen)


PER_THREAD = 25  # a complaint page shows its whole thread: spread the strings over several


def test_reply_private_message_and_ledger(app, world, figures, reader):  # noqa: F811
    author = signed_in(app, world["users"]["author"].email)
    representative = signed_in(app, world["users"]["representative"].email)
    with app.app_context():
        company = db.session.scalar(select(Company).where(Company.slug == world["company"]))
        threads = {kind: [make_complaint(world["users"]["author"], company,
                                         status=Status.OPEN).id
                          for _ in range(len(PAYLOADS) // PER_THREAD + 1)]
                   for kind in ("replies", "private", "contacts")}

    def on_thread(path: str, seen: Sweep):
        """Each sweep on its own complaints, PER_THREAD strings on each."""
        return lambda: (f"/complaints/{threads[path][sum(seen.stored.values()) // PER_THREAD]}"
                        f"/{path}")

    def reply_stored(response, texts, n):
        with app.app_context():
            reply = db.session.scalar(select(Reply).order_by(Reply.id.desc()).limit(1))
            assert _same(reply.body_source, texts["body"]), (reply.body_source, texts["body"])
            assert not audit(reply.body_html).problems, reply.body_html

    replies = Sweep()
    sweep(author, on_thread("replies", replies), {}, ["body"], count=_counter(reader, Reply),
          on_stored=reply_stored, seen=replies)

    def message_stored(response, texts, n):
        with app.app_context():
            message = db.session.scalar(select(PrivateMessage)
                                        .order_by(PrivateMessage.id.desc()).limit(1))
            assert _same(message.body_source, texts["body"])
            assert not audit(message.body_html).problems, message.body_html

    messages = Sweep()
    sweep(representative, on_thread("private", messages), {}, ["body"],
          count=_counter(reader, PrivateMessage), on_stored=message_stored, seen=messages)

    tickets: dict[int, list[str]] = {}

    def ticket_stored(response, texts, n):
        with app.app_context():
            entry = db.session.scalar(select(ContactEntry)
                                      .order_by(ContactEntry.id.desc()).limit(1))
            assert _same(entry.ticket_number, texts["ticket_number"])
            tickets.setdefault(entry.complaint_id, []).append(texts["ticket_number"])

    ledger = Sweep()
    sweep(author, on_thread("contacts", ledger),
          {"contacted_on": date.today().isoformat(), "channel": "phone", "minutes_waited": "12"},
          ["ticket_number"], count=_counter(reader, ContactEntry), on_stored=ticket_stored,
          seen=ledger)
    visitor = app.test_client()
    for complaint_id in threads["replies"]:
        _page(visitor, f"/complaints/{complaint_id}", replies)
    for complaint_id in threads["private"]:  # the author reads them on the complaint page
        _page(author, f"/complaints/{complaint_id}", messages)
    for complaint_id in threads["contacts"]:
        _page(author, f"/complaints/{complaint_id}", ledger, *tickets.get(complaint_id, []))
    for form, seen in (("reply", replies), ("private message", messages), ("ledger", ledger)):
        assert seen.stored[next(iter(seen.stored))] > len(PAYLOADS) * 0.6
        _report(figures, form, seen)


def test_company_profile(app, world, figures):  # noqa: F811
    slug = world["company"]
    representative = signed_in(app, world["users"]["representative"].email)
    visitor = app.test_client()

    def stored(response, texts, n):
        with app.app_context():
            company = db.session.scalar(select(Company).where(Company.slug == slug))
            assert _same(company.description, texts["description"])
            assert _same(company.contact_channels, texts["contact_channels"])
        if n % DISPLAY_EVERY == 0:
            _page(visitor, f"/companies/{slug}", seen)
            _page(representative, f"/webcare/{slug}/profile", seen)

    seen = Sweep()
    sweep(representative, f"/webcare/{slug}/profile",
          {"domains": "belnet.nl", "website": "https://belnet.nl"},
          ["description", "website", "contact_channels"], on_stored=stored, seen=seen)
    assert seen.stored["description"] > len(PAYLOADS) * 0.6
    _report(figures, "company profile", seen)


def test_flag_note(app, world, figures):  # noqa: F811
    consumer = signed_in(app, world["users"]["consumer"].email)
    moderator = signed_in(app, world["users"]["moderator"].email)
    published = world["published"]

    def stored(response, texts, n):
        with app.app_context():
            flag = db.session.scalar(select(Flag).where(Flag.complaint_id == published))
            assert flag is not None, "a flag redirect without a flag"
            assert _same(flag.note, texts["note"])
        if n % DISPLAY_EVERY == 0:
            _page(moderator, "/moderation/flags", seen)
        with app.app_context():
            db.session.execute(delete(Flag))  # one report per person: clear it for the next one
            db.session.commit()

    seen = Sweep()
    sweep(consumer, f"/complaints/{published}/flag", {"reason": "abusive"}, ["note"],
          on_stored=stored, seen=seen)
    assert seen.stored["note"] > len(PAYLOADS) * 0.6
    _report(figures, "flag", seen)


def test_search(app, world, figures):  # noqa: F811
    seen = sweep(app.test_client(), "/search", {}, ["q", "company"], method="GET")
    _report(figures, "search", seen)


def test_registration(app, world, figures, reader):  # noqa: F811
    client = app.test_client()
    numbers = iter(range(10**6))
    password = "een lang en sterk wachtwoord"

    def signed_out(response, texts, n):
        with app.app_context():
            user = db.session.scalar(select(User).order_by(User.id.desc()).limit(1))
            if "display_name" in texts:
                assert _same(user.display_name, texts["display_name"])
        if n % DISPLAY_EVERY == 0:
            _page(client, "/account", names, texts.get("display_name", ""))
        with client.session_transaction() as session:  # sign out, keep the CSRF token
            for key in ("_user_id", "_fresh", "_id"):
                session.pop(key, None)

    names = Sweep()  # the display name and the password, each request a new address
    sweep(client, "/auth/register",
          lambda: {"email": f"nieuw{next(numbers)}@example.nl"},
          ["display_name", "password"], count=_counter(reader, User), on_stored=signed_out,
          seen=names)
    addresses = sweep(client, "/auth/register",
                      {"display_name": "Nieuwe Klant", "password": password}, ["email"],
                      on_stored=signed_out)
    for form, seen in (("registration", names), ("registration", addresses)):
        _report(figures, form, seen)


def test_strings_cover_the_lists():
    if FULL:
        assert COUNTS == {"blns": 515, "xss": 1000, "sqli": 1002}
    else:  # all of the Big List, a fixed sample of the payload lists
        assert COUNTS == {"blns": 515, "xss": SAMPLE, "sqli": SAMPLE}


def test_the_sample_is_fixed_and_keeps_the_invalid_utf8_lines():
    lines = [line for line in (FIXTURES / "sqli_sample.txt").read_bytes().split(b"\n") if line]
    chosen = sample(lines)
    assert len(chosen) == SAMPLE and chosen == sample(lines)
    broken = [line for line in lines if line.decode("utf-8", "replace").encode() != line]
    assert len(broken) == 2 and all(line in chosen for line in broken)
