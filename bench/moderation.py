"""The moderation storm of `make bench`: six thousand stories wait, almost all about one
company, and one moderator clears them in the browser.

A fresh database is seeded through the site's own `submit_complaint`, so triage gives each
story its signals, risk level and near-duplicate group exactly as on the site: mostly new
accounts writing about one telecom company in an outage, some older accounts with a
history, groups of people posting nearly the same text with a name and a date changed, a
few campaigns (the same text from many new accounts), personal data replaced by the guard,
links, shouting and abusive words, and a few stories about other companies.

The site then runs under gunicorn as `make run` starts it, and one moderator, signed in
once, first times the queue pages with everything waiting, then clears the storm the way
the pages invite: the low-risk lane a page at a time ("publish the ticked stories", all
ticked), the near-duplicate groups (publish the first, the others become "ik ook"; a group
whose stories carry the possible-campaign reason is held), then the normal and high lanes
one story at a time (publish; reject as spam under house rule 5 what is a campaign or link
spam, or what the site refuses to publish). Every request is counted, the GET after each
redirect included, and tagged with its part in a header that gunicorn's access log writes
next to the request's time in microseconds (`%(D)s`): the server times here are gunicorn's.

    .venv/bin/python -m bench --only moderation --engines sqlite
"""

from __future__ import annotations

import itertools
import random
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

STORIES = 6000
COMPANY = "Glasnet Telecom"
COMPANY_DOMAIN = "glasnet.example"
OTHERS = [("Stroomwijk Energie", "energy", 0.45), ("Pakketpunt Bezorging", "retail", 0.35),
          ("Duinbank", "finance", 0.2)]
PASSWORD = "moderatie-storm-wachtwoord"  # noqa: S105 - the moderator of a scratch database
MODERATOR = "moderator@bench.example.nl"
PAGES = {"low": "/moderation?lane=low", "normal": "/moderation?lane=normal",
         "high": "/moderation?lane=high", "groups": "/moderation/groups"}
PARTS = ("low", "groups", "normal", "high")
# Requests before a page is timed: enough that each of gunicorn's workers (the socket hands a
# request to either) has compiled the page's templates and planned its queries once (with 5,
# one worker's first render of the groups page fell among the timed ones now and then).
WARMUP = 12
# What the access log says of each request: the bench's tag, the status, the microseconds.
ACCESS_FORMAT = '%({x-bench}i)s %(s)s %(D)s %(m)s "%(U)s"'
TARGET_PAGE_MS, TARGET_STORIES_PER_REQUEST = 100.0, 25.0

# The shape of the storm, as shares of the stories (rounded; at least one of each).
SHARES = {"redacted": 0.05, "link": 0.008, "spam": 0.003, "shouting": 0.007, "abusive": 0.007,
          "defamatory": 0.002, "other_company": 0.004, "older": 0.12}
NEAR_GROUPS = 0.02  # groups of 2-6 people with nearly the same text, per story
CAMPAIGNS = (25, 18, 12, 8)  # new accounts posting one text, at 6,000 stories
HISTORY = 0.4  # of the older accounts, the share with an earlier story

CATEGORIES = ["outage"] * 10 + ["reachability"] * 5 + ["billing"] * 2 + ["contract"] * 2 + [
    "other"]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
FIRST_NAMES = ["Sanne", "Daan", "Fleur", "Bram", "Lotte", "Joris", "Noor", "Thijs", "Eva",
               "Ruben", "Iris", "Jeroen", "Femke", "Sven", "Anouk", "Wouter", "Marloes",
               "Koen", "Esther", "Pieter", "Ilse", "Stijn", "Maaike", "Gijs"]
OUTCOMES = ["Een werkende verbinding en compensatie voor de dagen zonder internet.",
            "Dat de storing wordt opgelost en dat ik de maand niet hoef te betalen.",
            "Een monteur die echt komt.", "Een eerlijk antwoord over wanneer het klaar is.",
            "Mijn geld terug.", ""]
CAMPAIGN_TEXTS = [
    ("Glasnet liegt over de storing",
     "Glasnet zegt dat de storing bijna voorbij is, maar dat zeggen ze al twee weken. Wij "
     "betalen gewoon door voor internet dat het niet doet. Dien allemaal een klacht in op "
     "Helpdeskhel zodat iedereen kan zien hoe dit bedrijf met zijn klanten omgaat. Hoe meer "
     "klachten, hoe eerder ze iets moeten doen. Deel dit bericht met je buren."),
    ("Overstappen bij Glasnet kan niet eens",
     "Wie wil overstappen omdat internet al weken niet werkt, krijgt een boete van Glasnet. "
     "Dat is toch de omgekeerde wereld. Wij roepen iedereen op om hier een klacht te zetten "
     "en daarna samen over te stappen. Laat je niet afschepen met een tegoedbon."),
    ("Glasnet klantenservice is een grap",
     "Twee uur in de wacht, dan wordt de verbinding verbroken. Dit overkomt duizenden "
     "klanten tegelijk. Wij vragen iedereen die dit meemaakt om een klacht in te dienen, "
     "met dezelfde tekst, zodat duidelijk wordt hoe groot het probleem is."),
    ("Compensatie Glasnet is een schijntje",
     "Vijf euro tegoed voor drie weken zonder internet. Glasnet lacht ons uit. Zet je klacht "
     "hier online en vraag net als wij om een volledige maand terug."),
]
ITEM = re.compile(r'name="items" value="(\d+):(\d+)"')
TOKEN = re.compile(r'name="(?:[a-z]\d+-)?csrf_token" (?:type="hidden" )?value="([^"]+)"')
LANE = re.compile(r'class="lane lane--(\w+)" aria-current="page"')
CARD = re.compile(r'<article class="card queue-item" id="story-(\d+)"(.*?)</article>', re.S)
GROUP = re.compile(r'<section class="card duplicate-group" id="group-(\d+)"(.*?)</section>',
                   re.S)
LEAD = re.compile(r'name="g\d+-lead" id="lead-\d+-(\d+)" value="\d+" checked')
SHOWN = re.compile(r'name="g\d+-shown" value="(\d+:\d+)"')
HIGH_REASON = re.compile(r'risk-reasons__item--high">(.*?)</li>', re.S)
SPAM = re.compile(r"campaign|campagne|link", re.I)
ERROR_FLASH = re.compile(r'class="flash flash--error"')
NEXT_PAGE = re.compile(r'rel="next" href="[^"]*[?&]page=(\d+)')


def log(message: str) -> None:
    from datetime import datetime

    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


# --- the storm's stories ----------------------------------------------------------------------

@dataclass
class Story:
    kind: str  # single, redacted, link, spam, shouting, abusive, defamatory, near, campaign…
    company: str
    title: str
    body: str
    category: str = "outage"
    redact: bool = False
    author: int = -1  # an index into the accounts of the plan
    group: int | None = None


@dataclass
class Plan:
    stories: list[Story]
    new_accounts: int
    older_accounts: int
    # Older accounts with an earlier story: (account index, "open" / "rejected" / "rejected2").
    history: list[tuple[int, str]] = field(default_factory=list)


def _text(rng: random.Random, sector: str = "telecom") -> tuple[str, str, str]:
    """A varied Dutch story of the storm (`demo.stories` with two sentences of one's own,
    so that two people's stories are not nearly the same by chance)."""
    from complaints.demo.stories import PRODUCTS, TOWNS, story

    category = rng.choice(CATEGORIES) if sector == "telecom" else rng.choice(
        ["billing", "delivery", "reachability", "contract", "other"])
    title, body = story(rng, sector, category)
    products = PRODUCTS.get(sector, PRODUCTS["other"])
    body += (f" Ik woon in {rng.choice(TOWNS)} en zit sinds {rng.choice(DAYS)} "
             f"{rng.randint(1, 28)} {_month(rng)} zonder {rng.choice(products)}. Ik heb "
             f"{rng.randint(2, 15)} keer gebeld en stond telkens "
             f"{rng.choice([10, 20, 25, 35, 40, 45, 60, 90])} minuten in de wacht.")
    return title, body, category


def _month(rng: random.Random) -> str:
    from complaints.demo.stories import MONTHS

    return rng.choice(MONTHS)


def _phone(rng: random.Random) -> str:
    return f"06-{rng.randint(10_000_000, 99_999_999)}"


def plan_storm(size: int, rng: random.Random) -> Plan:
    """The stories of a storm of `size`, in the order they come in, with their authors."""
    def share(name: str) -> int:
        return max(1, round(size * SHARES[name]))

    stories: list[Story] = []
    scale = size / STORIES
    for number, accounts in enumerate(CAMPAIGNS):
        title, text = CAMPAIGN_TEXTS[number % len(CAMPAIGN_TEXTS)]
        for _ in range(max(3, round(accounts * scale))):
            stories.append(Story("campaign", COMPANY, title, f"{text} Groet, "
                                 f"{rng.choice(FIRST_NAMES)} uit {_town(rng)}.",
                                 "reachability", group=-1 - number))
    for group in range(max(1, round(size * NEAR_GROUPS))):
        title, base, category = _text(rng)
        base += " " + _text(rng)[1]  # long enough that a changed name and date stay near
        for _ in range(rng.randint(2, 6)):
            stories.append(Story("near", COMPANY, title, f"{base} Het begon op "
                                 f"{rng.randint(1, 28)} {_month(rng)}. Groet, "
                                 f"{rng.choice(FIRST_NAMES)}.", category, group=group))
    for _ in range(share("redacted")):
        title, body, category = _text(rng)
        stories.append(Story("redacted", COMPANY, title, f"{body} Bel me gerust terug op "
                             f"{_phone(rng)}, ik ben de hele dag thuis.", category,
                             redact=True))
    for _ in range(share("link")):
        title, body, category = _text(rng)
        stories.append(Story("link", COMPANY, title, f"{body} Op "
                             "https://allestoringen.example/glasnet zie je dat ik niet de "
                             "enige ben.", category))
    for _ in range(share("spam")):
        title, body, category = _text(rng)
        stories.append(Story("spam", COMPANY, title, f"{body} Stap over naar "
                             "https://supersnel-internet.example/actie en bekijk ook "
                             "https://goedkoop-bellen.example en https://www.gratis-router."
                             "example/nu voor de beste aanbiedingen.", category))
    for _ in range(share("shouting")):
        title, body, category = _text(rng)
        stories.append(Story("shouting", COMPANY, title.upper(), body.upper() + " "
                             "BELACHELIJK!!! DIT KAN ECHT NIET!!! NU OPLOSSEN!!!", category))
    for _ in range(share("abusive")):
        title, body, category = _text(rng)
        stories.append(Story("abusive", COMPANY, title, f"{body} Wat een kutbedrijf, "
                             "stelletje idioten.", category))
    for _ in range(share("defamatory")):
        title, body, category = _text(rng)
        stories.append(Story("defamatory", COMPANY, title, f"{body} Het zijn gewoon "
                             "oplichters die geld innen voor niets.", category))
    for _ in range(share("other_company")):
        name, sector, _weight = rng.choices(OTHERS, weights=[w for *_, w in OTHERS])[0]
        title, body, category = _text(rng, sector)
        stories.append(Story("other_company", name, title, body, category))
    while len(stories) < size:
        title, body, category = _text(rng)
        stories.append(Story("single", COMPANY, title, body, category))
    rng.shuffle(stories)
    stories = stories[:size]

    # Authors: one account per story; campaigns only new accounts; near-duplicate groups
    # at most two new accounts (three would be a campaign); older accounts elsewhere.
    new = older = 0
    older_share = SHARES["older"]
    in_group: Counter = Counter()
    for item in stories:
        if item.kind == "campaign":
            is_new = True
        elif item.kind == "near":
            is_new = in_group[item.group] < 2 and rng.random() < 0.5
            in_group[item.group] += is_new
        else:
            is_new = rng.random() >= older_share
        if is_new:
            item.author, new = new, new + 1
        else:
            item.author, older = -1 - older, older + 1
    history = []
    for index in range(older):
        if rng.random() < HISTORY:
            history.append((index, rng.choices(["open", "rejected", "rejected2"],
                                               weights=[7, 2, 1])[0]))
    return Plan(stories, new, older, history)


def _town(rng: random.Random) -> str:
    from complaints.demo.stories import TOWNS

    return rng.choice(TOWNS)


# --- seeding --------------------------------------------------------------------------------

def seed(size: int = STORIES, rng_seed: int = 18, progress=log) -> dict:
    """Seed the storm in the caller's app and request context: companies, the moderator,
    the accounts, the older accounts' earlier stories, then `size` stories through
    `submit_complaint`, as they would come in. Returns what it made and how fast."""
    from sqlalchemy import insert, select

    from complaints.accounts.models import User
    from complaints.accounts.services import create_user
    from complaints.cases.services import ComplaintDraft, apply_transition, submit_complaint
    from complaints.cases.workflow import Action, Role
    from complaints.clock import utcnow
    from complaints.companies.services import create_company
    from complaints.errors import DomainError
    from complaints.extensions import db
    from complaints.reference import install_reference_data
    from complaints.webcare.models import Representative

    rng = random.Random(rng_seed)
    started = time.perf_counter()
    install_reference_data()
    plan = plan_storm(size, rng)
    company = create_company(COMPANY, "telecom", domains=[COMPANY_DOMAIN, "glasnet.nl"],
                             description="Internet, tv en bellen via glasvezel.",
                             website=f"https://www.{COMPANY_DOMAIN}")
    company.office_address = "Stationsplein 1, 3511 ED Utrecht"
    for name, sector, _weight in OTHERS:
        create_company(name, sector)
    moderator = create_user(MODERATOR, role="moderator", password=PASSWORD,
                            display_name="Moderator Bench")
    now = utcnow()
    rows = []
    for n in range(plan.new_accounts):  # made minutes before they submit
        rows.append(_account(f"nieuw{n}@storm.example.nl", now - timedelta(
            minutes=rng.randint(2, 240))))
    for n in range(plan.older_accounts):
        rows.append(_account(f"klant{n}@storm.example.nl", now - timedelta(
            days=rng.randint(30, 1500))))
    webcare = _account(f"webcare@{COMPANY_DOMAIN}", now - timedelta(days=400))
    db.session.execute(insert(User), [*rows, webcare])
    db.session.flush()
    ids = dict(db.session.execute(select(User.email, User.id).where(
        User.email.like("%@storm.example.nl"))).all())
    new_ids = [ids[f"nieuw{n}@storm.example.nl"] for n in range(plan.new_accounts)]
    older_ids = [ids[f"klant{n}@storm.example.nl"] for n in range(plan.older_accounts)]
    db.session.add(Representative(
        company_id=company.id, user_id=db.session.scalar(select(User.id).where(
            User.email == webcare["email"])), name="Webcare Glasnet", job_title="Webcare",
        work_email=webcare["email"], is_owner=True))
    db.session.commit()
    moderator = db.session.get(User, moderator.id)

    # The older accounts' earlier stories, published or rejected (a history triage reads).
    history_started = time.perf_counter()
    earlier = 0
    for index, outcome in plan.history:
        author = db.session.get(User, older_ids[index])
        for _ in range(2 if outcome == "rejected2" else 1):
            name, sector, _weight = rng.choice(OTHERS)
            title, body, category = _text(rng, sector)
            complaint = submit_complaint(author, _draft(ComplaintDraft, name, title, body,
                                                        category, rng))
            action = Action.APPROVE if outcome == "open" else Action.REJECT
            apply_transition(complaint, action, actor=moderator, roles={Role.MODERATOR},
                             reason=None if action == Action.APPROVE else
                             "Geen ervaring met de klantenservice.")
            db.session.commit()
            earlier += 1
    history_seconds = time.perf_counter() - history_started
    db.session.expunge_all()

    refused: Counter = Counter()
    storm_started = time.perf_counter()
    marks = [(0, storm_started)]  # (stories submitted, when)
    for n, item in enumerate(plan.stories, start=1):
        author_id = new_ids[item.author] if item.author >= 0 else older_ids[-1 - item.author]
        author = db.session.get(User, author_id)
        try:
            submit_complaint(author, _draft(ComplaintDraft, item.company, item.title,
                                            item.body, item.category, rng,
                                            redact=item.redact))
        except DomainError:
            db.session.rollback()
            refused[item.kind] += 1
        if n % 500 == 0:
            db.session.expunge_all()  # the identity map stays small
        if n % 1000 == 0 or n == len(plan.stories):
            marks.append((n, time.perf_counter()))
            (done, then), (_, now_) = marks[-2], marks[-1]
            progress(f"moderation: {n:,} stories submitted, {(n - done) / (now_ - then):.0f}/s")
    storm_seconds = time.perf_counter() - storm_started
    per_thousand = [round((n - done) / (at - then), 1)
                    for (done, then), (n, at) in itertools.pairwise(marks)]
    return {"stories": size, "submitted": size - sum(refused.values()),
            "refused": dict(refused), "kinds": dict(Counter(s.kind for s in plan.stories)),
            "new_accounts": plan.new_accounts, "older_accounts": plan.older_accounts,
            "earlier_stories": earlier, "history_seconds": round(history_seconds, 1),
            "seconds": round(storm_seconds, 1),
            "per_second": round(size / storm_seconds, 1) if storm_seconds else 0.0,
            "per_second_by_thousand": per_thousand,
            "total_seconds": round(time.perf_counter() - started, 1)}


def _account(email: str, created_at) -> dict:
    from complaints.accounts.models import SiteRole

    name = email.split("@")[0]
    return {"email": email, "display_name": name.capitalize(), "password_hash": "!",
            "role": SiteRole.CONSUMER, "locale": "nl", "email_verified_at": created_at,
            "session_stamp": f"storm-{name}", "created_at": created_at}


def _draft(draft_class, company: str, title: str, body: str, category: str,
           rng: random.Random, *, redact: bool = False):
    """What the complaint form sends (as tests/builders.py `draft` makes it)."""
    return draft_class(
        company=company, company_choice=None, new_company_sector=None,
        new_company_website=None, title=title[:120], body=body, category=category,
        contacts_before=rng.randint(0, 8),
        first_contact_on=date.today() - timedelta(days=rng.randint(1, 20)),
        desired_outcome=rng.choice(OUTCOMES), redact_pii=redact)


def lane_split() -> dict:
    """What waits, from the database (in the caller's app context): per lane, the groups the
    groups page lists, the campaigns among them, and how often each signal was raised."""
    from sqlalchemy import func, select

    from complaints.cases.models import Complaint
    from complaints.cases.workflow import Status
    from complaints.extensions import db
    from complaints.triage import queries
    from complaints.triage.models import ComplaintRisk

    lanes = {str(level): count for level, count in queries.lane_counts().items()}
    groups = db.session.execute(queries.waiting_groups()).all()
    signals: Counter = Counter()
    campaign_groups, grouped = set(), 0
    for group_id, stored in db.session.execute(
            select(ComplaintRisk.group_id, ComplaintRisk.signals)
            .join(Complaint, Complaint.id == ComplaintRisk.complaint_id)
            .where(Complaint.status == Status.PENDING)):
        codes = {s.get("code") for s in stored or []}
        signals.update(codes)
        grouped += group_id is not None
        if "campaign" in codes and group_id is not None:
            campaign_groups.add(group_id)
    waiting = db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.status == Status.PENDING))
    return {"waiting": waiting, "lanes": lanes, "groups": len(groups),
            "stories_in_groups": sum(row[1] for row in groups), "grouped_stories": grouped,
            "campaign_groups": len(campaign_groups), "signals": dict(signals.most_common())}


def status_counts() -> dict[str, int]:
    from sqlalchemy import func, select

    from complaints.cases.models import Complaint
    from complaints.extensions import db

    return {str(status): count for status, count in db.session.execute(
        select(Complaint.status, func.count()).group_by(Complaint.status))}


# --- the moderator in the browser -------------------------------------------------------------

@dataclass
class Sent:
    tag: str
    part: str
    method: str
    path: str
    status: int
    client_ms: float


class Moderator:
    """One moderator's browser: a session with its cookie, every request tagged with its
    part (header X-Bench: part:number) so the access log can be matched to it, redirects
    followed by hand so that the GET after each one is counted too."""

    def __init__(self, base: str, http=None):
        """`http`: anything with requests.Session's `request` (the tests pass the Flask
        test client in such a coat)."""
        if http is None:
            import requests

            http = requests.Session()
        self.base = base
        self.http = http
        self.sent: list[Sent] = []
        self.token = ""

    def _send(self, method: str, path: str, part: str, data=None):
        tag = f"{part}:{len(self.sent) + 1}"
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, data=data, timeout=120,
                                     allow_redirects=False, headers={"X-Bench": tag})
        self.sent.append(Sent(tag, part, method, path.split("?")[0], response.status_code,
                              (time.perf_counter() - started) * 1000))
        if response.status_code >= 500:
            raise RuntimeError(f"{method} {path}: {response.status_code}")
        if found := TOKEN.search(response.text):
            self.token = found.group(1)
        return response

    def get(self, path: str, part: str):
        return self._send("GET", path, part)

    def post(self, path: str, data: dict, part: str):
        """POST with the session's CSRF token; the redirect's page is what comes back."""
        response = self._send("POST", path, part, {"csrf_token": self.token, **data})
        if response.status_code in (302, 303):
            location = response.headers["Location"]
            if location.startswith(self.base):
                location = location[len(self.base):]
            response = self.get(location, part)
        return response

    def sign_in(self, email: str, password: str) -> None:
        self.get("/auth/login", "sign-in")
        self.post("/auth/login", {"email": email, "password": password}, "sign-in")
        if self.sent[-2].method != "POST" or self.sent[-2].status != 303:
            raise RuntimeError("the moderator could not sign in")

    def count(self, part: str) -> dict:
        sent = [s for s in self.sent if s.part == part]
        return {"requests": len(sent), "gets": sum(s.method == "GET" for s in sent),
                "posts": sum(s.method == "POST" for s in sent)}


def time_pages(moderator: Moderator, repeats: int) -> None:
    """Each queue page with everything waiting: a warm-up, then `repeats` requests."""
    for name, path in PAGES.items():
        for _ in range(WARMUP):
            moderator.get(path, f"warmup-{name}")
        for _ in range(repeats):
            moderator.get(path, f"page-{name}")


def clear_low(moderator: Moderator) -> dict:
    """The low-risk lane, a page at a time: tick every story, publish the ticked ones; the
    redirect shows the next page."""
    page = moderator.get(PAGES["low"], "low")
    batches, left = 0, set()
    while True:
        items = [f"{i}:{v}" for i, v in ITEM.findall(page.text) if int(i) not in left]
        if not items:
            break
        page = moderator.post("/moderation/batch-approve", {"items": items}, "low")
        batches += 1
        shown = {int(i) for i, _ in ITEM.findall(page.text)}
        ticked = {int(item.split(":")[0]) for item in items}
        left |= shown & ticked  # not published: a moderator leaves them for a closer look
        if ticked <= left:
            break
    return {"batches": batches, "left_unpublished": len(left)}


def _groups(html: str) -> list[tuple[int, int | None, bool, bool, list[str]]]:
    """(group, the story chosen to publish, held already, a possible campaign, the waiting
    stories as shown: "id:version") per group."""
    found = []
    for group_id, section in GROUP.findall(html):
        lead = LEAD.search(section)
        reasons = " ".join(HIGH_REASON.findall(section))
        found.append((int(group_id), int(lead.group(1)) if lead else None,
                      "/hold\"" not in section, bool(re.search("campaign|campagne", reasons,
                                                               re.I)),
                      SHOWN.findall(section)))
    return found


def _next_page(html: str) -> int | None:
    match = NEXT_PAGE.search(html)
    return int(match.group(1)) if match else None


def clear_groups(moderator: Moderator) -> dict:
    """The near-duplicate groups: a possible campaign is held, any other group merged (its
    first story published, the others "ik ook" on it, ground: house rule 6)."""
    page, number = moderator.get(PAGES["groups"], "groups"), 1
    merged = held = 0
    tried: set[int] = set()
    while True:
        todo = [g for g in _groups(page.text) if g[0] not in tried and not g[2]]
        if not todo:
            following = _next_page(page.text)
            if following is None or following <= number:
                break
            number = following
            page = moderator.get(f"{PAGES['groups']}?page={number}", "groups")
            continue
        group_id, lead, _held, campaign, shown = todo[0]
        tried.add(group_id)
        if campaign:
            page = moderator.post(f"/moderation/groups/{group_id}/hold", {
                f"h{group_id}-csrf_token": moderator.token,
                f"h{group_id}-note": "Zelfde tekst van veel nieuwe accounts."}, "groups")
            held += 1
        else:
            page = moderator.post(f"/moderation/groups/{group_id}/merge", {
                f"g{group_id}-csrf_token": moderator.token, f"g{group_id}-lead": lead,
                f"g{group_id}-ground": "rule:6", f"g{group_id}-shown": shown}, "groups")
            merged += 1
        number = 1
    return {"merged": merged, "held": held}


def clear_lane(moderator: Moderator, lane: str) -> dict:
    """A lane one story at a time, the oldest first: publish it, or reject it as spam
    (house rule 5) when its reasons name a campaign or link spam, or when the site refuses
    to publish it. After publishing the site shows the lane that has waited longest; a
    moderator who stays in this lane clicks back to it (counted as `returns`)."""
    page = moderator.get(PAGES[lane], lane)
    published = rejected = refused = returns = 0
    done: set[int] = set()
    while True:
        shown = LANE.search(page.text)
        if shown is None or shown.group(1) != lane:
            page = moderator.get(PAGES[lane], lane)
            returns += 1
            continue
        cards = [(int(i), body) for i, body in CARD.findall(page.text) if int(i) not in done]
        if not cards:
            break
        story, card = cards[0]
        done.add(story)
        if SPAM.search(" ".join(HIGH_REASON.findall(card))):
            page = _reject(moderator, story, lane)
            rejected += 1
            continue
        page = moderator.post(f"/moderation/complaints/{story}/approve", {}, lane)
        if ERROR_FLASH.search(page.text):
            page = _reject(moderator, story, lane)
            refused += 1
        else:
            published += 1
    return {"published": published, "rejected": rejected, "refused_then_rejected": refused,
            "returns": returns}


def _reject(moderator: Moderator, story: int, lane: str):
    return moderator.post(f"/moderation/complaints/{story}/reject", {
        "reason": "spam", "ground": "rule:5", "private_note": "",
        "note": "Dit verhaal is reclame of een gecoördineerde actie, geen eigen ervaring."},
        lane)


# --- the server's times -----------------------------------------------------------------------

def access_times(lines: list[str]) -> dict[str, tuple[int, int]]:
    """The tagged requests of gunicorn's access log: tag -> (status, microseconds)."""
    found = {}
    for line in lines:
        parts = line.split(" ", 3)
        if len(parts) >= 3 and ":" in parts[0] and parts[1].isdigit() and parts[2].isdigit():
            found[parts[0]] = (int(parts[1]), int(parts[2]))
    return found


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _stats(values: list[float]) -> dict:
    if not values:
        return {"median_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "total_s": 0.0}
    return {"median_ms": round(statistics.median(values), 1),
            "p95_ms": round(_percentile(values, 0.95), 1), "max_ms": round(max(values), 1),
            "total_s": round(sum(values) / 1000, 1)}


def summarize(moderator: Moderator, times: dict[str, tuple[int, int]]) -> dict:
    """Per page timed and per part cleared: requests, server and client times."""
    def server_ms(sent: list[Sent]) -> list[float]:
        return [times[s.tag][1] / 1000 for s in sent if s.tag in times]

    pages = {}
    for name in PAGES:
        sent = [s for s in moderator.sent if s.part == f"page-{name}"]
        pages[name] = {"requests": len(sent), **_stats(server_ms(sent)),
                       "client_median_ms": round(statistics.median(
                           s.client_ms for s in sent), 1) if sent else 0.0}
    parts = {}
    for part in PARTS:
        sent = [s for s in moderator.sent if s.part == part]
        by_kind = {}
        for kind, _count in Counter(f"{s.method} {_route(s.path)}" for s in sent).most_common():
            chosen = [s for s in sent if f"{s.method} {_route(s.path)}" == kind]
            by_kind[kind] = {"requests": len(chosen), **_stats(server_ms(chosen))}
        parts[part] = {**moderator.count(part), "server": _stats(server_ms(sent)),
                       "by_request": by_kind}
    statuses = Counter(str(status) for status, _ in times.values())
    return {"pages": pages, "parts": parts, "server_statuses": dict(statuses),
            "matched_in_log": sum(s.tag in times for s in moderator.sent),
            "sent": len(moderator.sent)}


def _route(path: str) -> str:
    return re.sub(r"/\d+", "/<id>", path)


# --- the whole run ----------------------------------------------------------------------------

def run(harness, settings, engine: str) -> dict:
    """Seed a fresh database on `engine`, time the queue pages, clear the storm; `harness`
    is bench/__main__ (its gunicorn, its app on a database, its database helpers)."""
    size = settings.moderation_stories
    url = fresh_database(harness, settings, engine)
    app = harness._site(url)
    from complaints.extensions import db

    log(f"{engine}: seeding a moderation storm of {size:,} stories through submit_complaint")
    with app.test_request_context():
        seeded = seed(size)
        split = lane_split()
        before = status_counts()
        db.session.remove()
    if engine == "postgresql":
        harness.vacuum_if_never_vacuumed(url)
    log(f"{engine}: seeded in {seeded['seconds']} s ({seeded['per_second']}/s); lanes "
        f"{split['lanes']}, {split['groups']} groups ({split['campaign_groups']} campaigns)")
    server = harness.Server(settings, "app:app", {
        **harness.site_env(url, "cached"), "MAIL_DELIVERY": "queued"},
        access_format=ACCESS_FORMAT)
    cleared, walls, outcomes = {}, {}, {}
    try:
        server.wait("/healthz")
        moderator = Moderator(server.url)
        moderator.sign_in(MODERATOR, PASSWORD)
        log(f"{engine}: timing the queue pages ({settings.moderation_repeats} requests each)")
        time_pages(moderator, settings.moderation_repeats)
        for part, clear in (("low", clear_low), ("groups", clear_groups),
                            ("normal", lambda m: clear_lane(m, "normal")),
                            ("high", lambda m: clear_lane(m, "high"))):
            with app.app_context():
                waiting_before, statuses_before = _waiting(), status_counts()
                db.session.remove()
            started = time.perf_counter()
            outcomes[part] = clear(moderator)
            walls[part] = time.perf_counter() - started
            with app.app_context():
                waiting_after, statuses_after = _waiting(), status_counts()
                db.session.remove()
            cleared[part] = {
                "stories": waiting_before - waiting_after,
                "published": statuses_after.get("open", 0) - statuses_before.get("open", 0),
                "rejected": statuses_after.get("rejected", 0) - statuses_before.get(
                    "rejected", 0)}
            log(f"{engine}: {part}: {cleared[part]['stories']:,} stories in "
                f"{moderator.count(part)['requests']:,} requests, {walls[part]:.0f} s "
                f"({outcomes[part]})")
        times = _logged(server, moderator)
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    with app.app_context():
        left = _waiting()
        after = status_counts()
        db.session.remove()
        db.engine.dispose()
    summary = summarize(moderator, times)
    for part in PARTS:
        requests = summary["parts"][part]["requests"]
        stories = cleared[part]["stories"]
        summary["parts"][part].update(
            cleared[part], outcome=outcomes[part], seconds=round(walls[part], 1),
            stories_per_request=round(stories / requests, 2) if requests else 0.0)
    requests = sum(summary["parts"][p]["requests"] for p in PARTS)
    seconds = sum(walls.values())
    stories = sum(cleared[p]["stories"] for p in PARTS)
    result = {"database": "fresh", "seed": seeded, "split": split, **summary,
              "total": {"requests": requests, "stories": stories,
                        "seconds": round(seconds, 1), "minutes": round(seconds / 60, 1),
                        "stories_per_request": round(stories / requests, 2) if requests
                        else 0.0},
              "left_waiting": left, "statuses_before": before, "statuses_after": after,
              "server_5xx": sum(n for code, n in summary["server_statuses"].items()
                                if code.startswith("5")),
              "worker_rss_mb": rss, "workers": settings.workers}
    drop_database(harness, settings, engine, url)
    log(f"{engine}: storm cleared: {stories:,} stories in {requests:,} requests, "
        f"{seconds / 60:.1f} min; {left} left waiting")
    return result


def _logged(server, moderator: Moderator) -> dict[str, tuple[int, int]]:
    """The access log's times of every request sent; a worker writes a request's line just
    after its response, so the last ones may take a moment."""
    deadline = time.time() + 5
    while True:
        times = access_times(server.access_lines())
        if all(s.tag in times for s in moderator.sent) or time.time() > deadline:
            return times
        time.sleep(0.1)


def _waiting() -> int:
    from sqlalchemy import func, select

    from complaints.cases.models import Complaint
    from complaints.cases.workflow import Status
    from complaints.extensions import db

    return db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.status == Status.PENDING))


def fresh_database(harness, settings, engine: str) -> str:
    """An empty database with the migrations run (they insert the reference data)."""
    harness.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        path = harness.BENCH_DIR / "moderation.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        name = settings.moderation_database
        harness._postgres_admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                                f'CREATE DATABASE "{name}"')
        url = harness.postgres_database_url(settings, name)
    harness.flask({"DATABASE_URL": url, "PAGE_CACHE": "off"}, "db", "upgrade")
    return url


def drop_database(harness, settings, engine: str, url: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
    else:
        harness._postgres_admin(
            settings, f'DROP DATABASE IF EXISTS "{settings.moderation_database}" WITH (FORCE)')
