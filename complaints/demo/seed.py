"""seed-demo: a small Dutch data set so a fresh site looks alive (companies, people, stories,
webcare teams and their conversations).

Complaints go through the real state machine (`apply_transition`) with back-dated times, so
their events, timestamps and the stored company figures are exactly what use would produce.
Replies, private messages and support are stored as the services store them, without mail.
A few accounts get the demo password, so a person trying the site can sign in as a consumer,
a moderator or a company's webcare team (README lists them).
"""

from __future__ import annotations

import io
import random
import secrets
from datetime import datetime, time, timedelta

from flask import current_app
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select

from complaints.accounts.models import SiteRole, User
from complaints.accounts.services import hash_password
from complaints.cases.models import Category, Complaint
from complaints.cases.services import apply_transition
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import AMSTERDAM, dutch_day, utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.companies.services import create_company
from complaints.demo import stories
from complaints.demo.dataset import (
    AUTHORS,
    COMPANIES,
    COMPANY_HISTORY,
    COMPANY_PROFILES,
    COMPANY_REPLIES,
    COMPLAINTS,
    CONSUMER_FOLLOW_UPS,
    FLAGS,
    NOTICES,
    OUTCOMES,
    PRIVATE_MESSAGES,
    PROPOSED_COMPANIES,
    REPRESENTATIVES,
    RESOLUTION_NOTES,
)
from complaints.dueprocess import statements
from complaints.dueprocess.models import (
    Appeal,
    AppealOutcome,
    Decision,
    Notice,
    NoticeStatus,
    NotifierKind,
)
from complaints.evidence import services as evidence
from complaints.evidence.files import examine
from complaints.evidence.models import Publication, TextCheck
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.moderation.log import record
from complaints.moderation.models import Flag, ModAction
from complaints.notifications.models import OutboxMessage
from complaints.outcomes import promises
from complaints.outcomes.models import (
    CompanyMembership,
    Escalation,
    EscalationBody,
    PromiseKind,
)
from complaints.reference import DEFAULT_REJECTION_REASONS, install_reference_data
from complaints.sanitize import render_markdown
from complaints.search.engines import engine as search_engine
from complaints.threads.models import ContactEntry, PrivateMessage, Reply, Support, Voice
from complaints.triage import waits
from complaints.triage.assess import assess
from complaints.webcare.models import Representative

DEMO_DOMAIN = "demo.helpdeskhel.nl"
DEMO_PASSWORD = "demo-wachtwoord"  # noqa: S105 - documented in the README, demo data only
# The accounts a person can sign in with. The demo consumer is the author with the widest
# range of stories (answered, a company proposal waiting, open, resolved).
CONSUMER_LOGIN = f"consument@{DEMO_DOMAIN}"
CONSUMER_AUTHOR = 1
MODERATOR_LOGIN = f"moderator@{DEMO_DOMAIN}"
WEBCARE_LOGINS = ("zendgolf-mobiel", "stroomlijn-energie")

NOT_HELPDESK = next(nl for slug, nl, _ in DEFAULT_REJECTION_REASONS if slug == "not_helpdesk")
MODERATION_LOG = {Action.APPROVE: ModAction.APPROVE, Action.REJECT: ModAction.REJECT,
                  Action.REMOVE: ModAction.REMOVE}


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Company))


def seed_demo() -> str:
    install_reference_data()
    now = utcnow()
    rng = random.Random(2010)  # the same demo every time
    demo_password = hash_password(DEMO_PASSWORD)
    nobody = hash_password(secrets.token_urlsafe(16))  # other demo people cannot sign in
    authors = [
        User(email=CONSUMER_LOGIN if n == CONSUMER_AUTHOR else f"auteur{n}@{DEMO_DOMAIN}",
             display_name=name, role=SiteRole.CONSUMER,
             password_hash=demo_password if n == CONSUMER_AUTHOR else nobody,
             email_verified_at=now - timedelta(days=420), created_at=now - timedelta(days=420))
        for n, name in enumerate(AUTHORS)
    ]
    db.session.add_all(authors)
    moderator = User(email=MODERATOR_LOGIN, display_name="Moderatie",
                     password_hash=demo_password, role=SiteRole.MODERATOR, email_verified_at=now)
    db.session.add(moderator)

    companies = {
        item["slug"]: create_company(item["name"], item["sector"], domains=item["domains"],
                                     description=item["description"], website=item["website"])
        for item in COMPANIES
    }
    for item in PROPOSED_COMPANIES:
        proposed = create_company(item["name"], item["sector"], website=item["website"])
        proposed.status = CompanyStatus.PROPOSED
        companies[item["slug"]] = proposed
    db.session.flush()
    teams = _teams(companies, demo_password, nobody, now)
    categories = {c.slug: c for c in db.session.scalars(select(Category))}

    _history(companies, teams, authors, moderator, list(categories.values()), now, rng)
    for item in sorted(COMPLAINTS, key=lambda c: -c["days_ago"]):
        submitted = now - timedelta(days=item["days_ago"], hours=rng.randrange(10))
        author = authors[item["author"]]
        complaint = Complaint(
            company=companies[item["company"]], author=author,
            category=categories[item["category"]], title=item["title"],
            body_source=item["body"], body_html=render_markdown(item["body"]),
            contacts_before=item["contacts_before"],
            first_contact_on=(submitted - timedelta(days=item["first_contact_days_ago"])).date(),
            desired_outcome=item["desired_outcome"], submitted_at=submitted,
        )
        db.session.add(complaint)
        _play(complaint, item, author, moderator, teams.get(item["company"], []),
              submitted, now, rng)
        if complaint.status in (Status.OPEN, Status.ANSWERED, Status.RESOLVED):
            _support(complaint, authors, rng)
    by_title = {c.title: c for c in db.session.scalars(select(Complaint))}
    for title, author_index, reason, note in FLAGS:
        db.session.add(Flag(complaint=by_title[title], user=authors[author_index], reason=reason,
                            note=note, created_at=now - timedelta(hours=5 + author_index)))
    _ledger(authors[CONSUMER_AUTHOR], rng)
    _notices(by_title, authors, moderator, teams, nobody, now)
    _outcomes(by_title, now)
    _triage()
    with evidence.keeping() as files:  # the files go again if the commit fails
        _evidence(files, authors[CONSUMER_AUTHOR], moderator, now)
        db.session.commit()
    figures.rebuild()  # ratings, support and replies were set directly: count them all once
    search_engine().refresh_word_forms()
    complaints = db.session.scalar(select(func.count()).select_from(Complaint))
    return (f"{len(companies)} companies, {complaints} complaints, {len(authors)} authors, "
            f"{sum(len(team) for team in teams.values())} representatives")


def _teams(companies: dict[str, Company], demo_password: str, nobody: str,
           now: datetime) -> dict[str, list[tuple[User, Representative]]]:
    """Webcare teams for most companies; the owners of two can sign in with the demo
    password."""
    teams: dict[str, list[tuple[User, Representative]]] = {}
    for slug, name, job_title, owner in REPRESENTATIVES:
        company = companies[slug]
        domain = company.domains[0].domain
        address = f"webcare@{domain}" if owner else f"{name.split()[0].lower()}@{domain}"
        signs_in = owner and slug in WEBCARE_LOGINS
        user = User(email=address, display_name=name,
                    password_hash=demo_password if signs_in else nobody,
                    role=SiteRole.CONSUMER, email_verified_at=now - timedelta(days=400))
        db.session.add(user)
        db.session.flush()
        rep = Representative(company_id=company.id, user_id=user.id, name=name,
                             job_title=job_title, work_email=address, is_owner=owner,
                             created_at=now - timedelta(days=400))
        db.session.add(rep)
        company.claimed_at = company.claimed_at or now - timedelta(days=400)
        profile = COMPANY_PROFILES.get(slug, {})
        company.response_promise_hours = profile.get("promise")
        company.contact_channels = profile.get("channels", "")
        teams.setdefault(slug, []).append((user, rep))
    db.session.flush()
    return teams


def _history(companies: dict[str, Company], teams: dict[str, list[tuple[User, Representative]]],
             authors: list[User], moderator: User, categories: list[Category], now: datetime,
             rng: random.Random) -> None:
    """The year before the hand-written stories (COMPANY_HISTORY): generated stories walked
    through the state machine, answered, resolved and rated as the company's care says."""
    others = [a for n, a in enumerate(authors) if n != CONSUMER_AUTHOR]
    for slug, history in COMPANY_HISTORY.items():
        company, team, care = companies[slug], teams[slug], history["care"]
        for _ in range(history["complaints"]):
            category = rng.choice(categories)
            title, body = stories.story(rng, company.sector.slug, category.slug)
            submitted = now - timedelta(days=rng.randrange(35, 350), hours=rng.randrange(24))
            author = rng.choice(others)
            complaint = Complaint(company=company, author=author, category=category,
                                  title=title, body_source=body, body_html=render_markdown(body),
                                  contacts_before=min(int(rng.expovariate(1 / 3)), 12),
                                  desired_outcome="", submitted_at=submitted)
            db.session.add(complaint)
            apply_transition(complaint, Action.SUBMIT, actor=author, roles={Role.AUTHOR},
                             now=submitted)
            published = submitted + timedelta(hours=rng.randrange(2, 20))
            apply_transition(complaint, Action.APPROVE, actor=moderator,
                             roles={Role.MODERATOR}, now=published)
            db.session.flush()
            record(ModAction.APPROVE, actor=moderator, complaint=complaint, now=published)
            if rng.random() > 0.3 + 0.7 * care:
                continue  # never answered
            user, rep = team[rng.randrange(len(team))]
            answered = min(published + timedelta(hours=rng.lognormvariate(4.8 - 2.5 * care, 0.8)),
                           now - timedelta(days=3))
            _say(complaint, Voice.COMPANY, user, rep, answered, rng.choice(COMPANY_REPLIES)
                 .format(name=author.display_name.split()[0], rep=rep.name.split()[0]))
            apply_transition(complaint, Action.ANSWER, actor=user,
                             roles={Role.REPRESENTATIVE}, now=answered)
            if rng.random() < 0.15 + 0.75 * care:
                rating = min(5, max(1, round(rng.gauss(1.3 + 3.7 * care, 0.8))))
                apply_transition(complaint, Action.RESOLVE, actor=author, roles={Role.AUTHOR},
                                 now=answered + timedelta(days=rng.randrange(1, 3)),
                                 rating=rating, again=rng.random() < 0.1 + 0.85 * care)


def _play(complaint: Complaint, item: dict, author: User, moderator: User,
          team: list[tuple[User, Representative]], submitted: datetime, now: datetime,
          rng: random.Random) -> None:
    """Walk one complaint to its demo status along the paths real use would take, with the
    conversation that goes with it. Each step lands some hours after the one before, never
    later than `now`."""
    status = Status(item["status"])
    step = timedelta(hours=20)
    at = submitted

    def move(action: Action, actor: User | None, role: Role, reason: str | None = None) -> None:
        nonlocal at
        when = min(at, now)
        apply_transition(complaint, action, actor=actor, roles={role}, reason=reason, now=when)
        if role == Role.MODERATOR:  # moderators' actions are logged, as the services do
            db.session.flush()
            # As reject_complaint logs it: the stock reason in public, never the text that
            # was written for the author (all the demo's refusals are "not about a helpdesk").
            record(MODERATION_LOG[action], actor=actor, complaint=complaint, now=when,
                   public_reason=NOT_HELPDESK if action == Action.REJECT else reason)
        at = at + step

    move(Action.SUBMIT, author, Role.AUTHOR)
    if status == Status.PENDING:
        return
    if status == Status.REJECTED:
        rejected_at = min(at, now)
        move(Action.REJECT, moderator, Role.MODERATOR, item.get("rejection_reason", "—"))
        _statement(Decision.REJECT, moderator, complaint.rejection_reason, "rule:1",
                   author, complaint, rejected_at)
        return
    if status == Status.WITHDRAWN and item["days_ago"] % 2:
        move(Action.WITHDRAW, author, Role.AUTHOR)
        return
    move(Action.APPROVE, moderator, Role.MODERATOR)
    answered = status in (Status.ANSWERED, Status.RESOLVED) or (
        status in (Status.REMOVED, Status.WITHDRAWN) and item["days_ago"] % 3 == 0)
    if answered and team:
        user, rep = team[rng.randrange(len(team))]
        at += timedelta(hours=item["contacts_before"] * 7 + 3)
        when = min(at, now)
        _say(complaint, Voice.COMPANY, user, rep, when, rng.choice(COMPANY_REPLIES).format(
            name=author.display_name.split()[0], rep=rep.name.split()[0]))
        move(Action.ANSWER, user, Role.REPRESENTATIVE)
        if item["days_ago"] % 4 == 0 or item["author"] == CONSUMER_AUTHOR:
            _converse(complaint, author, user, rep, when, now)
        if item["days_ago"] % 5 == 0 and status != Status.RESOLVED:
            follow_up = min(when + timedelta(hours=6), now)
            _say(complaint, Voice.CONSUMER, author, None, follow_up,
                 rng.choice(CONSUMER_FOLLOW_UPS))
            complaint.awaiting_company_since = follow_up
        if status == Status.ANSWERED and item["days_ago"] % 3 == 1:
            complaint.resolution_proposed_at = min(when + timedelta(days=1), now)
            complaint.resolution_proposed_by_id = user.id
    if status == Status.RESOLVED:
        at += timedelta(days=2)
        move(Action.RESOLVE, author, Role.AUTHOR)
        complaint.rating = item.get("rating")
        # "Would you do business with them again?": as the toml says, else as the rating
        # suggests (a middling rating answers now yes, now no, and sometimes not at all).
        rating = complaint.rating or 3
        complaint.would_do_business_again = item.get("again", {
            0: None, 1: rating >= 3, 2: rating >= 4}[item["days_ago"] % 3])
        complaint.closing_note = rng.choice(RESOLUTION_NOTES) or None
    elif status == Status.WITHDRAWN:
        move(Action.WITHDRAW, author, Role.AUTHOR)
    elif status == Status.REMOVED:
        move(Action.REMOVE, moderator, Role.MODERATOR, item.get("removal_reason", "—"))


def _notices(by_title: dict[str, Complaint], authors: list[User], moderator: User,
             teams: dict[str, list[tuple[User, Representative]]], nobody: str,
             now: datetime) -> None:
    """The notices of NOTICES and the decisions on them, with their statements of reasons and
    appeals (decided by a second moderator), back-dated. An acted notice is the reason for a
    removal the demo already made, so it is decided at that moment."""
    second = User(email=f"moderator2@{DEMO_DOMAIN}", display_name="Moderatie 2",
                  password_hash=nobody, role=SiteRole.MODERATOR,
                  email_verified_at=now)
    db.session.add(second)
    db.session.flush()
    base_url = current_app.config["PUBLIC_BASE_URL"]
    for item in NOTICES:
        complaint = by_title[item["complaint"]]
        received = min(complaint.published_at + timedelta(hours=item["hours"]),
                       now - timedelta(hours=1))
        kind, user, company_id = NotifierKind(item["notifier"]), None, None
        if kind == NotifierKind.COMPANY:
            user, rep = teams[complaint.company.slug][0]
            name, email, company_id = rep.name, user.email, complaint.company_id
        elif kind == NotifierKind.CONSUMER:
            user = authors[item["author"]]
            name, email = user.display_name, user.email
        else:
            name, email = item.get("name", "Melder"), f"{item['email']}@{DEMO_DOMAIN}"
        outcome = NoticeStatus(item["outcome"])
        decided = None
        if outcome == NoticeStatus.ACTED:
            decided = complaint.removed_at
        elif outcome == NoticeStatus.DISMISSED:
            decided = received + timedelta(hours=item["decided"])
        notice = Notice(url=f"/complaints/{complaint.id}", complaint_id=complaint.id,
                        reason=item["reason"], explanation=item["explanation"], name=name,
                        email=email, good_faith=True, user_id=user.id if user else None,
                        notifier_kind=kind, sender_company_id=company_id, status=outcome,
                        created_at=received, confirmed_at=received, decided_at=decided,
                        decided_by_id=moderator.id if decided else None,
                        decision_reason=item.get("facts"))
        db.session.add(notice)
        db.session.flush()
        if decided is None:
            continue
        with current_app.test_request_context(base_url=base_url):  # links in the mail
            statement = statements.issue(
                Decision.REMOVE if outcome == NoticeStatus.ACTED else Decision.NOTICE_DISMISS,
                moderator=moderator, facts=item["facts"], ground=item["ground"],
                **({"user": complaint.author} if outcome == NoticeStatus.ACTED else
                   {"user": user} if user else {"email": email}),
                complaint=complaint, notice_id=notice.id)
        statement.created_at = decided
        if "appeal" in item:
            # A reversed dismissal: the second moderator removed the complaint after all.
            ruled = (complaint.removed_at if item["appeal"] == AppealOutcome.REVERSED
                     else min(decided + timedelta(days=4), now - timedelta(hours=1)))
            db.session.add(Appeal(
                statement_id=statement.id, text="Ik ben het niet eens met dit besluit.",
                created_at=decided + (ruled - decided) / 2, decided_at=ruled,
                decided_by_id=second.id, outcome=item["appeal"],
                outcome_reason=("Bij nader inzien staat deze klacht er inderdaad twee keer op."
                                if item["appeal"] == AppealOutcome.REVERSED else
                                "Het besluit blijft staan, om dezelfde reden.")))
    for message in [m for m in db.session.new if isinstance(m, OutboxMessage)]:
        db.session.expunge(message)  # the demo sends no mail


def _outcomes(by_title: dict[str, Complaint], now: datetime) -> None:
    """Where complaints end up (outcomes.toml): promises in the first company reply (kept,
    broken, due and waiting for the author's answer, still to come), the memberships companies
    declare, a final answer the author disputes and an escalation with its outcome."""
    today = dutch_day(now)
    for item in OUTCOMES["promises"]:
        complaint = by_title[item["complaint"]]
        reply = db.session.scalar(
            select(Reply).where(Reply.complaint_id == complaint.id, Reply.voice == Voice.COMPANY)
            .order_by(Reply.created_at, Reply.id).limit(1))
        due = today - timedelta(days=item["due_days_ago"])
        terms = promises.PromiseTerms(
            kind=PromiseKind(item["kind"]), due_on=due,
            amount_cents=promises.parse_amount(item["amount"]) if "amount" in item else None)
        promise = promises.attach(reply, complaint, terms)
        promise.created_at = reply.created_at
        if due <= today:  # the job asked the author on the due date
            promise.asked_at = min(datetime.combine(due, time(9), tzinfo=AMSTERDAM), now)
        db.session.flush()
        if "answered" in item:
            promises.answer_promise(promise, item["answered"],
                                    now=datetime.combine(due + timedelta(days=1), time(20),
                                                         tzinfo=AMSTERDAM))
    bodies = {body.slug: body for body in db.session.scalars(select(EscalationBody))}
    companies = {company.slug: company for company in db.session.scalars(select(Company))}
    for item in OUTCOMES["memberships"]:
        db.session.add(CompanyMembership(company_id=companies[item["company"]].id,
                                         body_id=bodies[item["body"]].id,
                                         created_at=now - timedelta(days=200)))
    for item in OUTCOMES["disputes"]:
        by_title[item["complaint"]].final_answer_disputed_at = now - timedelta(
            days=item["days_ago"])
    for item in OUTCOMES["escalations"]:
        complaint = by_title[item["complaint"]]
        db.session.add(Escalation(
            complaint_id=complaint.id, company_id=complaint.company_id,
            body_id=bodies[item["body"]].id, escalated_on=today - timedelta(days=item["days_ago"]),
            reference=item.get("reference"), outcome=item.get("outcome"),
            outcome_on=today - timedelta(days=item["outcome_days_ago"])
            if "outcome_days_ago" in item else None,
            created_at=now - timedelta(days=item["days_ago"])))


def _triage() -> None:
    """Triage the waiting stories as their submission would have, oldest first (so the
    near-duplicates group), and count the waits of the decided ones for /transparency."""
    db.session.flush()
    for complaint in db.session.scalars(select(Complaint).where(
            Complaint.status == Status.PENDING).order_by(Complaint.queued_at, Complaint.id)):
        assess(complaint, now=complaint.queued_at)
    waits.rebuild()


def _statement(decision: Decision, moderator: User, facts: str, ground: str, user: User,
               complaint: Complaint, when: datetime) -> None:
    """The statement of reasons the service would have given at `when` (no mail is sent)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        statement = statements.issue(decision, moderator=moderator, facts=facts, ground=ground,
                                     user=user, complaint=complaint)
    statement.created_at = when
    for message in [m for m in db.session.new if isinstance(m, OutboxMessage)]:
        db.session.expunge(message)  # the demo sends no mail


def _say(complaint: Complaint, voice: Voice, user: User, rep: Representative | None,
         when: datetime, text: str) -> None:
    db.session.add(Reply(complaint=complaint, author_id=user.id, voice=voice,
                         representative_id=rep.id if rep else None,
                         signature_name=rep.name if rep else None,
                         signature_title=rep.job_title if rep else None,
                         body_source=text, body_html=render_markdown(text), created_at=when))


def _converse(complaint: Complaint, author: User, user: User, rep: Representative,
              start: datetime, now: datetime) -> None:
    for n, (side, text) in enumerate(PRIVATE_MESSAGES, start=1):
        company = side == "company"
        db.session.add(PrivateMessage(
            complaint=complaint, sender_id=user.id if company else author.id,
            voice=Voice.COMPANY if company else Voice.CONSUMER,
            representative_id=rep.id if company else None,
            signature_name=rep.name if company else None,
            body_source=text, body_html=render_markdown(text),
            created_at=min(start + timedelta(hours=2 * n), now)))


def _support(complaint: Complaint, authors: list[User], rng: random.Random) -> None:
    """"Ik ook" from a few other demo people; the stored count follows."""
    others = [a for a in authors if a is not complaint.author]
    chosen = rng.sample(others, rng.randrange(0, 7))
    db.session.flush()
    for person in chosen:
        db.session.add(Support(complaint_id=complaint.id, user_id=person.id))
    complaint.supporters_count = len(chosen)


def _evidence(files: evidence.Keeping, consumer: User, moderator: User, now: datetime) -> None:
    """The demo consumer's first public complaint has their invoice, shown publicly after a
    moderator agreed, and a screenshot of the chat that stays private."""
    db.session.flush()
    complaint = db.session.scalar(select(Complaint).where(
        Complaint.author_id == consumer.id,
        Complaint.status.in_((Status.OPEN, Status.ANSWERED))).order_by(Complaint.id))
    if complaint is None:
        return
    invoice = ["Factuur maart", "", "Abonnement Mobiel 10 GB     EUR 25,00",
               "Abonnement Mobiel 10 GB     EUR 25,00", "Abonnement Mobiel 10 GB     EUR 25,00",
               "", "Totaal                      EUR 75,00"]
    chat = ["Chat met de klantenservice", "Medewerker: Ik zie de dubbele kosten.",
            "Medewerker: U krijgt ze binnen 5 dagen terug.", "Ik: Dat zei u vorige maand ook."]
    uploads = [evidence.Upload(name, data, examine(data))
               for name, data in (("factuur.png", _drawn(invoice)), ("chat.png", _drawn(chat)))]
    shown = files.keep(uploads, complaint=complaint, uploader=consumer)[0]  # the chat: private
    shown.publication, shown.alt_text = Publication.PUBLIC, \
        "De factuur van maart: drie keer hetzelfde abonnement van 25 euro, samen 75 euro"
    shown.requested_at, shown.decided_at = now - timedelta(days=2), now - timedelta(days=1)
    shown.text_check, shown.decided_by_id = TextCheck.CLEAN, moderator.id


def _drawn(lines: list[str]) -> bytes:
    """A picture of a text, as a screenshot or a scanned letter looks."""
    font = ImageFont.load_default(size=28)
    image = Image.new("RGB", (960, 70 * len(lines) + 80), (252, 251, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 959, 24), fill=(31, 79, 163))
    for number, line in enumerate(lines):
        draw.text((40, 60 + number * 70), line, fill=(27, 31, 41), font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _ledger(consumer: User, rng: random.Random) -> None:
    """The demo consumer kept a log of their contacts on their complaints."""
    db.session.flush()
    for complaint in db.session.scalars(select(Complaint).where(
            Complaint.author_id == consumer.id)):
        first = complaint.first_contact_on
        for n, channel in enumerate(("phone", "chat", "phone", "email")[:min(
                4, complaint.contacts_before)]):
            db.session.add(ContactEntry(
                complaint_id=complaint.id, contacted_on=first + timedelta(days=3 * n),
                channel=channel, minutes_waited=rng.choice([5, 12, 25, 40, 55]),
                reached_human=channel != "email" and n % 2 == 0,
                ticket_number=f"ZG-{rng.randrange(1000, 9999)}" if n == 0 else ""))
