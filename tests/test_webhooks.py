"""Webhooks: queued with the change that causes them, signed, delivered once to a real
receiver, retried after backoff and given up after a day, and never sent to an address
inside our network, neither when registered nor when the name points there later.

The receiver is a small HTTP server on 127.0.0.1 in a thread (loopback is allowed in tests by
WEBHOOKS_ALLOW_LOOPBACK); the signature is checked here with hmac/hashlib, apart from the
code that makes it. Time moves through the `now` parameter, never by sleeping.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import socket
import ssl
import subprocess
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import today, utcnow
from complaints.companies.models import Company
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.outcomes import promises
from complaints.threads import services as threads
from complaints.webhooks import addresses, delivery, events, services
from complaints.webhooks.models import DeliveryStatus, Event, WebhookDelivery, WebhookEndpoint
from tests.builders import (
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    signed_in,
)

# --- a receiver and an independent check of the signature ------------------------------------


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every request; it answers 500 to the next
    `failures` requests, then 200."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.failures = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                              "body": body})
                    fail = receiver.failures > 0
                    receiver.failures -= fail
                self.send_response(500 if fail else 200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def delivery_ids(self) -> list[str]:
        return [r["headers"]["Helpdeskhel-Delivery"] for r in self.requests]


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def verify_signature(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does: parse `t=…,v1=…`, HMAC-SHA256 of "t.body" with the secret."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


# --- the company, its owner and endpoints -----------------------------------------------------


@pytest.fixture
def team(app, company):
    """The owner of Belnet Mobiel's team, a colleague who is not the owner, a moderator."""
    with app.test_request_context():
        owner = make_user("owner@example.nl")
        colleague = make_user("colleague@example.nl")
        make_representative(owner, company)
        make_representative(colleague, company, owner=False, name="Cor Collega")
        moderator = make_user("mod@example.nl", role="moderator")
        author = make_user("author@example.nl")
    return {"owner": owner, "colleague": colleague, "moderator": moderator, "author": author,
            "company": company}


def _register(team, url: str, events_: list[Event]) -> tuple[int, str]:
    owner = db.session.get(User, team["owner"].id)
    company = db.session.get(Company, team["company"].id)
    endpoint, secret = services.register_endpoint(owner, company, url=url,
                                                  events=[e.value for e in events_])
    return endpoint.id, secret


def _deliveries(**where) -> list[WebhookDelivery]:
    return list(db.session.scalars(select(WebhookDelivery).filter_by(**where)
                                   .order_by(WebhookDelivery.id)))


def _publish(team) -> Complaint:
    complaint = make_complaint(team["author"], team["company"])
    moderation.approve_complaint(db.session.get(User, team["moderator"].id), complaint)
    return complaint


# --- signed delivery to a real receiver -------------------------------------------------------


def test_new_complaint_reaches_the_receiver_signed_and_verifiable(ctx, team, receiver):
    endpoint_id, secret = _register(team, receiver.url, [Event.NEW_COMPLAINT])
    complaint = _publish(team)
    report = delivery.deliver_due()
    assert (report.delivered, report.failed, report.waiting) == (1, 0, 0)

    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hook"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"].startswith("Helpdeskhel-Webhooks/")
    assert verify_signature(secret, headers["Helpdeskhel-Signature"], body)
    assert not verify_signature(secret, headers["Helpdeskhel-Signature"], body + b" ")
    assert not verify_signature("whsec_another", headers["Helpdeskhel-Signature"], body)
    timestamp = int(headers["Helpdeskhel-Signature"].split(",")[0].removeprefix("t="))
    assert abs(timestamp - utcnow().timestamp()) < 60

    payload = json.loads(body)
    assert payload["id"] == headers["Helpdeskhel-Delivery"]
    assert payload["event"] == "complaint.published" == headers["Helpdeskhel-Event"]
    assert payload["company"] == "belnet-mobiel"
    story = payload["data"]["complaint"]
    assert story["id"] == complaint.id and story["status"] == "open"
    assert story["url"].endswith(f"/complaints/{complaint.id}")
    assert story["title"] == complaint.title
    # What the public page shows, no more: no author, no e-mail address.
    assert "author@example.nl" not in body.decode() and "author" not in story
    [row] = _deliveries(endpoint_id=endpoint_id)
    assert row.status == DeliveryStatus.DELIVERED and row.last_status == 200
    assert row.body.encode() == body  # the log keeps the body as sent


def test_a_failing_receiver_gets_it_again_after_the_backoff_and_once_only(ctx, team, receiver):
    _register(team, receiver.url, [Event.CONSUMER_REPLY])
    receiver.failures = 2
    services.queue_event(team["company"].id, Event.CONSUMER_REPLY, {"reply": {"id": 1}})
    db.session.commit()
    [row] = _deliveries()
    start = row.created_at

    first = delivery.deliver_due(now=start)
    assert (first.delivered, first.failed) == (0, 1)
    assert "HTTP 500" in first.errors[0][1]
    db.session.expire_all()
    assert row.status == DeliveryStatus.RETRYING and row.last_status == 500
    assert row.next_attempt_at == start + timedelta(minutes=1)

    assert delivery.deliver_due(now=start + timedelta(seconds=59)).failed == 0  # not yet due
    assert len(receiver.requests) == 1
    assert delivery.deliver_due(now=start + timedelta(minutes=1)).failed == 1
    assert delivery.deliver_due(now=start + timedelta(minutes=2)).failed == 0  # 2 min now
    assert delivery.deliver_due(now=start + timedelta(minutes=3)).delivered == 1
    assert delivery.deliver_due(now=start + timedelta(hours=5)).delivered == 0
    assert len(receiver.requests) == 3
    assert len(set(receiver.delivery_ids())) == 1  # the same delivery, its same body
    assert len({r["body"] for r in receiver.requests}) == 1
    db.session.expire_all()
    assert row.status == DeliveryStatus.DELIVERED and row.attempts == 3


def test_two_senders_at_once_deliver_each_event_once(app, ctx, team, receiver):
    _register(team, receiver.url, [Event.CONSUMER_REPLY])
    for number in range(12):
        services.queue_event(team["company"].id, Event.CONSUMER_REPLY, {"n": number})
    db.session.commit()
    barrier = threading.Barrier(2, timeout=20)
    reports: list = [None, None]

    def send(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                reports[index] = delivery.deliver_due()
            except Exception as error:  # reported below rather than lost in the thread
                reports[index] = error
            finally:
                db.session.remove()

    threads_ = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads_:
        thread.start()
    for thread in threads_:
        thread.join(timeout=60)
    assert all(isinstance(r, delivery.WebhookReport) for r in reports), reports
    assert sum(r.delivered for r in reports) == 12
    assert len(receiver.requests) == 12 and len(set(receiver.delivery_ids())) == 12
    assert delivery.deliver_due().delivered == 0


def test_a_delivery_is_given_up_a_day_after_the_event(ctx, team, receiver):
    _register(team, receiver.url, [Event.CONSUMER_REPLY])
    receiver.failures = 100
    services.queue_event(team["company"].id, Event.CONSUMER_REPLY, {"reply": {"id": 1}})
    db.session.commit()
    [row] = _deliveries()
    start = row.created_at
    assert delivery.deliver_due(now=start).given_up == 0
    assert delivery.deliver_due(now=start + timedelta(hours=20)).given_up == 0
    last = delivery.deliver_due(now=start + timedelta(hours=25))
    assert (last.failed, last.given_up, last.waiting) == (1, 1, 0)
    assert delivery.deliver_due(now=start + timedelta(days=3)).failed == 0
    assert len(receiver.requests) == 3
    db.session.expire_all()
    assert row.status == DeliveryStatus.GIVEN_UP and row.attempts == 3


def test_retry_delay_doubles_up_to_two_hours():
    delays = [delivery.retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == timedelta(hours=2)


# --- what is queued, and when -----------------------------------------------------------------


def test_events_are_queued_in_the_transaction_of_the_change(ctx, team):
    _register(team, "https://93.184.215.14/hook", [Event.NEW_COMPLAINT])
    complaint = make_complaint(team["author"], team["company"])
    events.complaint_published(complaint)
    db.session.rollback()
    assert _deliveries() == []  # rolled back: nothing to send
    published = _publish(team)
    [row] = _deliveries()
    assert row.event == "complaint.published" and row.dedupe_key == f"complaint:{published.id}"
    assert db.session.get(Complaint, published.id).status == Status.OPEN


def test_only_active_endpoints_of_the_company_that_chose_the_event_get_it(ctx, team):
    chose, _ = _register(team, "https://93.184.215.14/a", [Event.NEW_COMPLAINT])
    _register(team, "https://93.184.215.14/b", [Event.CONSUMER_REPLY, Event.PROMISE_DUE])
    removed, _ = _register(team, "https://93.184.215.14/c", [Event.NEW_COMPLAINT])
    services.remove_endpoint(db.session.get(User, team["owner"].id),
                             db.session.get(WebhookEndpoint, removed))
    other = make_company("Ander Bedrijf", domains=["ander-bedrijf.nl"])
    other_owner = make_user("baas@ander-bedrijf.nl")
    make_representative(other_owner, other)
    services.register_endpoint(db.session.get(User, other_owner.id),
                               db.session.get(Company, other.id),
                               url="https://93.184.215.14/other", events=["complaint.published"])
    _publish(team)
    assert [row.endpoint_id for row in _deliveries()] == [chose]


def test_consumer_replies_and_answers_are_queued_company_replies_are_not(ctx, team):
    _register(team, "https://93.184.215.14/hook",
              [Event.CONSUMER_REPLY, Event.RESOLUTION_ANSWER])
    author = db.session.get(User, team["author"].id)
    owner = db.session.get(User, team["owner"].id)
    complaint = make_complaint(author, team["company"], status=Status.OPEN)
    threads.post_reply(owner, complaint, "Wij bellen u morgen terug, excuses voor het wachten.")
    assert _deliveries() == []
    reply = threads.post_reply(author, db.session.get(Complaint, complaint.id),
                               "Er heeft nog niemand gebeld.")
    threads.propose_resolution(owner, db.session.get(Complaint, complaint.id))
    threads.answer_resolution_question(db.session.get(Complaint, complaint.id),
                                       threads.Answer(solved=False))
    threads.answer_resolution_question(db.session.get(Complaint, complaint.id),
                                       threads.Answer(solved=True, rating=4,
                                                      closing_note="Toch nog opgelost."))
    rows = _deliveries()
    assert [row.event for row in rows] == ["reply.consumer", "resolution.answered",
                                           "resolution.answered"]
    data = [json.loads(row.body)["data"] for row in rows]
    assert data[0]["reply"]["id"] == reply.id and data[0]["reply"]["voice"] == "consumer"
    assert data[0]["reply"]["url"].endswith(f"#reply-{reply.id}")
    assert data[1]["answer"] == {"solved": False}
    assert data[2]["answer"] == {"solved": True, "rating": 4,
                                 "closing_note": "Toch nog opgelost."}
    assert data[2]["complaint"]["status"] == "resolved"


def test_a_promise_falling_due_is_queued_once(ctx, team):
    _register(team, "https://93.184.215.14/hook", [Event.PROMISE_DUE])
    complaint = make_complaint(team["author"], team["company"], status=Status.OPEN)
    reply = threads.post_reply(db.session.get(User, team["owner"].id), complaint,
                               "Wij storten het bedrag terug.", promise_kind="refund",
                               promise_amount="40,50", promise_due=today())
    assert promises.ask_due_promises(utcnow()) == 1
    assert promises.ask_due_promises(utcnow()) == 0
    [row] = _deliveries()
    promise = json.loads(row.body)["data"]["promise"]
    assert (promise["kind"], promise["amount"], promise["reply_id"]) == ("refund", "40.50",
                                                                         reply.id)
    assert promise["due"] == today().isoformat()


def test_a_dedupe_key_queues_an_event_once_per_endpoint(ctx, team):
    _register(team, "https://93.184.215.14/hook", [Event.PROMISE_DUE])
    for _ in range(2):
        services.queue_event(team["company"].id, Event.PROMISE_DUE, {}, dedupe_key="promise:1")
    db.session.commit()
    services.queue_event(team["company"].id, Event.PROMISE_DUE, {}, dedupe_key="promise:1")
    db.session.commit()
    assert len(_deliveries()) == 1


# --- addresses we never send to ---------------------------------------------------------------

NAMES = {"hooks.example.com": ["93.184.215.14"], "private.example.com": ["10.0.0.5"],
         "mixed.example.com": ["93.184.215.14", "192.168.1.1"],
         "rebind.localhost": ["127.0.0.1"], "metadata.example.com": ["169.254.169.254"],
         "v6.example.com": ["fd00::5"]}


@pytest.fixture
def dns(monkeypatch):
    """getaddrinfo answers from NAMES (changeable by the test); other names go to the real
    resolver, so the sender still connects to IP addresses as usual."""
    real = socket.getaddrinfo
    names = {name: list(found) for name, found in NAMES.items()}

    def fake(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6,
                     "", (ip, port)) for ip in names[host]]
        if isinstance(host, str) and host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(addresses.socket, "getaddrinfo", fake)
    return names


REFUSED = [
    # (URL, allow loopback, words in the reason)
    ("http://127.0.0.1:8000/hook", False, "development"),
    ("https://127.0.0.1/hook", False, "development"),
    ("https://localhost/hook", False, "development"),
    ("https://[::1]/hook", False, "development"),
    ("http://rebind.localhost:8000/", False, "development"),
    ("https://10.1.2.3/hook", True, "private"),
    ("https://192.168.1.10/hook", True, "private"),
    ("https://172.16.0.1/hook", True, "private"),
    ("https://169.254.169.254/latest/meta-data/", True, "metadata"),
    ("https://169.254.1.1/", True, "private"),
    ("https://[fd00::1]/hook", True, "private"),
    ("https://[fd00:ec2::254]/", True, "metadata"),
    ("https://[fe80::1]/", True, "private"),
    ("https://[::ffff:10.0.0.1]/", True, "private"),
    ("https://[2002:a00:1::]/", True, "IPv6"),
    ("https://100.64.0.1/", True, "private"),
    ("https://100.100.100.200/", True, "metadata"),
    ("https://224.0.0.1/", True, "private"),
    ("https://0.0.0.0/", True, "private"),
    ("https://240.0.0.1/", True, "private"),
    ("https://2130706433/", True, "host as a name"),
    ("https://0x7f.1/", True, "host as a name"),
    ("https://metadata.google.internal/computeMetadata/v1/", True, "metadata"),
    ("https://db.internal/", True, "private"),
    ("https://intranet/", True, "private"),
    ("https://private.example.com/hook", True, "private"),
    ("https://mixed.example.com/hook", True, "private"),
    ("https://metadata.example.com/", True, "metadata"),
    ("https://v6.example.com/", True, "private"),
    ("https://nowhere.invalid/", True, "could not find"),
    ("https://user:secret@hooks.example.com/", True, "password"),
    ("https://hooks.example.com@10.0.0.1/", True, "password"),
    ("http://hooks.example.com/hook", True, "https://"),
    ("ftp://hooks.example.com/", True, "https://"),
    ("javascript:alert(1)", True, "https://"),
    ("https://hooks.example.com/" + "a" * 500, True, "characters"),
    ("https://hooks.example.com/a b", True, "valid"),
    ("https://hooks.example.com:99999/", True, "valid"),
]


@pytest.mark.parametrize(("url", "loopback", "reason"), REFUSED)
def test_refused_addresses(app, dns, url, loopback, reason):
    with (app.test_request_context(), force_locale("en"),
          pytest.raises(addresses.AddressRefused) as refused):
        addresses.check_url(url, allow_loopback=loopback)
    assert reason.lower() in refused.value.message.lower(), refused.value.message


def test_public_and_allowed_loopback_addresses_pass(app, dns):
    with app.test_request_context():
        target = addresses.check_url("https://Hooks.Example.com./in?x=1", allow_loopback=False)
        assert (target.host, target.port, target.path, target.addresses) == (
            "hooks.example.com", 443, "/in?x=1", ("93.184.215.14",))
        assert target.host_header == "hooks.example.com"
        local = addresses.check_url("http://rebind.localhost:8000/", allow_loopback=True)
        assert local.addresses == ("127.0.0.1",) and local.host_header == "rebind.localhost:8000"
        assert addresses.check_url("https://[2606:4700::1111]:8443/",
                                   allow_loopback=False).host_header == "[2606:4700::1111]:8443"


def test_registration_refuses_a_private_address_with_the_reason(app, ctx, team, dns):
    with force_locale("en"), pytest.raises(DomainError) as refused:
        _register(team, "https://private.example.com/hook", [Event.NEW_COMPLAINT])
    [(field, message)] = refused.value.errors
    assert field == "url" and "private" in message
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False
    try:
        with pytest.raises(DomainError):
            _register(team, "http://127.0.0.1:8000/hook", [Event.NEW_COMPLAINT])
    finally:
        app.config["WEBHOOKS_ALLOW_LOOPBACK"] = True
    assert db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


def test_a_name_that_points_inside_later_is_refused_at_delivery(ctx, team, dns, receiver,
                                                                monkeypatch):
    url = f"http://rebind.localhost:{receiver.port}/hook"
    endpoint_id, _ = _register(team, url, [Event.CONSUMER_REPLY])
    services.queue_event(team["company"].id, Event.CONSUMER_REPLY, {"n": 1})
    db.session.commit()
    assert delivery.deliver_due().delivered == 1  # to the checked address, with its name
    assert receiver.requests[0]["headers"]["Host"] == f"rebind.localhost:{receiver.port}"

    dns["rebind.localhost"] = ["10.0.0.5"]  # the name now points inside
    sent = []
    monkeypatch.setattr(delivery, "post", lambda *args: sent.append(args) or 200)
    services.queue_event(team["company"].id, Event.CONSUMER_REPLY, {"n": 2})
    db.session.commit()
    report = delivery.deliver_due()
    assert (report.delivered, report.failed) == (0, 1)
    assert sent == [] and len(receiver.requests) == 1
    row = _deliveries(endpoint_id=endpoint_id)[-1]
    assert row.status == DeliveryStatus.RETRYING and row.last_status is None
    assert row.last_error.startswith("Address refused")


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An HTTPS server on 127.0.0.1 with a certificate for hooks.example.com from a CA of
    its own, which the sender trusts (SSL_CERT_FILE); it notes the SNI name and Host."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the certificates")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=tmp_path, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Test CA")
    openssl("req", *ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj",
            "/CN=hooks.example.com")
    (tmp_path / "ext.cnf").write_text("subjectAltName=DNS:hooks.example.com\n")
    openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", "ext.cnf")
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    server = Receiver()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "srv.pem", tmp_path / "srv.key")
    server.names = []
    context.sni_callback = lambda sock, name, ctx: server.names.append(name)
    server.server.socket = context.wrap_socket(server.server.socket, server_side=True)
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_https_goes_to_the_checked_address_and_verifies_the_host_name(ctx, team, dns,
                                                                      tls_receiver):
    """hooks.example.com is made to resolve to 127.0.0.1 (loopback is allowed in tests): the
    sender connects there, asks for the name (SNI, Host) and checks the certificate."""
    dns["hooks.example.com"] = ["127.0.0.1"]
    dns["other.example.com"] = ["127.0.0.1"]
    port = tls_receiver.port
    good, secret = _register(team, f"https://hooks.example.com:{port}/in", [Event.PROMISE_DUE])
    wrong, _ = _register(team, f"https://other.example.com:{port}/in", [Event.PROMISE_DUE])
    services.queue_event(team["company"].id, Event.PROMISE_DUE, {"promise": {"id": 1}})
    db.session.commit()
    report = delivery.deliver_due()
    assert (report.delivered, report.failed) == (1, 1)
    [request] = tls_receiver.requests
    assert request["headers"]["Host"] == f"hooks.example.com:{port}"
    assert "hooks.example.com" in tls_receiver.names
    assert verify_signature(secret, request["headers"]["Helpdeskhel-Signature"],
                            request["body"])
    [refused] = _deliveries(endpoint_id=wrong)
    assert refused.last_status is None and "other.example.com" in refused.last_error
    assert _deliveries(endpoint_id=good)[0].status == DeliveryStatus.DELIVERED


# --- the team page ----------------------------------------------------------------------------


def test_owner_registers_a_webhook_and_sees_the_secret_once(app, team, receiver):
    client = signed_in(app, team["owner"].email)
    team_url = "/webcare/belnet-mobiel/team"
    response = post_form(client, "/webcare/belnet-mobiel/webhooks",
                         {"url": receiver.url, "events": ["complaint.published",
                                                          "reply.consumer"]},
                         form_url=team_url)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    with app.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert endpoint.events == "complaint.published reply.consumer"
        secret = endpoint.secret
    assert secret in page
    team_page = client.get(team_url).get_data(as_text=True)
    assert receiver.url in team_page and secret not in team_page and secret[:12] in team_page


def test_a_refused_address_is_shown_on_the_field_and_nothing_is_saved(app, team):
    client = signed_in(app, team["owner"].email)
    response = post_form(client, "/webcare/belnet-mobiel/webhooks",
                         {"url": "https://169.254.169.254/latest", "events": ["promise.due"]},
                         form_url="/webcare/belnet-mobiel/team")
    assert response.status_code == 422
    assert "metadata" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


def test_a_colleague_who_is_not_the_owner_cannot_register_or_see_the_log(app, team):
    with app.test_request_context():
        endpoint_id, _ = _register(team, "https://93.184.215.14/hook", [Event.PROMISE_DUE])
    client = signed_in(app, team["colleague"].email)
    response = post_form(client, "/webcare/belnet-mobiel/webhooks",
                         {"url": "https://93.184.215.14/x", "events": ["promise.due"]},
                         form_url="/webcare/belnet-mobiel/team")
    assert response.status_code == 403
    assert client.get(f"/webcare/belnet-mobiel/webhooks/{endpoint_id}").status_code == 403
    assert "93.184.215.14" not in client.get("/webcare/belnet-mobiel/team").get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 1


def test_the_test_event_arrives_and_the_log_shows_deliveries(app, team, receiver):
    with app.test_request_context():
        endpoint_id, secret = _register(team, receiver.url, [Event.NEW_COMPLAINT])
        receiver.failures = 1
        _publish(team)
        delivery.deliver_due()  # the receiver answers 500: retrying
    client = signed_in(app, team["owner"].email)
    log_url = f"/webcare/belnet-mobiel/webhooks/{endpoint_id}"
    response = post_form(client, f"{log_url}/ping", {}, form_url=log_url,
                         follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    ping = receiver.requests[-1]
    assert json.loads(ping["body"])["event"] == "ping"
    assert verify_signature(secret, ping["headers"]["Helpdeskhel-Signature"], ping["body"])
    for shown in ("afgeleverd", "wordt opnieuw geprobeerd", "500", "200"):
        assert shown in page, shown


def test_the_owner_removes_a_webhook_and_what_waits_is_given_up(app, team):
    with app.test_request_context():
        endpoint_id, _ = _register(team, "https://93.184.215.14/hook", [Event.NEW_COMPLAINT])
        _publish(team)
    client = signed_in(app, team["owner"].email)
    response = post_form(client, f"/webcare/belnet-mobiel/webhooks/{endpoint_id}/remove", {},
                         form_url="/webcare/belnet-mobiel/team")
    assert response.status_code == 303
    with app.test_request_context():
        assert db.session.get(WebhookEndpoint, endpoint_id).removed_at is not None
        [row] = _deliveries()
        assert row.status == DeliveryStatus.GIVEN_UP
        assert delivery.deliver_due().failed == 0


def test_outbox_send_delivers_webhooks_and_counts_them(app, team, receiver, runner):
    with app.test_request_context():
        _register(team, receiver.url, [Event.NEW_COMPLAINT])
        _publish(team)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "webhooks delivered 1, failed 0, given up 0, waiting 0" in result.output
    assert len(receiver.requests) == 1
