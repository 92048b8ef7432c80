"""Who may open what: every route of the URL map, for every role, with the expected status.

Adding a route without adding it to ROUTES fails `test_every_route_is_in_the_table`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.api import tokens as api_tokens
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import today, utcnow
from complaints.companies.models import Company
from complaints.dueprocess import appeals, statements
from complaints.dueprocess.models import Decision, Notice
from complaints.extensions import db
from complaints.outcomes.models import Escalation, EscalationBody, Promise
from complaints.threads import services as threads
from complaints.triage.models import ComplaintRisk
from complaints.webhooks.models import WebhookEndpoint
from tests.builders import (
    PDF,
    attach,
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
)

ROLES = ["anonymous", "unverified", "consumer", "author", "banned", "moderator", "admin",
         "representative", "other_rep"]


def _expect(anonymous, unverified, consumer, author, moderator, admin, *, banned=None,
            representative=None, other_rep=None):
    """Expected status per role. A banned user, a representative of the complaint's company
    (the owner of its profile) and a representative of another company are answered like a
    consumer unless said."""
    banned = consumer if banned is None else banned
    representative = consumer if representative is None else representative
    other_rep = consumer if other_rep is None else other_rep
    return dict(zip(ROLES, (anonymous, unverified, consumer, author, banned, moderator, admin,
                            representative, other_rep), strict=True))


ALL_200 = _expect(200, 200, 200, 200, 200, 200)
SIGNED_IN = _expect(302, 200, 200, 200, 200, 200)
SIGNED_OUT_ONLY = _expect(200, 302, 302, 302, 302, 302)
GET_NOT_ALLOWED = _expect(405, 405, 405, 405, 405, 405)
MODERATORS = _expect(302, 403, 403, 403, 200, 200)
ONLY_AUTHOR_POST = _expect(302, 403, 403, 303, 403, 403)
# The API ignores session cookies, so every role is a visitor there: public reads answer all,
# a company's endpoints want a token (none is sent here: 401 for everyone).
TOKEN_ONLY = _expect(401, 401, 401, 401, 401, 401)

# endpoint -> (GET path, with {pending}, {published}, {company} filled in; expected statuses)
ROUTES = {
    "pages.home": ("/", ALL_200),
    "pages.about_figures": ("/about/figures", ALL_200),
    "pages.about": ("/about", ALL_200),
    "pages.about_how": ("/about/how-it-works", ALL_200),
    "pages.about_terms": ("/about/terms", ALL_200),
    "pages.about_privacy": ("/about/privacy", ALL_200),
    "pages.about_contact": ("/about/contact", ALL_200),
    "pages.healthz": ("/healthz", ALL_200),
    # For Prometheus, by address (METRICS_ALLOWED), not by account: the test client comes
    # from 127.0.0.1, which is allowed by default; tests/test_metrics.py tries other addresses.
    "operations.metrics_page": ("/metrics", ALL_200),
    "pages.set_language": ("/language", GET_NOT_ALLOWED),
    "static": ("/static/css/site.css", ALL_200),
    "accounts.register": ("/auth/register", SIGNED_OUT_ONLY),
    "accounts.check_mail": ("/auth/check-mail", ALL_200),
    "accounts.verify_email": ("/auth/verify/not-a-token", _expect(400, 400, 400, 400, 400, 400)),
    "accounts.login": ("/auth/login", SIGNED_OUT_ONLY),
    "accounts.logout": ("/auth/logout", SIGNED_IN),
    "accounts.reset_request": ("/auth/reset", ALL_200),
    "accounts.reset_sent": ("/auth/reset/sent", ALL_200),
    "accounts.reset_password": ("/auth/reset/not-a-token", _expect(400, 400, 400, 400, 400, 400)),
    "accounts.account": ("/account", SIGNED_IN),
    "accounts.resend_verification": ("/account/resend-verification", GET_NOT_ALLOWED),
    "accounts.change_password": ("/account/password", SIGNED_IN),
    "cases.index": ("/complaints", ALL_200),
    "accounts.export": ("/account/export", SIGNED_IN),
    "accounts.delete_account": ("/account/delete", SIGNED_IN),
    "cases.new": ("/complaints/new", _expect(200, 403, 200, 200, 200, 200, banned=403)),
    "cases.show": ("/complaints/{pending}", _expect(404, 404, 404, 200, 200, 200)),
    "cases.edit": ("/complaints/{pending}/edit", _expect(302, 404, 404, 200, 403, 403)),
    "cases.withdraw": ("/complaints/{pending}/withdraw", GET_NOT_ALLOWED),
    "companies.index": ("/companies", ALL_200),
    "companies.suggest": ("/companies/suggest?q=bel", ALL_200),
    "search.index": ("/search?q=storing", ALL_200),
    "companies.show": ("/companies/{company}", ALL_200),
    "moderation.queue": ("/moderation", MODERATORS),
    # Evidence: the author, the company's representatives and moderators; to anyone else a
    # file does not exist (FILES below has the other kinds of file).
    "evidence.file": ("/complaints/{published}/attachments/{attachment}",
                      _expect(404, 404, 404, 200, 200, 200, representative=200)),
    "evidence.add": ("/complaints/{published}/attachments", GET_NOT_ALLOWED),
    "evidence.delete": ("/complaints/{published}/attachments/{attachment}/delete",
                        GET_NOT_ALLOWED),
    "evidence.request_publication": (
        "/complaints/{published}/attachments/{attachment}/publish", GET_NOT_ALLOWED),
    "evidence.make_private": ("/complaints/{published}/attachments/{attachment}/private",
                              GET_NOT_ALLOWED),
    "evidence.queue": ("/moderation/images", MODERATORS),
    "evidence.approve": ("/moderation/images/{requested_attachment}/approve", GET_NOT_ALLOWED),
    "evidence.refuse": ("/moderation/images/{requested_attachment}/refuse", GET_NOT_ALLOWED),
    "moderation.flags": ("/moderation/flags", MODERATORS),
    "moderation.companies": ("/moderation/companies", MODERATORS),
    "moderation.log": ("/moderation/log", MODERATORS),
    "moderation.reasons": ("/moderation/reasons", MODERATORS),
    "moderation.approve": ("/moderation/complaints/{pending}/approve", GET_NOT_ALLOWED),
    "moderation.reject": ("/moderation/complaints/{pending}/reject", MODERATORS),
    "triage.approve_batch": ("/moderation/batch-approve", GET_NOT_ALLOWED),
    "triage.groups": ("/moderation/groups", MODERATORS),
    "triage.merge_group": ("/moderation/groups/{group}/merge", GET_NOT_ALLOWED),
    "triage.hold_group": ("/moderation/groups/{group}/hold", GET_NOT_ALLOWED),
    "triage.words": ("/moderation/words", MODERATORS),
    "triage.remove_word": ("/moderation/words/1/remove", GET_NOT_ALLOWED),
    "moderation.edit": ("/moderation/complaints/{pending}/edit", MODERATORS),
    "moderation.remove": ("/moderation/complaints/{published}/remove", MODERATORS),
    "moderation.dismiss_flags": ("/moderation/complaints/{published}/flags/dismiss",
                                 GET_NOT_ALLOWED),
    "moderation.user": ("/moderation/users/{author_id}", MODERATORS),
    # A statement of reasons: its addressee (the author) and moderators; others get 404.
    "dueprocess.statement": ("/appeals/{statement}", _expect(302, 404, 404, 200, 200, 200)),
    "moderation.ban": ("/moderation/users/{author_id}/ban", GET_NOT_ALLOWED),
    "moderation.unban": ("/moderation/users/{author_id}/unban", GET_NOT_ALLOWED),
    "moderation.approve_company": ("/moderation/companies/1/approve", GET_NOT_ALLOWED),
    "moderation.rename_company": ("/moderation/companies/1/rename", GET_NOT_ALLOWED),
    "moderation.merge_company": ("/moderation/companies/1/merge", GET_NOT_ALLOWED),
    "moderation.review_company": ("/moderation/companies/1/review", GET_NOT_ALLOWED),
    "moderation.end_review": ("/moderation/companies/1/review/end", GET_NOT_ALLOWED),
    "claims_review.queue": ("/moderation/claims", MODERATORS),
    "claims_review.approve": ("/moderation/claims/1/approve", GET_NOT_ALLOWED),
    "claims_review.refuse": ("/moderation/claims/1/refuse", GET_NOT_ALLOWED),
    "moderation.remove_reply": ("/moderation/replies/{reply}/remove", MODERATORS),
    "cases.resolve": ("/complaints/{published}/resolve", GET_NOT_ALLOWED),
    "cases.reopen": ("/complaints/{resolved}/reopen", GET_NOT_ALLOWED),
    "webcare.claim": ("/companies/{company}/claim",
                      _expect(302, 403, 200, 200, 200, 200, banned=403, representative=302)),
    "webcare.claim_sent": ("/companies/{company}/claim/sent",
                           _expect(302, 302, 302, 302, 302, 302)),
    "webcare.confirm_claim": ("/claims/confirm/not-a-token",
                              _expect(400, 400, 400, 400, 400, 400)),
    "webcare.inbox": ("/webcare/{company}",
                      _expect(302, 403, 403, 403, 200, 200, representative=200)),
    "webcare.profile": ("/webcare/{company}/profile",
                        _expect(302, 403, 403, 403, 403, 403, representative=200)),
    "webcare.team": ("/webcare/{company}/team",
                     _expect(302, 403, 403, 403, 200, 200, representative=200)),
    "webcare.remove_colleague": ("/webcare/{company}/team/1/remove", GET_NOT_ALLOWED),
    "webcare.cancel_invitation": ("/webcare/{company}/invitations/1/cancel", GET_NOT_ALLOWED),
    "api_pages.create_token": ("/webcare/{company}/tokens", GET_NOT_ALLOWED),
    "api_pages.revoke_token": ("/webcare/{company}/tokens/{token}/revoke", GET_NOT_ALLOWED),
    "webcare.accept_invitation": ("/invitations/not-a-token",
                                  _expect(302, 400, 400, 400, 400, 400)),
    # Webhooks: the owner of the company's team only (moderators neither: it is the
    # company's own connection).
    "webhooks.create_endpoint": ("/webcare/{company}/webhooks", GET_NOT_ALLOWED),
    "webhooks.log": ("/webcare/{company}/webhooks/{webhook}",
                     _expect(302, 403, 403, 403, 403, 403, representative=200)),
    "webhooks.remove_endpoint": ("/webcare/{company}/webhooks/{webhook}/remove",
                                 GET_NOT_ALLOWED),
    "webhooks.ping": ("/webcare/{company}/webhooks/{webhook}/ping", GET_NOT_ALLOWED),
    "threads.reply": ("/complaints/{published}/replies", GET_NOT_ALLOWED),
    "threads.private": ("/complaints/{published}/private",
                        _expect(302, 403, 403, 303, 200, 200, representative=303)),
    "threads.propose_resolution": ("/complaints/{published}/propose-resolution",
                                   GET_NOT_ALLOWED),
    "threads.decline_resolution": ("/complaints/{published}/not-solved", GET_NOT_ALLOWED),
    "threads.answer": ("/complaints/{published}/answer?token=bad&answer=yes",
                       _expect(400, 400, 400, 400, 400, 400)),
    "threads.support": ("/complaints/{published}/support", GET_NOT_ALLOWED),
    "threads.log_contact": ("/complaints/{published}/contacts", GET_NOT_ALLOWED),
    "threads.delete_contact": ("/complaints/{published}/contacts/1/delete", GET_NOT_ALLOWED),
    "threads.flag_reply": ("/replies/{reply}/flag",
                           _expect(302, 200, 200, 200, 200, 200, banned=403,
                                   representative=403)),
    "transparency.public_log": ("/moderation-log", ALL_200),
    "dueprocess.transparency": ("/transparency", ALL_200),
    "dueprocess.transparency_csv": ("/transparency.csv", ALL_200),
    "rankings.index": ("/rankings", ALL_200),
    "rankings.download": ("/rankings.csv", ALL_200),
    "transparency.flag": ("/complaints/{published}/flag",
                          _expect(302, 200, 200, 403, 200, 200, banned=403)),
    "feeds.complaints_feed": ("/feeds/complaints.atom", ALL_200),
    "feeds.company_feed": ("/companies/{company}/feed.atom", ALL_200),
    "feeds.follow": ("/companies/{company}/follow", GET_NOT_ALLOWED),
    "feeds.unfollow": ("/companies/{company}/unfollow", GET_NOT_ALLOWED),
    "feeds.open_data_page": ("/open-data", ALL_200),
    "feeds.open_data_csv": ("/open-data/complaints.csv", ALL_200),
    "feeds.open_data_figures": ("/open-data/figures.csv", ALL_200),
    "feeds.open_data_jsonl": ("/open-data/complaints.jsonl", ALL_200),
    "feeds.robots": ("/robots.txt", ALL_200),
    "feeds.sitemap": ("/sitemap.xml", ALL_200),
    "feeds.sitemap_companies": ("/sitemaps/companies.xml", ALL_200),
    "feeds.sitemap_complaints": ("/sitemaps/complaints-1.xml", ALL_200),
    # Due process: statements of reasons, and notices (anyone may send one).
    "dueprocess.new_notice": ("/notices/new?url=/complaints/{published}", ALL_200),
    "dueprocess.notice_sent": ("/notices/sent", ALL_200),
    "dueprocess.confirm_notice": ("/notices/confirm/not-a-token",
                                  _expect(400, 400, 400, 400, 400, 400)),
    "notices_review.queue": ("/moderation/notices", MODERATORS),
    "notices_review.dismiss": ("/moderation/notices/{notice}/dismiss", GET_NOT_ALLOWED),
    "appeals_review.queue": ("/moderation/appeals", MODERATORS),
    "appeals_review.decide": ("/moderation/appeals/{appeal}/decide", GET_NOT_ALLOWED),
    # The dossier: the author and moderators; to anyone else, visitors included, it does not
    # exist (404, not a redirect to sign in: an id reveals nothing).
    "outcomes.dossier": ("/complaints/{published}/dossier", _expect(404, 404, 404, 200, 200, 200)),
    "outcomes.dossier_pdf": ("/complaints/{published}/dossier.pdf",
                             _expect(404, 404, 404, 200, 200, 200)),
    # Promises: the mailed "kept / not kept" link (signed; a bad one is 400 for everyone)
    # and the author's answer on the complaint page.
    "outcomes.promise_link": ("/promises/{promise}/answer/not-a-token",
                              _expect(400, 400, 400, 400, 400, 400)),
    "outcomes.answer_promise": ("/promises/{promise}/answer", GET_NOT_ALLOWED),
    # Next steps and escalations: the author of a published complaint; moderators keep the
    # table of bodies.
    "outcomes.dispute_final_answer": ("/complaints/{answered}/final-answer", GET_NOT_ALLOWED),
    "outcomes.withdraw_dispute": ("/complaints/{answered}/final-answer/withdraw",
                                  GET_NOT_ALLOWED),
    "outcomes.new_escalation": ("/complaints/{published}/escalations/new",
                                _expect(302, 403, 403, 200, 403, 403)),
    "outcomes.escalation_outcome": ("/complaints/{published}/escalations/{escalation}",
                                    _expect(302, 403, 403, 200, 403, 403)),
    "bodies_review.index": ("/moderation/bodies", MODERATORS),
    "bodies_review.new": ("/moderation/bodies/new", MODERATORS),
    "bodies_review.edit": ("/moderation/bodies/{body}/edit", MODERATORS),
    # The API: its document, its reference page, the public reads and a company's endpoints;
    # tokens are made and revoked on the team page (POST only).
    "api-docs.openapi_json": ("/api/v1/openapi.json", ALL_200),
    "api_docs.reference": ("/api/v1/docs", ALL_200),
    "api_public.Complaints": ("/api/v1/complaints", ALL_200),
    "api_public.PublicComplaint": ("/api/v1/complaints/{published}", ALL_200),
    "api_public.Companies": ("/api/v1/companies", ALL_200),
    "api_public.CompanyProfile": ("/api/v1/companies/{company}", ALL_200),
    "api_public.Rankings": ("/api/v1/rankings", ALL_200),
    "api_company.Inbox": ("/api/v1/companies/{company}/inbox", TOKEN_ONLY),
    "api_company.CompanyComplaint": ("/api/v1/companies/{company}/complaints/{published}",
                                     TOKEN_ONLY),
    "api_company.Replies": ("/api/v1/companies/{company}/complaints/{published}/replies",
                            GET_NOT_ALLOWED),
    "api_company.PrivateMessages": (
        "/api/v1/companies/{company}/complaints/{published}/private-messages", GET_NOT_ALLOWED),
    "api_company.ResolutionProposal": (
        "/api/v1/companies/{company}/complaints/{published}/resolution-proposal",
        GET_NOT_ALLOWED),
}

# State-changing routes, POSTed with a valid CSRF token: (path, form data, expected statuses).
# 302 for anonymous is the redirect to sign in; 303 is success (the redirect after a form).
ACTIONS = {
    "withdraw published": ("/complaints/{published}/withdraw", {},
                           _expect(302, 403, 403, 303, 403, 403, banned=403)),
    "approve pending": ("/moderation/complaints/{pending}/approve", {},
                        _expect(302, 403, 403, 403, 303, 303)),
    "reject pending": ("/moderation/complaints/{pending}/reject",
                       {"reason": "spam", "ground": "rule:5"},
                       _expect(302, 403, 403, 403, 303, 303)),
    "remove published": ("/moderation/complaints/{published}/remove",
                         {"public_reason": "Beschuldigt een medewerker.", "ground": "rule:4"},
                         _expect(302, 403, 403, 403, 303, 303)),
    "edit pending": ("/moderation/complaints/{pending}/edit",
                     {"title": "Een nieuwe titel van de klacht", "body": "x" * 60,
                      "version_id": "{pending_version}", "ground": "rule:2"},
                     _expect(302, 403, 403, 403, 303, 303)),
    # Triage: a page of low-risk stories at once, a near-duplicate group (the world's
    # complaints share their text), the word list.
    "publish a page of low-risk stories": ("/moderation/batch-approve",
                                           {"items": "{pending}:{pending_version}"},
                                           _expect(302, 403, 403, 403, 303, 303)),
    "turn near-duplicates into ik ook": ("/moderation/groups/{group}/merge",
                                         {"g{group}-lead": "{pending}",
                                          "g{group}-ground": "rule:6",
                                          "g{group}-shown": "{pending}:{pending_version}"},
                                         _expect(302, 403, 403, 403, 303, 303)),
    "hold a group as a campaign": ("/moderation/groups/{group}/hold",
                                   {"h{group}-note": "Same text, new accounts."},
                                   _expect(302, 403, 403, 403, 303, 303)),
    "add a word": ("/moderation/words", {"term": "afzetters", "language": "nl",
                                         "severity": "defamatory"},
                   _expect(302, 403, 403, 403, 303, 303)),
    "remove a word": ("/moderation/words/1/remove", {}, _expect(302, 403, 403, 403, 303, 303)),
    "ban author": ("/moderation/users/{author_id}/ban",
                   {"reason": "Scheldt steeds", "ground": "rule:3"},
                   _expect(302, 403, 403, 403, 303, 303)),
    "put the company under review": ("/moderation/companies/{company_id}/review",
                                     {"public_reason": "Veel lovende klachten van nieuwe "
                                                       "accounts."},
                                     _expect(302, 403, 403, 403, 303, 303)),
    "flag published": ("/complaints/{published}/flag", {"reason": "spam"},
                       _expect(302, 303, 303, 403, 303, 303, banned=403)),
    "delete own account": ("/account/delete", {"keep_complaints": "keep",
                                               "password": "correct horse battery staple"},
                           _expect(302, 303, 303, 303, 303, 303)),
    # The company side and the thread: who may reply, write privately, propose, resolve,
    # reopen, support, keep the ledger and the profile, and invite colleagues.
    "reply in public": ("/complaints/{published}/replies",
                        {"body": "Wij kijken er vandaag naar en komen bij u terug."},
                        _expect(302, 403, 403, 303, 303, 303, banned=403,
                                representative=303)),
    "send private message": ("/complaints/{published}/private",
                             {"body": "Mag ik uw klantnummer in dit bericht?"},
                             _expect(302, 403, 403, 303, 403, 403, representative=303)),
    "propose resolution": ("/complaints/{published}/propose-resolution", {},
                           _expect(302, 403, 403, 403, 403, 403, representative=303)),
    "resolve": ("/complaints/{published}/resolve", {"rating": "4"}, ONLY_AUTHOR_POST),
    "reopen": ("/complaints/{resolved}/reopen", {}, ONLY_AUTHOR_POST),
    "decline resolution": ("/complaints/{published}/not-solved", {}, ONLY_AUTHOR_POST),
    "support": ("/complaints/{published}/support", {},
                _expect(302, 303, 303, 403, 303, 303, banned=403, representative=403,
                        other_rep=303)),
    "log a contact": ("/complaints/{published}/contacts",
                      {"contacted_on": "2026-01-05", "channel": "phone"}, ONLY_AUTHOR_POST),
    "edit the company profile": ("/webcare/{company}/profile",
                                 {"domains": "belnet-mobiel.nl", "description": "Telecom"},
                                 _expect(302, 403, 403, 403, 403, 403, representative=303)),
    "invite a colleague": ("/webcare/{company}/team", {"email": "collega@belnet-mobiel.nl"},
                           _expect(302, 403, 403, 403, 403, 403, representative=303)),
    # API tokens: every representative makes their own (shown once: 201, no redirect); the
    # maker and the owner revoke.
    "make an API token": ("/webcare/{company}/tokens", {"name": "Zendesk", "scope": "read"},
                          _expect(302, 403, 403, 403, 403, 403, representative=201)),
    "revoke an API token": ("/webcare/{company}/tokens/{token}/revoke", {},
                            _expect(302, 403, 403, 403, 403, 403, representative=303)),
    # Webhooks: only the owner registers (201: the page with the secret), tests, removes.
    # The world's endpoint listens on the discard port: the test event fails at once.
    "register a webhook": ("/webcare/{company}/webhooks",
                           {"url": "http://127.0.0.1:9/hook", "events": "promise.due"},
                           _expect(302, 403, 403, 403, 403, 403, representative=201)),
    "test a webhook": ("/webcare/{company}/webhooks/{webhook}/ping", {},
                       _expect(302, 403, 403, 403, 403, 403, representative=303)),
    "remove a webhook": ("/webcare/{company}/webhooks/{webhook}/remove", {},
                         _expect(302, 403, 403, 403, 403, 403, representative=303)),
    "claim the company": ("/companies/{company}/claim",
                          {"name": "Kees Claim", "job_title": "Webcare",
                           "work_email": "kees@belnet-mobiel.nl"},
                          _expect(302, 403, 303, 303, 303, 303, banned=403, representative=302)),
    "flag a company reply": ("/replies/{reply}/flag", {"reason": "abusive"},
                             _expect(302, 303, 303, 303, 303, 303, banned=403,
                                     representative=403)),
    "remove a reply": ("/moderation/replies/{reply}/remove", {"public_reason": "Beledigend.",
                                                          "ground": "rule:3"},
                       _expect(302, 403, 403, 403, 303, 303)),
    # Evidence: only the author asks to show an image, takes it back or deletes a file (a
    # file someone may not see is a 404); only moderators decide.
    "ask to show an image": ("/complaints/{published}/attachments/{attachment}/publish",
                             {"alt_text": "Een blauwe foto van de router"},
                             _expect(302, 404, 404, 303, 403, 403, banned=404,
                                     representative=403, other_rep=404)),
    "keep an image private": ("/complaints/{published}/attachments/{public_attachment}/private",
                              {}, _expect(302, 403, 403, 303, 403, 403)),
    "delete a file": ("/complaints/{published}/attachments/{spare_attachment}/delete", {},
                      _expect(302, 404, 404, 303, 403, 403, banned=404, representative=403,
                              other_rep=404)),
    "show an image publicly": ("/moderation/images/{requested_attachment}/approve", {},
                               _expect(302, 403, 403, 403, 303, 303)),
    "keep an image private (moderator)": ("/moderation/images/{requested_attachment}/refuse",
                                          {"reason": "Er staat een gezicht op."},
                                          _expect(302, 403, 403, 403, 303, 303)),
    # Following a company: anyone signed in and not blocked; anyone signed in can stop.
    "follow a company": ("/companies/{company}/follow", {"mode": "daily"},
                         _expect(302, 303, 303, 303, 303, 303, banned=403)),
    "unfollow a company": ("/companies/{company}/unfollow", {},
                           _expect(302, 303, 303, 303, 303, 303)),
    # Notices: anyone, signed in or not, may send one; moderators dismiss them.
    "send a notice": ("/notices/new",
                      {"url": "/complaints/{published}", "reason": "defamation",
                       "explanation": "It says the manager stole money.", "name": "Nora Notifier",
                       "email": "nora@example.org", "good_faith": "y"},
                      _expect(303, 303, 303, 303, 303, 303)),
    "dismiss a notice": ("/moderation/notices/{notice}/dismiss",
                         {"reason": "An opinion about the service.", "ground": "rule:1"},
                         _expect(302, 403, 403, 403, 303, 303)),
    # Only the person a decision is about appeals; a moderator other than the one who took
    # it decides (the admin took the world's decisions, so the admin may not).
    "appeal a decision": ("/appeals/{statement}", {"text": "It was my own experience."},
                          _expect(302, 404, 404, 303, 403, 403)),
    "decide an appeal": ("/moderation/appeals/{appeal}/decide",
                         {"outcome": "upheld", "reason": "The decision stands."},
                         _expect(302, 403, 403, 403, 303, 403)),
    # Only the author says whether a promise (due today) was kept.
    "answer a promise": ("/promises/{promise}/answer", {"answer": "kept"}, ONLY_AUTHOR_POST),
    # Next steps: only the author says the answer is final, records an escalation and its
    # outcome; only moderators change the table of bodies.
    "dispute the final answer": ("/complaints/{answered}/final-answer", {}, ONLY_AUTHOR_POST),
    "record an escalation": ("/complaints/{published}/escalations/new",
                             {"body": "{body}", "escalated_on": "{today}"}, ONLY_AUTHOR_POST),
    "record an escalation's outcome": ("/complaints/{published}/escalations/{escalation}",
                                       {"outcome": "won", "outcome_on": "{today}"},
                                       ONLY_AUTHOR_POST),
    "add an escalation body": ("/moderation/bodies/new",
                               {"name": "Test Disputes Body", "kind": "disputes",
                                "url": "https://example.org/", "description_nl": "Voor x.",
                                "description_en": "For x.", "cost_nl": "Gratis.",
                                "cost_en": "Free.", "time_limit_nl": "Geen.",
                                "time_limit_en": "None.", "position": "5", "active": "y"},
                               _expect(302, 403, 403, 403, 303, 303)),
}


def build_world(app, company_slug: str | None = None) -> dict:
    """Users in every role, a pending, a published and a resolved complaint by 'author', and
    a company reply; the company is Belnet Mobiel (made here unless `company_slug` names it)."""
    with app.test_request_context():
        company = (db.session.scalar(select(Company).where(Company.slug == company_slug))
                   if company_slug else make_company("Belnet Mobiel", sector="telecom",
                                                     domains=["belnet-mobiel.nl"]))
        users = {
            "unverified": make_user("u@example.nl", verified=False),
            "consumer": make_user("c@example.nl"),
            "author": make_user("a@example.nl"),
            "banned": make_user("b@example.nl"),
            "moderator": make_user("m@example.nl", role="moderator"),
            "admin": make_user("ad@example.nl", role="admin"),
            "representative": make_user("r@example.nl"),
            "other_rep": make_user("o@example.nl"),
        }
        make_representative(users["representative"], company)
        token = api_tokens.create_token(db.session.get(User, users["representative"].id),
                                        db.session.get(Company, company.id),
                                        name="Koppeling")[0].id
        make_representative(users["other_rep"], make_company("Ander Bedrijf",
                                                             domains=["ander-bedrijf.nl"]))
        pending = make_complaint(users["author"], company)
        pending_id, pending_version = pending.id, pending.version_id
        published = make_complaint(users["author"], company, status=Status.OPEN).id
        resolved = make_complaint(users["author"], company, status=Status.RESOLVED).id
        answered = make_complaint(users["author"], company, status=Status.ANSWERED).id
        # ConsuWijzer fits every company; the escalation is to a body named by the author.
        body = db.session.scalar(select(EscalationBody.id).where(
            EscalationBody.slug == "consuwijzer"))
        escalation = Escalation(complaint_id=published, company_id=company.id,
                                body_name="A disputes body", escalated_on=today())
        db.session.add(escalation)
        reply = threads.post_reply(db.session.get(User, users["representative"].id),
                                   db.session.get(Complaint, resolved),
                                   "Fijn dat het is opgelost, excuses voor het wachten.",
                                   promise_kind="call_back", promise_due=today()).id
        promise = db.session.scalar(select(Promise.id).where(Promise.reply_id == reply))
        banned = db.session.get(User, users["banned"].id)
        banned.banned_at = utcnow()
        notice = Notice(url=f"http://localhost/complaints/{published}", complaint_id=published,
                        reason="defamation", explanation="The story names a person.",
                        name="Nora Notifier", email="nora@example.org", good_faith=True,
                        status="open", confirmed_at=utcnow())
        db.session.add(notice)
        webhook = WebhookEndpoint(company_id=company.id, url="http://127.0.0.1:9/hook",
                                  events="complaint.published", secret="whsec_world",
                                  created_by_id=users["representative"].id)
        db.session.add(webhook)
        db.session.commit()
        files = _evidence(users, db.session.get(Complaint, pending_id),
                          db.session.get(Complaint, published))
        statement, appeal = _decisions(users, pending_id)
        group = db.session.scalar(select(ComplaintRisk.group_id).where(
            ComplaintRisk.complaint_id == pending_id))
        return {"users": users, "pending": pending_id, "pending_version": pending_version,
                "published": published, "resolved": resolved, "reply": reply,
                "notice": notice.id, "promise": promise, "answered": answered, "body": body,
                "escalation": escalation.id, "today": today().isoformat(),
                "company": company.slug, "company_id": company.id,
                "author_id": users["author"].id, "statement": statement, "appeal": appeal,
                "group": group, "token": token, "webhook": webhook.id, **files}


def _evidence(users: dict, pending: Complaint, published: Complaint) -> dict[str, int]:
    """Files of every kind: on the published complaint (private; one to delete; one shown
    publicly; one waiting for a moderator), on the waiting one, and with a private message."""
    author, rep = users["author"], users["representative"]
    message = threads.send_private_message(db.session.get(User, rep.id), published,
                                           "Hierbij de factuur.")
    return {
        "attachment": attach(published, author).id,
        "spare_attachment": attach(published, author).id,
        "public_attachment": attach(published, author, publication="public",
                                    alt_text="De factuur van maart").id,
        "requested_attachment": attach(published, author, publication="requested",
                                       alt_text="De brief van de klantenservice").id,
        "pending_attachment": attach(pending, author).id,
        "message_attachment": attach(published, rep, PDF, message=message).id,
    }


def _decisions(users: dict, complaint_id: int) -> tuple[str, int]:
    """Two statements of reasons to the author, taken by the admin: the key of one not yet
    appealed, and the id of the appeal against the other."""
    admin, author = (db.session.get(User, users[role].id) for role in ("admin", "author"))
    complaint = db.session.get(Complaint, complaint_id)
    made = [statements.issue(Decision.REJECT, moderator=admin, facts="Advertising.",
                             ground="rule:1", user=author, complaint=complaint)
            for _ in range(2)]
    db.session.commit()
    appeal = appeals.file(author, made[1], "It is my own experience with their helpdesk.")
    return made[0].key, appeal.id


@pytest.fixture
def world(app, company):
    """Users in every role and complaints in three states, made for this test alone."""
    return build_world(app, company.slug)


@pytest.fixture
def standing_world(app, shared):
    """The same world for tests that only read (marked `shares_data`), made once while the
    tables stay as they are, with a client signed in per role (made when first needed)."""
    return shared("access world", lambda: (build_world(app), {}))


def _fill(text: str, world) -> str:
    return text.format(**{k: v for k, v in world.items() if k != "users"})


def _client_as(app, login_user, world, role):
    client = app.test_client()
    if role != "anonymous":
        from tests.builders import PASSWORD

        response = post_form(client, "/auth/login",
                             {"email": world["users"][role].email, "password": PASSWORD})
        assert response.status_code == 303
    return client


def _standing_client(app, standing_world, role):
    """The standing world and its client signed in as `role` (made when first needed)."""
    world, clients = standing_world
    if role not in clients:
        clients[role] = _client_as(app, None, world, role)
    return world, clients[role]


def test_every_route_is_in_the_table(app, figures):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), "add new routes to ROUTES in tests/test_access.py"
    figures(f"authorization: {len(ROUTES)} routes × {len(ROLES)} roles = "
            f"{len(ROUTES) * len(ROLES)} pages, {len(ACTIONS)} actions × {len(ROLES)} roles = "
            f"{len(ACTIONS) * len(ROLES)} posts")


@pytest.mark.shares_data
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role_as_expected(app, standing_world, endpoint, role):
    world, client = _standing_client(app, standing_world, role)
    path, expected = ROUTES[endpoint]
    url = _fill(path, world)
    response = client.get(url)
    assert response.status_code == expected[role], (endpoint, role, url)
    if response.status_code == 302 and role == "anonymous" and expected is not SIGNED_OUT_ONLY:
        assert "/auth/login" in response.location or endpoint == "accounts.logout"


# Every other kind of file, for every role: one shown publicly (everyone), one on a waiting
# complaint (its author and moderators), one with a private message (the conversation and
# moderators; it is a representative's upload, so they get its original).
FILES = {
    "public": ("{published}/attachments/{public_attachment}", ALL_200),
    "pending": ("{pending}/attachments/{pending_attachment}",
                _expect(404, 404, 404, 200, 200, 200)),
    "private message": ("{published}/attachments/{message_attachment}",
                        _expect(404, 404, 404, 200, 200, 200, representative=200)),
}


@pytest.mark.shares_data
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_kind_of_file_answers_each_role_as_expected(app, standing_world, kind, role):
    world, client = _standing_client(app, standing_world, role)
    path, expected = FILES[kind]
    response = client.get(_fill("/complaints/" + path, world))
    assert response.status_code == expected[role], (kind, role)
    if response.status_code == 200:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.fixture
def copied_world(app, snapshot):
    """The world, for tests that change it: built once, its rows copied back for each test."""
    return snapshot("access world", lambda: build_world(app))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_answers_each_role_as_expected(app, copied_world, action, role):
    world = copied_world
    path, data, expected = ACTIONS[action]
    client = _client_as(app, None, world, role)
    url = _fill(path, world)
    response = post_form(client, url, {_fill(k, world): _fill(v, world)
                                       for k, v in data.items()})
    assert response.status_code == expected[role], (action, role)
    if role == "anonymous" and expected[role] == 302:
        assert "/auth/login" in response.location
