"""Notice and action: sending a notice (signed in or not), confirming it, the moderators' queue,
dismissing with a statement of reasons, acting through removal and redaction, and that the
author of the item never learns who sent it."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.dueprocess import notices
from complaints.dueprocess.models import (
    Decision,
    Notice,
    NoticeStatus,
    NotifierKind,
    Statement,
)
from complaints.errors import AlreadyHandled, DomainError
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.threads import services as threads
from complaints.threads.models import Reply
from tests.builders import (
    csrf_token,
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
)

NOTIFIER = "nora@lawyers.example"
NOTIFIER_NAME = "Nora Notifier"


@pytest.fixture
def item(app, consumer, moderator, company):
    """A published complaint by `consumer` with two replies in its thread: ids."""
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN,
                                   title="Monteur kwam drie keer niet opdagen")
        author = db.session.get(User, consumer.id)
        first = threads.post_reply(author, complaint, "Nog steeds geen monteur gezien vandaag.")
        second = threads.post_reply(author, complaint, "En weer een dag vrij genomen voor niets.")
        return {"complaint": complaint.id, "reply": first.id, "other_reply": second.id}


def _notice_data(url: str, **changes) -> dict:
    data = {"url": url, "reason": "defamation",
            "explanation": "The story says the shop manager stole money; that is not true.",
            "name": NOTIFIER_NAME, "email": NOTIFIER, "good_faith": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _send(client, url: str, **changes):
    return post_form(client, "/notices/new", _notice_data(url, **changes),
                     form_url="/notices/new")


def _notices(app) -> list[Notice]:
    with app.app_context():
        found = list(db.session.scalars(select(Notice).order_by(Notice.id)))
        for notice in found:
            db.session.expunge(notice)
        return found


def _make_notice(item_ids, *, reply: bool = False, email: str = NOTIFIER,
                 confirmed_ago: timedelta = timedelta(0), user: User | None = None) -> Notice:
    """An open notice, made through the service (in a request context)."""
    url = f"/complaints/{item_ids['complaint']}" + (f"#reply-{item_ids['reply']}" if reply
                                                    else "")
    notice = notices.send_notice(user, notices.NoticeDraft(
        url=url, reason="personal_data", explanation="It names my neighbour in full.",
        name=NOTIFIER_NAME, email=email, good_faith=True))
    notices.confirm_notice(notice)
    notice.confirmed_at = utcnow() - confirmed_ago
    db.session.commit()
    return notice


# --- sending ----------------------------------------------------------------------------------

def test_anonymous_notice_waits_for_the_mailed_confirmation(app, client, item, mailbox):
    url = f"http://localhost/complaints/{item['complaint']}"
    page = client.get(f"/notices/new?url={quote(url)}").get_data(as_text=True)
    assert f'value="{url}"' in page
    response = _send(client, url)
    assert response.status_code == 303
    assert response.location.endswith("/notices/sent?confirm=1")
    assert "Kijk in je mailbox" in client.get(response.location).get_data(as_text=True)
    [notice] = _notices(app)
    assert (notice.status, notice.user_id, notice.notifier_kind) == (
        NoticeStatus.UNCONFIRMED, None, NotifierKind.OTHER)
    assert notice.confirmed_at is None and notice.reply_id is None
    assert notice.url == url and notice.good_faith
    link = mailbox.link(mailbox.last_to(NOTIFIER), "/notices/confirm/")
    path = link.removeprefix("http://localhost")
    # Opening the link (as a mail scanner does) changes nothing: it shows one button.
    page = client.get(path)
    assert page.status_code == 200 and "Bevestig mijn melding" in page.get_data(as_text=True)
    assert _notices(app)[0].status == NoticeStatus.UNCONFIRMED
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 303
    confirmed = _notices(app)[0]
    assert confirmed.status == NoticeStatus.OPEN and confirmed.confirmed_at is not None
    assert "Je melding is bevestigd" in client.get(path).get_data(as_text=True)
    # A second confirmation changes nothing.
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    again = _notices(app)[0]
    assert again.status == NoticeStatus.OPEN and again.confirmed_at == confirmed.confirmed_at


def test_signed_in_notice_is_open_at_once_with_a_receipt(app, client, login, other_consumer,
                                                         item, mailbox):
    login(other_consumer)
    url = f"http://localhost/complaints/{item['complaint']}#reply-{item['reply']}"
    page = client.get(f"/notices/new?url={quote(url)}").get_data(as_text=True)
    assert other_consumer.email in page and "Bert Ander" in page
    response = _send(client, url, name="Bert Ander", email=other_consumer.email)
    assert response.status_code == 303 and response.location.endswith("/notices/sent")
    [notice] = _notices(app)
    assert notice.status == NoticeStatus.OPEN and notice.confirmed_at is not None
    assert (notice.user_id, notice.reply_id, notice.notifier_kind) == (
        other_consumer.id, item["reply"], NotifierKind.CONSUMER)
    receipt = mailbox.last_to(other_consumer.email)
    assert "/notices/confirm/" not in receipt.get_content()
    assert "Monteur kwam drie keer niet opdagen" in receipt.get_content()


def test_signed_in_with_another_address_or_unverified_confirms_by_mail(app, client, login,
                                                                       other_consumer,
                                                                       unverified, item,
                                                                       mailbox):
    login(other_consumer)
    _send(client, f"/complaints/{item['complaint']}", email="bert.work@example.org")
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(unverified)
    _send(client, f"/complaints/{item['complaint']}", email=unverified.email)
    assert [n.status for n in _notices(app)] == [NoticeStatus.UNCONFIRMED] * 2
    assert mailbox.link(mailbox.last_to("bert.work@example.org"), "/notices/confirm/")
    assert mailbox.link(mailbox.last_to(unverified.email), "/notices/confirm/")


def test_notice_form_is_accessible_in_both_languages(app, client, item):
    for lang, words in (("nl", "Meld onrechtmatige inhoud"), ("en", "Report illegal content")):
        post_form(client, "/language", {"lang": lang})
        html = _send(client, f"/complaints/{item['complaint']}", explanation="",
                     good_faith=None).get_data(as_text=True)
        assert words in html
        assert 'class="error-summary"' in html
        for name in ("url", "reason", "explanation", "name", "email", "good_faith"):
            assert f'for="{name}"' in html and f'id="{name}"' in html
        assert 'aria-invalid="true"' in html
    assert _notices(app) == []


def test_a_notice_without_good_faith_or_explanation_is_refused(app, client, item):
    response = _send(client, f"/complaints/{item['complaint']}", good_faith=None)
    assert response.status_code == 422
    response = _send(client, f"/complaints/{item['complaint']}", explanation="x" * 4001)
    assert response.status_code == 422
    assert _notices(app) == []


@pytest.mark.parametrize("url, message", [
    ("https://elders.example/complaints/{complaint}", "gepubliceerde klacht"),
    ("//elders.example/complaints/{complaint}", "gepubliceerde klacht"),
    ("javascript:alert(1)", "gepubliceerde klacht"),
    ("/companies/belnet-mobiel", "gepubliceerde klacht"),
    ("/complaints", "gepubliceerde klacht"),
    ("/complaints/{complaint}/flag", "gepubliceerde klacht"),
    ("/complaints/99999", "niet (meer) gepubliceerd"),
    ("/complaints/{pending}", "niet (meer) gepubliceerd"),
    ("/complaints/{complaint}#reply-99999", "niet (meer) in de draad"),
    ("/complaints/{complaint}#reply-{removed}", "niet (meer) in de draad"),
    ("/complaints/{pending}#reply-{reply}", "niet (meer) gepubliceerd"),
])
def test_only_a_published_complaint_or_reply_of_this_site_can_be_reported(
        app, client, item, consumer, company, moderator, url, message):
    with app.test_request_context():
        pending = make_complaint(consumer, company).id
        removed = threads.post_reply(db.session.get(User, consumer.id),
                                     db.session.get(Complaint, item["complaint"]),
                                     "Deze reactie gaat zo weg.")
        moderation.remove_reply(db.session.get(User, moderator.id), removed, "Weg ermee.",
                                ground="rule:3")
    url = url.format(pending=pending, removed=removed.id, **item)
    response = _send(client, url)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="url-error"' in html and message in html
    assert _notices(app) == []


@pytest.mark.parametrize("url", [
    "http://localhost/complaints/{complaint}",
    "https://localhost/complaints/{complaint}?utm=mail",
    "/complaints/{complaint}",
    "complaints/{complaint}",
    "http://localhost/complaints/{complaint}#reply-{reply}",
])
def test_addresses_of_this_site_are_understood(app, client, item, url):
    response = _send(client, url.format(**item))
    assert response.status_code == 303
    [notice] = _notices(app)
    assert notice.complaint_id == item["complaint"]
    assert notice.reply_id == (item["reply"] if "reply" in url else None)
    assert notice.url.startswith("http://localhost/complaints/")


# --- confirmation links ---------------------------------------------------------------------

def test_invalid_expired_and_foreign_confirmation_links_are_refused(app, client, item, mailbox):
    _send(client, f"/complaints/{item['complaint']}")
    path = mailbox.link(mailbox.last_to(NOTIFIER), "/notices/confirm/").removeprefix(
        "http://localhost")
    bad = client.get("/notices/confirm/not-a-token")
    assert bad.status_code == 400 and "niet geldig" in bad.get_data(as_text=True)
    assert client.get(path[:-3] + "abc").status_code == 400
    with app.test_request_context():
        from complaints.accounts.tokens import make_token

        foreign = make_token("notice", {"notice": 1, "email": "someone@else.example"})
        assert client.get(f"/notices/confirm/{foreign}").status_code == 400
    app.config["NOTICE_LINK_MAX_AGE"] = -1
    try:
        expired = client.get(path)
        assert expired.status_code == 400 and "verlopen" in expired.get_data(as_text=True)
        assert client.post(path, data={"csrf_token": csrf_token(client)}).status_code == 400
    finally:
        app.config.pop("NOTICE_LINK_MAX_AGE")
    assert _notices(app)[0].status == NoticeStatus.UNCONFIRMED


# --- who sent it ----------------------------------------------------------------------------

def test_notifier_kinds(app, ctx, item, company):
    other_company = make_company("Ander Bedrijf", domains=["ander-bedrijf.nl"])
    rep = make_user("wendy@example.nl")
    make_representative(rep, company)
    other_rep = make_user("olaf@example.nl")
    make_representative(other_rep, other_company)
    plain = make_user("piet@example.nl")
    complaint = db.session.get(Complaint, item["complaint"])

    def kind(user, email):
        user = db.session.get(User, user.id) if user else None
        return notices.notifier_of(user, email, complaint)

    assert kind(rep, rep.email) == (NotifierKind.COMPANY, company.id)
    assert kind(other_rep, other_rep.email) == (NotifierKind.COMPANY, other_company.id)
    assert kind(None, "jurist@belnet-mobiel.nl") == (NotifierKind.COMPANY, company.id)
    assert kind(None, "jurist@legal.ander-bedrijf.nl") == (NotifierKind.COMPANY,
                                                           other_company.id)
    assert kind(plain, "piet@belnet-mobiel.nl") == (NotifierKind.COMPANY, company.id)
    assert kind(plain, plain.email) == (NotifierKind.CONSUMER, None)
    assert kind(None, "someone@gmail.com") == (NotifierKind.OTHER, None)
    assert kind(None, "someone@notbelnet-mobiel.nl") == (NotifierKind.OTHER, None)


# --- limits ---------------------------------------------------------------------------------

def test_one_address_sends_at_most_five_notices_a_day(app, client, item):
    url = f"/complaints/{item['complaint']}"
    assert [_send(client, url).status_code for _ in range(5)] == [303] * 5
    refused = _send(client, url, email=NOTIFIER.upper())
    assert refused.status_code == 422
    assert "in de afgelopen 24 uur" in refused.get_data(as_text=True)
    assert len(_notices(app)) == 5
    with app.app_context():  # a day later the address may send again
        for notice in db.session.scalars(select(Notice)):
            notice.created_at -= timedelta(hours=25)
        db.session.commit()
    assert _send(client, url).status_code == 303


def test_notices_are_rate_limited_per_client_address(app, limited_app, item):
    client = limited_app.test_client()
    url = f"/complaints/{item['complaint']}"
    statuses = [_send(client, url, email=f"n{i}@example.org").status_code for i in range(11)]
    assert statuses[:10] == [303] * 10
    assert statuses[10] == 429
    assert client.get("/notices/new").status_code == 200  # the form itself stays open


# --- the links on complaint pages ------------------------------------------------------------

def test_every_complaint_page_and_reply_links_to_the_notice_form(app, client, login, item,
                                                                 other_consumer):
    complaint_url = f"http://localhost/complaints/{item['complaint']}"
    reply_url = f"{complaint_url}#reply-{item['reply']}"
    for signed_in in (False, True):
        if signed_in:
            login(other_consumer)
        html = client.get(f"/complaints/{item['complaint']}").get_data(as_text=True)
        targets = [parse_qs(urlsplit(unescape(href)).query)["url"][0]
                   for href in re.findall(r'href="(/notices/new\?[^"]*)"', html)]
        assert complaint_url in targets and reply_url in targets
        assert f"{complaint_url}#reply-{item['other_reply']}" in targets
        assert html.count("Meld onrechtmatige inhoud") == 3  # the complaint and two replies
    page = client.get(f"/notices/new?url={quote(reply_url)}").get_data(as_text=True)
    assert f'value="{reply_url}"' in page


# --- the queue ------------------------------------------------------------------------------

def test_queue_lists_open_notices_oldest_first_with_the_waiting_time(app, client, login, item,
                                                                     moderator, consumer):
    with app.test_request_context():
        _make_notice(item, confirmed_ago=timedelta(hours=2), email="newer@example.org")
        _make_notice(item, reply=True, confirmed_ago=timedelta(days=3, hours=1),
                     email="older@example.org")
        notices.send_notice(None, notices.NoticeDraft(  # not confirmed: not in the queue
            url=f"/complaints/{item['complaint']}", reason="spam", explanation="Spam.",
            name="Unconfirmed Person", email="unconfirmed@example.org", good_faith=True))
    login(moderator)
    html = client.get("/moderation/notices").get_data(as_text=True)
    assert html.index("older@example.org") < html.index("newer@example.org")
    assert "unconfirmed@example.org" not in html
    assert "3 dagen 1 u" in html and "2 u" in html
    assert "Nog steeds geen monteur gezien vandaag." in html  # the reply it is about
    assert NOTIFIER_NAME in html and "Persoonsgegevens" in html
    assert f'href="/moderation/complaints/{item["complaint"]}/remove"' in html
    assert f'href="/moderation/complaints/{item["complaint"]}/edit"' in html
    assert f'href="/moderation/replies/{item["reply"]}/remove"' in html
    tabs = client.get("/moderation").get_data(as_text=True)
    assert re.search(r'/moderation/notices">DSA-meldingen <span class="count">2</span>', tabs)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    assert client.get("/moderation/notices").status_code == 302
    login(consumer)
    assert client.get("/moderation/notices").status_code == 403


# --- dismissing -----------------------------------------------------------------------------

def test_dismissal_gives_the_notifier_a_statement_with_the_appeal_link(app, client, login, item,
                                                                       moderator, consumer,
                                                                       mailbox):
    with app.test_request_context():
        notice_id = _make_notice(item, reply=True).id
    mailbox.clear()
    login(moderator)
    response = post_form(client, f"/moderation/notices/{notice_id}/dismiss",
                         {"reason": "An opinion about the service, not a fact.",
                          "ground": "rule:4", "facts": "The reply describes a wasted day."},
                         form_url="/moderation/notices")
    assert response.status_code == 303
    with app.app_context():
        notice = db.session.get(Notice, notice_id)
        assert notice.status == NoticeStatus.DISMISSED
        assert notice.decided_by_id == moderator.id and notice.decided_at is not None
        assert notice.decision_reason == "An opinion about the service, not a fact."
        statement = db.session.scalar(select(Statement))
        assert (statement.decision, statement.ground, statement.facts, statement.notice_id) == (
            Decision.NOTICE_DISMISS, "rule:4", "The reply describes a wasted day.", notice_id)
        assert (statement.user_id, statement.email) == (None, NOTIFIER)
        assert (statement.complaint_id, statement.reply_id) == (item["complaint"], item["reply"])
        assert statement.decided_by_id == moderator.id
        key = statement.key
    mail = mailbox.last_to(NOTIFIER)
    assert f"/appeals/{key}" in mail.get_content()
    assert mailbox.to(consumer.email) == []  # the author is not told: nothing changed for them
    # A second moderator too late: nothing changes.
    again = post_form(client, f"/moderation/notices/{notice_id}/dismiss",
                      {"reason": "Same.", "ground": "rule:4"}, form_url="/moderation/notices")
    assert again.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Statement)) == 1


def test_dismissal_needs_a_reason_and_a_valid_ground(app, ctx, item, moderator):
    notice = _make_notice(item)
    mod = db.session.get(User, moderator.id)
    with pytest.raises(DomainError):
        notices.dismiss_notice(mod, notice, reason="", ground="rule:1")
    with pytest.raises(DomainError):
        notices.dismiss_notice(mod, notice, reason="Fine as it is.", ground="rule:999")
    assert db.session.get(Notice, notice.id).status == NoticeStatus.OPEN
    statement = notices.dismiss_notice(mod, notice, reason="Fine as it is.", ground="law:gdpr")
    assert statement.facts == "Fine as it is."
    with pytest.raises(AlreadyHandled):
        notices.dismiss_notice(mod, db.session.get(Notice, notice.id), reason="Again.",
                               ground="rule:1")


def test_a_signed_in_notifier_gets_the_statement_on_their_account(app, ctx, item, moderator,
                                                                  other_consumer):
    notifier = db.session.get(User, other_consumer.id)
    notice = _make_notice(item, user=notifier, email=notifier.email)
    statement = notices.dismiss_notice(db.session.get(User, moderator.id), notice,
                                       reason="Fine as it is.", ground="rule:1")
    assert (statement.user_id, statement.email) == (notifier.id, None)


# --- acting ---------------------------------------------------------------------------------

def _status_of(app, *ids) -> list[str]:
    with app.app_context():
        return [db.session.get(Notice, i).status for i in ids]


def test_removing_the_complaint_settles_every_notice_on_it(app, client, login, item, moderator,
                                                          mailbox):
    with app.test_request_context():
        on_complaint = _make_notice(item, email="a@example.org").id
        on_reply = _make_notice(item, reply=True, email="b@example.org").id
    mailbox.clear()
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{item['complaint']}/remove",
                         {"public_reason": "Noemt een medewerker met naam.", "ground": "rule:4"},
                         form_url=f"/moderation/complaints/{item['complaint']}/remove")
    assert response.status_code == 303
    assert _status_of(app, on_complaint, on_reply) == [NoticeStatus.ACTED] * 2
    with app.app_context():
        notice = db.session.get(Notice, on_complaint)
        assert notice.decided_by_id == moderator.id
        assert notice.decision_reason == "Noemt een medewerker met naam."
    for address in ("a@example.org", "b@example.org"):
        body = mailbox.last_to(address).get_content()
        assert "de klacht is verwijderd" in body and "Noemt een medewerker met naam." in body
        assert "bezwaar" in body
    assert "/moderation/notices" in client.get("/moderation/notices").request.path
    assert "Geen open meldingen" in client.get("/moderation/notices").get_data(as_text=True)


def test_redacting_settles_the_notices_on_the_complaint_itself(app, ctx, item, moderator,
                                                               mailbox):
    on_complaint = _make_notice(item, email="a@example.org").id
    on_reply = _make_notice(item, reply=True, email="b@example.org").id
    mailbox.clear()
    complaint = db.session.get(Complaint, item["complaint"])
    moderation.edit_complaint(
        db.session.get(User, moderator.id), complaint, title="Monteur kwam niet opdagen",
        body=complaint.body_source, desired_outcome=complaint.desired_outcome or "",
        public_reason="Naam van de medewerker weggehaald.", ground="rule:2")
    assert _status_of(app, on_complaint, on_reply) == [NoticeStatus.ACTED, NoticeStatus.OPEN]
    body = mailbox.last_to("a@example.org").get_content()
    assert "tekst van de klacht aangepast" in body
    assert mailbox.to("b@example.org") == []


def test_removing_a_reply_settles_the_notices_on_that_reply(app, ctx, item, moderator,
                                                            mailbox):
    on_complaint = _make_notice(item, email="a@example.org").id
    on_reply = _make_notice(item, reply=True, email="b@example.org").id
    mailbox.clear()
    moderation.remove_reply(db.session.get(User, moderator.id),
                            db.session.get(Reply, item["reply"]), "Scheldwoorden.", ground="rule:3")
    assert _status_of(app, on_complaint, on_reply) == [NoticeStatus.OPEN, NoticeStatus.ACTED]
    assert "de reactie is verwijderd" in mailbox.last_to("b@example.org").get_content()
    assert mailbox.to("a@example.org") == []


def test_a_notice_settled_already_is_not_settled_or_mailed_again(app, ctx, item, moderator,
                                                                 mailbox):
    notice = _make_notice(item)
    mod = db.session.get(User, moderator.id)
    notices.dismiss_notice(mod, notice, reason="Fine.", ground="rule:1")
    mailbox.clear()
    complaint = db.session.get(Complaint, item["complaint"])
    assert notices.settle_acted(mod, complaint=complaint, reason="x") == 0
    assert db.session.get(Notice, notice.id).status == NoticeStatus.DISMISSED


# --- the author never learns who sent it --------------------------------------------------------

def test_the_author_never_learns_who_sent_the_notice(app, client, login, item, moderator,
                                                     consumer, mailbox):
    with app.test_request_context():
        first = _make_notice(item, reply=True).id
        second = _make_notice(item, email="second@lawyers.example").id
    login(moderator)
    post_form(client, f"/moderation/notices/{first}/dismiss",
              {"reason": "Fine as it is.", "ground": "rule:1"}, form_url="/moderation/notices")
    post_form(client, f"/moderation/complaints/{item['complaint']}/remove",
              {"public_reason": "Noemt een medewerker met naam.", "ground": "rule:4"},
              form_url=f"/moderation/complaints/{item['complaint']}/remove")
    assert _status_of(app, first, second) == [NoticeStatus.DISMISSED, NoticeStatus.ACTED]
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    secrets = (NOTIFIER_NAME, NOTIFIER, "second@lawyers.example", "lawyers.example",
               "It names my neighbour")
    author_mail = " ".join(m.get_content() + str(m["Subject"])
                           for m in mailbox.to(consumer.email))
    assert "/appeals/" in author_mail  # the author's statement of reasons for the removal
    pages = [client.get(f"/complaints/{item['complaint']}").get_data(as_text=True),
             client.get("/moderation-log").get_data(as_text=True)]
    login(consumer)
    pages.append(client.get(f"/complaints/{item['complaint']}").get_data(as_text=True))
    pages.append(client.get("/account").get_data(as_text=True))
    with app.app_context():
        for statement in db.session.scalars(select(Statement).where(
                Statement.user_id == consumer.id)):
            pages.append(client.get(f"/appeals/{statement.key}").get_data(as_text=True))
    for text in [author_mail, *pages]:
        for secret in secrets:
            assert secret not in text


def test_pages_render_in_english_and_dutch(app, client, login, item, moderator):
    with app.test_request_context():
        _make_notice(item, reply=True)
    login(moderator)
    for lang, words in (("nl", ["DSA-meldingen", "Afwijzen", "wacht"]),
                        ("en", ["Notices", "Dismiss", "waiting"])):
        post_form(client, "/language", {"lang": lang})
        html = client.get("/moderation/notices").get_data(as_text=True)
        for word in words:
            assert word in html
        sent = client.get("/notices/sent?confirm=1").get_data(as_text=True)
        assert ("Kijk in je mailbox" if lang == "nl" else "Check your e-mail") in sent
