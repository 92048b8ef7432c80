"""Triage at submission (complaints/triage): the risk signals and the level they make, near-
duplicates and their groups, the batch and group actions of a moderator in a storm, and the
stored waiting times of moderation.

Stories are submitted through the real service (`submit_complaint` runs `triage.assess`); the
authors are "old" accounts (a month) unless a test is about new ones, and each story has its
own words (`story`) unless a test is about nearly the same text.
"""

from __future__ import annotations

import random
import statistics
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.figures.models import CompanyFigures
from complaints.moderation import services as moderation
from complaints.moderation.log import record
from complaints.moderation.models import ModAction, ModerationAction, ModerationMonthlyCount
from complaints.notifications.models import OutboxMessage
from complaints.pii import KIND_LABELS, Kind
from complaints.threads.models import Support
from complaints.triage import assess, duplicates, services, signals, waits
from complaints.triage.models import (
    ComplaintRisk,
    DuplicateGroup,
    ModerationWaitBucket,
    RiskLevel,
)
from tests.builders import draft, make_company, make_complaint, make_user, reload

WORDS = [
    "abonnement", "factuur", "klantenservice", "monteur", "storing", "modem", "router",
    "wachttijd", "verbinding", "rekening", "maand", "week", "dag", "belofte", "afspraak",
    "contract", "korting", "bedrag", "terugbetaling", "pakket", "bezorger", "winkel",
    "telefoon", "gesprek", "medewerker", "vraag", "antwoord", "mail", "brief", "klacht",
    "dienst", "levering", "kabel", "meterkast", "aansluiting", "wifi", "netwerk", "signaal",
    "internet", "televisie", "zender", "kanaal", "code", "account", "wachtwoordloos", "app",
    "website", "formulier", "chat", "opnieuw", "nooit", "altijd", "gisteren", "vandaag",
    "morgen", "vorige", "volgende", "eerste", "tweede", "derde", "lang", "kort", "traag",
    "snel", "duur", "goedkoop", "kapot", "nieuw", "oud", "groot", "klein",
]

TEMPLATE = (
    "Op {date} belde ik de klantenservice over de storing op mijn internet. Medewerker "
    "{name} beloofde dat er binnen twee dagen een monteur zou komen om de kabel in de "
    "meterkast na te kijken. Er kwam niemand, en bij het volgende gesprek wist niemand van "
    "een afspraak. Ik betaal elke maand het volle bedrag voor een verbinding die het niet "
    "doet. Ik wil dat de storing eindelijk wordt verholpen en dat ik de maanden zonder "
    "internet terugkrijg."
)


def story(seed: int, words: int = 45) -> str:
    """A story of its own: random words, so two seeds share hardly a three-word shingle."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def template(name: str = "Sanne", day: str = "3 maart") -> str:
    return TEMPLATE.format(name=name, date=day)


def account(email: str, *, hours: float = 30 * 24, role: str = "consumer") -> User:
    """A verified account made `hours` ago (a month unless said)."""
    user = db.session.get(User, make_user(email, role=role).id)
    user.created_at = utcnow() - timedelta(hours=hours)
    db.session.commit()
    return user


def submit(author: User, body: str | None = None, *, seed: int = 0, title: str | None = None,
           company: str = "Belnet Mobiel", **changes) -> Complaint:
    """Submit a story through the service; its own words from `seed` unless `body` is given."""
    return cases.submit_complaint(reload(User, author), draft(
        company, title=title or f"Klacht nummer {seed}", body=body or story(seed),
        desired_outcome="", **changes))


def risk(complaint: Complaint) -> ComplaintRisk:
    db.session.expire_all()
    return db.session.get(ComplaintRisk, complaint.id)


def codes(complaint: Complaint) -> list[str]:
    return [found["code"] for found in risk(complaint).signals]


def found(complaint: Complaint, code: str) -> dict | None:
    return next((s for s in risk(complaint).signals if s["code"] == code), None)


def level(complaint: Complaint) -> str:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id).risk_level


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def old(ctx) -> User:
    return account("oud@example.nl")


@pytest.fixture
def mod(ctx, moderator) -> User:
    return db.session.get(User, moderator.id)


# --- the signals, one by one ------------------------------------------------------------------

def test_a_plain_story_from_an_old_account_has_no_signals_and_is_low(ctx, old, company):
    complaint = submit(old, seed=1)
    assert codes(complaint) == []
    assert level(complaint) == RiskLevel.LOW


def test_personal_data_in_the_stored_text_is_found_and_high(ctx, old, company):
    """Text stored before the guard existed (written directly) is found when assessed again,
    named by its kind."""
    complaint = submit(old, seed=2)
    assert found(complaint, "personal_data") is None
    complaint.body_source += " Bel me op 06-12345678."
    assess.assess(complaint)
    db.session.commit()
    assert found(complaint, "personal_data") == {"code": "personal_data", "kinds": ["phone"]}
    assert str(KIND_LABELS[Kind.PHONE]) in signals.reason(found(complaint, "personal_data"))
    assert level(complaint) == RiskLevel.HIGH


def test_redacted_personal_data_asks_for_a_look(ctx, old, company):
    redacted = submit(old, story(3) + " Bel me op 06-12345678.", redact_pii=True)
    assert found(redacted, "redacted") == {"code": "redacted", "count": 1}
    assert found(redacted, "personal_data") is None
    assert level(redacted) == RiskLevel.NORMAL
    assert found(submit(old, seed=4), "redacted") is None


@pytest.mark.parametrize(("hours", "new"), [(0, True), (23, True), (25, False), (24 * 30, False)])
def test_an_account_younger_than_a_day_is_new(ctx, company, hours, new):
    author = account("nieuw@example.nl", hours=hours + 0.1)
    complaint = submit(author, seed=5)
    if new:
        assert found(complaint, "new_account") == {"code": "new_account", "hours": hours}
    else:
        assert found(complaint, "new_account") is None
    assert level(complaint) == RiskLevel.LOW  # one signal that only informs


def test_one_earlier_rejection_informs_two_ask_for_a_look(ctx, old, company):
    make_complaint(old, company, status=Status.REJECTED, title="Eerste", body=story(10))
    first = submit(old, seed=11)
    assert found(first, "earlier_rejections") == {"code": "earlier_rejections", "count": 1}
    assert found(first, "rejection_history") is None
    assert level(first) == RiskLevel.LOW
    make_complaint(old, company, status=Status.REJECTED, title="Tweede", body=story(12))
    second = submit(old, seed=13)
    assert found(second, "earlier_rejections") is None
    assert found(second, "rejection_history") == {"code": "rejection_history", "count": 2}
    assert level(second) == RiskLevel.NORMAL


def test_a_resubmitted_story_does_not_count_its_own_rejection(ctx, old, company):
    rejected = make_complaint(old, company, status=Status.REJECTED, title="Eerste",
                              body=story(14))
    cases.update_complaint(reload(User, old), rejected, draft(
        company.name, title="Eerste, verbeterd", body=story(15), desired_outcome=""))
    assert rejected.status == Status.PENDING
    assert codes(rejected) == []
    assert level(rejected) == RiskLevel.LOW


def test_a_removal_or_a_ban_before_is_high(ctx, old, other_consumer, mod, company):
    make_complaint(old, company, status=Status.REMOVED, title="Weg", body=story(16))
    after_removal = submit(old, seed=17)
    assert found(after_removal, "removal_history") == {"code": "removal_history", "count": 1}
    assert level(after_removal) == RiskLevel.HIGH

    other = reload(User, other_consumer)
    before_ban = submit(other, seed=18)
    assert found(before_ban, "ban_history") is None
    record(ModAction.BAN, actor=mod, user=other, public_reason="Scheldt", private_note="")
    db.session.commit()
    after_ban = submit(other, seed=19)
    assert found(after_ban, "ban_history") == {"code": "ban_history"}
    assert level(after_ban) == RiskLevel.HIGH


def test_links_to_other_sites_count_the_companys_own_do_not(ctx, old, company):
    own = submit(old, story(20) + " Zie https://www.belnet-mobiel.nl/storing en "
                 "https://hulp.belnet-mobiel.nl/faq.")
    assert found(own, "links") is None and found(own, "many_links") is None
    assert level(own) == RiskLevel.LOW

    two = submit(old, story(21) + " Zie https://www.consumentenbond.nl/klacht en "
                 "www.tweakers.net/forum en https://www.belnet-mobiel.nl.")
    assert found(two, "links") == {"code": "links", "count": 2,
                                   "hosts": ["consumentenbond.nl", "tweakers.net"]}
    assert level(two) == RiskLevel.NORMAL

    three = submit(old, story(22) + " Zie https://a.example.org/x, http://b.example.com "
                   "en www.c.example.net/y.")
    assert found(three, "many_links")["count"] == 3
    assert found(three, "links") is None
    assert level(three) == RiskLevel.HIGH


def test_links_check_on_its_own():
    assert signals.links("geen link hier") is None
    assert signals.links("https://shop.belnet.nl/a", ["belnet.nl"]) is None
    assert signals.links("https://notbelnet.nl/a", ["belnet.nl"])["count"] == 1  # not a suffix


def test_shouting_is_mostly_capitals_or_exclamation_runs():
    loud = "IK BEN HET ZAT MET DEZE SLECHTE SERVICE VAN JULLIE BEDRIJF ECHT WAAR"
    assert signals.shouting(loud)["percent"] == 100
    assert signals.shouting(loud.capitalize()) is None
    assert signals.shouting("HEEL SLECHT") is None  # too few letters to call it shouting
    assert signals.shouting("Slecht!!! Echt slecht!!! Nooit meer!!!")["exclamations"] == 3
    assert signals.shouting("Slecht!!! Echt slecht!!! Nooit meer!") is None
    half = "ABCDEFGHIJKLMNOPQRSTUVWXY abcdefghijklmnopqrstuvwxy"  # exactly half in capitals
    assert signals.shouting(half) is not None
    assert signals.shouting(half[1:]) is None


def test_a_shouted_story_asks_for_a_look(ctx, old, company):
    loud = submit(old, story(23).upper(), title="NOOIT MEER BELNET")
    assert found(loud, "shouting")["percent"] == 100
    assert level(loud) == RiskLevel.NORMAL
    assert found(submit(old, seed=24), "shouting") is None


@pytest.mark.parametrize(("sentence", "code", "words"), [
    ("Het zijn gewoon oplichters.", "defamatory", ["oplichters"]),
    ("OPLICHTER! Dat zijn ze.", "defamatory", ["OPLICHTER"]),
    ("Wat een idioten daar.", "abusive", ["idioten"]),
    ("Mijn moeder is kankerpatiënt en kan niet wachten.", None, None),
    ("Dat sukkelsgedrag kennen we.", None, None),  # "sukkels" is a whole word, no prefix
    ("De zoplichters zijn er niet.", None, None),  # a prefix of the word only, at its start
])
def test_wording_from_the_word_list_whole_words_only(ctx, old, company, sentence, code,
                                                     words):
    complaint = submit(old, f"{story(25)} {sentence}")
    wording = [s for s in risk(complaint).signals if s["code"] in ("abusive", "defamatory")]
    if code is None:
        assert wording == []
        assert level(complaint) == RiskLevel.LOW
    else:
        assert wording == [{"code": code, "words": words}]
        assert level(complaint) == (RiskLevel.HIGH if code == "defamatory"
                                    else RiskLevel.NORMAL)


def test_wording_check_on_its_own():
    terms = [signals.Term("oplichter*", "defamatory"), signals.Term("idioten", "abusive"),
             signals.Term("dikke vinger*", "abusive")]
    assert signals.wording("Oplichters en nog eens OPLICHTERIJ, idioten!", terms) == [
        {"code": "abusive", "words": ["idioten"]},
        {"code": "defamatory", "words": ["Oplichters"]}]
    assert signals.wording("een dikke   vingers werk", terms) == [
        {"code": "abusive", "words": ["dikke   vingers"]}]
    assert signals.wording("idiotenwerk, oplichtingxidioten", terms) == []
    assert signals.wording("echt _idioten_", terms) == [  # Markdown's emphasis is no letter
        {"code": "abusive", "words": ["idioten"]}]


def test_a_word_a_moderator_adds_is_used_for_the_next_story(ctx, old, mod, company):
    before = submit(old, f"{story(26)} Stelletje prutsers.")
    assert found(before, "abusive") is None
    services.add_word(mod, "  Prutser* ", "nl", "abusive")
    after = submit(old, f"{story(27)} Stelletje prutsers.")
    assert found(after, "abusive") == {"code": "abusive", "words": ["prutsers"]}
    assert level(after) == RiskLevel.NORMAL
    with pytest.raises(DomainError):
        services.add_word(mod, "prutser*", "nl", "abusive")  # already on the list


# --- near-duplicates and campaigns -------------------------------------------------------------

def test_the_same_author_sending_nearly_the_same_story_again(ctx, old, company):
    first = submit(old, template(), title="Monteur kwam niet")
    again = submit(old, template(day="4 maart"), title="Monteur kwam niet")
    assert found(first, "same_author_duplicate") is None
    assert found(again, "same_author_duplicate") == {"code": "same_author_duplicate",
                                                     "count": 1}
    assert found(again, "near_duplicate") is None
    assert level(again) == RiskLevel.NORMAL
    different = submit(old, seed=30)
    assert found(different, "same_author_duplicate") is None


def test_nearly_the_same_story_by_someone_else(ctx, old, company):
    other = account("ander@example.nl")
    first = submit(old, template(), title="Monteur kwam niet")
    second = submit(other, template("Pieter", "17 april"), title="Monteur kwam niet")
    assert found(second, "near_duplicate") == {"code": "near_duplicate", "count": 1}
    assert found(second, "campaign") is None
    assert level(second) == RiskLevel.NORMAL
    assert found(submit(other, seed=31), "near_duplicate") is None
    assert risk(first).group_id == risk(second).group_id is not None


def test_three_new_accounts_with_nearly_the_same_text_are_a_campaign(ctx, company):
    authors = [account(f"nieuw{i}@example.nl", hours=2) for i in range(3)]
    names = ["Sanne", "Pieter", "Fatima"]
    stories = []
    for author, name in zip(authors[:2], names, strict=False):
        stories.append(submit(author, template(name), title="Monteur kwam niet"))
    assert found(stories[1], "near_duplicate")["count"] == 1  # two accounts: not yet
    assert level(stories[1]) == RiskLevel.NORMAL
    version = reload(Complaint, stories[0]).version_id
    stories.append(submit(authors[2], template(names[2]), title="Monteur kwam niet"))
    for complaint in stories:
        assert found(complaint, "campaign") == {"code": "campaign", "accounts": 3}
        assert found(complaint, "near_duplicate") is None
        assert level(complaint) == RiskLevel.HIGH
    # A page that showed the first story in another lane is stale now.
    assert reload(Complaint, stories[0]).version_id == version + 1
    assert "3 nieuwe accounts" in signals.reason(found(stories[0], "campaign"))  # in Dutch


def test_old_accounts_with_nearly_the_same_text_are_near_duplicates_only(ctx, company):
    authors = [account(f"oud{i}@example.nl") for i in range(3)]
    stories = [submit(author, template(name), title="Monteur kwam niet")
               for author, name in zip(authors, ["Sanne", "Pieter", "Fatima"], strict=True)]
    assert codes(stories[0]) == []
    assert found(stories[2], "near_duplicate") == {"code": "near_duplicate", "count": 2}
    assert all(found(c, "campaign") is None for c in stories)
    assert len({risk(c).group_id for c in stories}) == 1


def test_a_company_in_a_storm(ctx, old, consumer, company):
    """At least 10 waiting and 3x the weekly mean: the story tells the moderator, and a new
    account's story about it stays low (two signals that only inform)."""
    db.session.add(CompanyFigures(company_id=company.id, window="all", computed_on=date.today(),
                                  weekly_mean=4.0, storm=False))
    db.session.commit()
    stories = [submit(old, seed=40 + i) for i in range(10)]
    assert all(found(c, "company_storm") is None for c in stories)  # 10 < 3 x 4
    stories.append(submit(old, seed=50))
    assert found(stories[-1], "company_storm") is None
    newcomer = submit(reload(User, consumer), seed=51)  # the 12th waiting: 3 x 4
    assert found(newcomer, "company_storm") == {"code": "company_storm", "waiting": 12}
    assert found(newcomer, "new_account") is not None
    assert level(newcomer) == RiskLevel.LOW


def test_ten_waiting_without_figures_is_a_storm(ctx, old, company):
    stories = [submit(old, seed=60 + i) for i in range(10)]
    assert found(stories[8], "company_storm") is None
    assert found(stories[9], "company_storm") == {"code": "company_storm", "waiting": 10}


def test_a_company_on_the_storm_alert_is_in_a_storm_from_the_first_story(ctx, old, company):
    other = make_company("Stroomloos", sector="energy")
    db.session.add(CompanyFigures(company_id=other.id, window="all", computed_on=date.today(),
                                  weekly_mean=1.0, storm=True))
    db.session.commit()
    assert found(submit(old, seed=70, company=other.name), "company_storm") == {
        "code": "company_storm", "waiting": 1}
    assert found(submit(old, seed=71), "company_storm") is None  # Belnet is not


# --- the level ---------------------------------------------------------------------------------

def _signals(*found_codes: str) -> list[dict]:
    return [signals.signal(code) for code in found_codes]


@pytest.mark.parametrize(("found_codes", "expected"), [
    ((), RiskLevel.LOW),
    (("new_account",), RiskLevel.LOW),
    (("new_account", "company_storm"), RiskLevel.LOW),  # a storm's usual story
    (("new_account", "company_storm", "earlier_rejections"), RiskLevel.NORMAL),
    (("links",), RiskLevel.NORMAL),
    (("new_account", "shouting"), RiskLevel.NORMAL),
    (("new_account", "links", "defamatory"), RiskLevel.HIGH),
    (("many_links",), RiskLevel.HIGH),
    (("campaign",), RiskLevel.HIGH),
    (("unknown_code",), RiskLevel.NORMAL),  # a code it does not know asks for a look
])
def test_the_level_of_a_set_of_signals(found_codes, expected):
    assert signals.level(_signals(*found_codes)) == expected


# --- duplicates (pure) ---------------------------------------------------------------------------

def test_shingles_drop_case_punctuation_and_markdown():
    assert duplicates.shingles("**De** monteur, kwam _niet_!") == {
        "de monteur kwam", "monteur kwam niet"}
    assert duplicates.shingles("Kort bericht") == {"kort bericht"}
    assert duplicates.shingles("?!") == set()


def test_the_same_story_with_a_name_and_date_changed_is_near():
    first = duplicates.signature(template())
    changed = duplicates.signature(template("Mohammed", "28 november"))
    assert duplicates.similarity(first, first) == 1.0
    assert duplicates.similarity(first, changed) >= duplicates.NEAR
    assert set(duplicates.band_keys(first)) & set(duplicates.band_keys(changed))
    assert len(first) == duplicates.PERMUTATIONS * 4


def test_different_stories_are_not_near():
    for seed in range(5):
        one, other = duplicates.signature(story(seed)), duplicates.signature(story(seed + 100))
        assert duplicates.similarity(one, other) < duplicates.NEAR
    one, other = duplicates.signature(template()), duplicates.signature(story(7, 80))
    assert duplicates.similarity(one, other) < 0.2
    assert duplicates.similarity(one, b"") == 0.0


def test_similarity_estimates_the_jaccard_of_the_shingles():
    words = story(8, 101).split()
    a, b = " ".join(words[:75]), " ".join(words[25:])
    exact = (len(duplicates.shingles(a) & duplicates.shingles(b))
             / len(duplicates.shingles(a) | duplicates.shingles(b)))
    estimate = duplicates.similarity(duplicates.signature(a), duplicates.signature(b))
    assert abs(estimate - exact) < 0.2
    assert len(duplicates.band_keys(duplicates.signature(a))) == duplicates.BANDS


# --- groups ---------------------------------------------------------------------------------

def test_near_duplicates_share_a_group_and_two_groups_merge(ctx, old, company):
    """Story C has most words of A and of B, which are not near each other: A and its twin
    form one group, B and its twin another, and C brings them together in the oldest."""
    words = story(9, 101).split()
    text_a, text_b = " ".join(words[:75]), " ".join(words[25:])
    twin_a = text_a.replace(words[40], "zonnebloem", 1)
    twin_b = text_b.replace(words[60], "zonnebloem", 1)
    a, a2 = submit(old, text_a, title="A"), submit(old, twin_a, title="A")
    b, b2 = submit(old, text_b, title="B"), submit(old, twin_b, title="B")
    alone = submit(old, seed=90)
    assert risk(a).group_id == risk(a2).group_id is not None
    assert risk(b).group_id == risk(b2).group_id is not None
    assert risk(a).group_id != risk(b).group_id
    assert risk(alone).group_id is None
    first_group = risk(a).group_id
    c = submit(old, " ".join(words), title="C")
    assert {risk(x).group_id for x in (a, a2, b, b2, c)} == {first_group}


def test_a_story_joining_a_held_group_and_another_keeps_the_hold(ctx, old, mod, company):
    """Found by this test: merging two groups kept the oldest, so a story bridging an older
    group and a held one lifted the hold (later near-duplicates were no longer raised)."""
    words = story(9, 101).split()
    text_a, text_b = " ".join(words[:75]), " ".join(words[25:])
    a = submit(old, text_a, title="A")
    submit(old, text_a.replace(words[40], "zonnebloem", 1), title="A")
    b = submit(old, text_b, title="B")
    submit(old, text_b.replace(words[60], "zonnebloem", 1), title="B")
    services.hold_group(mod, _group_of(b))
    c = submit(old, " ".join(words), title="C")
    assert found(c, "held_campaign") == {"code": "held_campaign"}
    assert level(c) == RiskLevel.HIGH
    assert risk(a).group_id == risk(b).group_id == risk(c).group_id
    later = submit(old, text_a.replace(words[50], "paardenbloem", 1), title="A")
    assert level(later) == RiskLevel.HIGH

# --- a page of low-risk stories -----------------------------------------------------------------

def test_approve_batch_publishes_the_ticked_low_risk_stories(ctx, mod, company):
    authors = [account(f"schrijver{i}@example.nl") for i in range(3)]
    low = [submit(author, seed=100 + i) for i, author in enumerate(authors)]
    assert {level(c) for c in low} == {RiskLevel.LOW}
    stale = submit(authors[0], seed=110)
    normal = submit(authors[1], f"{story(111)} Stelletje idioten.")
    rejected = make_complaint(authors[2], company, status=Status.REJECTED, body=story(112))
    leaking = submit(authors[2], seed=113)
    leaking.body_source += " Bel me op 06-12345678."  # stored before the guard existed
    db.session.commit()
    assert level(leaking) == RiskLevel.LOW
    items = [(c.id, reload(Complaint, c).version_id)
             for c in (*low, normal, rejected, leaking)]
    items.append((stale.id, reload(Complaint, stale).version_id - 1))
    items.append((9999, 1))

    outcome = services.approve_batch(mod, items)

    assert outcome.published == [c.id for c in low]
    assert sorted(outcome.already) == sorted([rejected.id, stale.id])
    # Not low risk (a page never shows it in the low lane): refused, saying where it belongs.
    assert [cid for cid, _ in outcome.refused] == [normal.id, leaking.id, 9999]
    db.session.expire_all()
    for complaint in low:
        assert reload(Complaint, complaint).status == Status.OPEN
        assert _count(ModerationAction, ModerationAction.complaint_id == complaint.id,
                      ModerationAction.action == ModAction.APPROVE) == 1
    for complaint in (stale, normal, leaking):
        assert reload(Complaint, complaint).status == Status.PENDING
    mailed = db.session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.template == "complaint_published")).all()
    assert sorted(mailed) == sorted(a.email for a in authors)
    assert sum(db.session.scalars(select(ModerationWaitBucket.count))) == 3


def test_approve_batch_refuses_an_empty_or_too_long_list(ctx, mod, consumer):
    with pytest.raises(DomainError):
        services.approve_batch(mod, [])
    with pytest.raises(DomainError):
        services.approve_batch(mod, [(i, 1) for i in range(services.BATCH_MAX + 1)])
    with pytest.raises(NotAllowed):
        services.approve_batch(reload(User, consumer), [(1, 1)])


def _race(app, first, second) -> list:
    """Run two actions at once, each in its own thread and database session; both have read
    what they need before either writes. Returns what each returned, or its exception."""
    barrier = threading.Barrier(2, timeout=20)
    results: list = [None, None]

    def run(index, act) -> None:
        with app.test_request_context():
            try:
                results[index] = act(barrier)
            except Exception as error:  # reported to the test, which fails on it
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, act))
               for i, act in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("round_", range(2))
def test_a_batch_and_single_approvals_at_once_publish_each_story_once(app, company, round_):
    with app.test_request_context():
        mod_a = make_user("mod-a@example.nl", role="moderator")
        mod_b = make_user("mod-b@example.nl", role="moderator")
        author = account("schrijver@example.nl")
        ids = [submit(author, seed=200 + i).id for i in range(4)]
        items = [(cid, db.session.get(Complaint, cid).version_id) for cid in ids]

    def batch(barrier):
        moderator = db.session.get(User, mod_a.id)
        [db.session.get(Complaint, cid) for cid in ids]
        barrier.wait()
        return services.approve_batch(moderator, items)

    def singles(barrier):
        moderator = db.session.get(User, mod_b.id)
        complaints = [db.session.get(Complaint, cid) for cid in reversed(ids)]
        barrier.wait()
        won = []
        for complaint in complaints:
            try:
                moderation.approve_complaint(moderator, complaint)
            except (AlreadyHandled, NotAllowed):
                db.session.rollback()
            else:
                won.append(complaint.id)
        return won

    outcome, won = _race(app, batch, singles)
    assert isinstance(outcome, services.BatchOutcome), outcome
    assert isinstance(won, list), won
    assert sorted(outcome.published + won) == sorted(ids)  # each applied exactly once
    assert sorted(outcome.published + outcome.already) == sorted(ids)  # each reported
    assert outcome.refused == []
    with app.app_context():
        for cid in ids:
            assert db.session.get(Complaint, cid).status == Status.OPEN
            assert _count(ModerationAction, ModerationAction.complaint_id == cid) == 1
            assert _count(ComplaintEvent, ComplaintEvent.complaint_id == cid) == 2
        assert sum(db.session.scalars(select(ModerationWaitBucket.count))) == len(ids)


# --- near-duplicates into "ik ook" ------------------------------------------------------------

def _group_of(complaint: Complaint) -> DuplicateGroup:
    return db.session.get(DuplicateGroup, risk(complaint).group_id)


def test_merge_publishes_the_lead_and_turns_the_others_into_ik_ook(ctx, mailbox, mod, company):
    anna, bert = account("anna@example.nl"), account("bert@example.nl")
    lead = submit(anna, template("Sanne"), title="Monteur kwam niet")
    others = submit(bert, template("Pieter"), title="Monteur kwam niet")
    own = submit(anna, template("Sanne", "5 maart"), title="Monteur kwam nog steeds niet")
    unrelated = submit(bert, seed=400)
    group = _group_of(lead)
    assert risk(others).group_id == risk(own).group_id == group.id

    outcome = services.merge_into(mod, group, lead, ground="rule:1")

    assert outcome.merged == [others.id, own.id] and outcome.already == []
    db.session.expire_all()
    assert reload(Complaint, lead).status == Status.OPEN
    assert reload(Complaint, others).status == Status.REJECTED
    assert reload(Complaint, own).status == Status.REJECTED
    assert reload(Complaint, unrelated).status == Status.PENDING
    supports = db.session.execute(select(Support.complaint_id, Support.user_id)).all()
    assert supports == [(lead.id, bert.id)]  # the lead's own author gets no "ik ook"
    assert reload(Complaint, lead).supporters_count == 1
    lead_link = f"/complaints/{lead.id}"
    assert lead_link in reload(Complaint, others).rejection_reason
    statement = mailbox.last_to(bert.email).get_content()
    assert lead_link in statement and "Huisregel 1" in statement
    assert lead_link in mailbox.last_to(anna.email).get_content()
    log = db.session.execute(select(ModerationAction.complaint_id, ModerationAction.action)
                             .order_by(ModerationAction.id)).all()
    assert log == [(lead.id, ModAction.APPROVE), (others.id, ModAction.REJECT),
                   (own.id, ModAction.REJECT)]
    assert sum(db.session.scalars(select(ModerationWaitBucket.count))) == 3


def test_merge_refuses_a_lead_outside_the_group(ctx, mod, company):
    anna, bert = account("anna@example.nl"), account("bert@example.nl")
    first = submit(anna, template("Sanne"), title="Monteur kwam niet")
    submit(bert, template("Pieter"), title="Monteur kwam niet")
    stranger = submit(bert, seed=401)
    with pytest.raises(DomainError):
        services.merge_into(mod, _group_of(first), stranger, ground="rule:1")
    assert reload(Complaint, stranger).status == Status.PENDING


def test_merge_reports_what_another_moderator_handled_meanwhile(app, ctx, mod, company):
    """The moderator's page listed the group (loaded in this session); another moderator
    rejects one of its stories before the merge: it is reported back, not merged."""
    anna, bert, carla = (account(f"{n}@example.nl") for n in ("anna", "bert", "carla"))
    lead = make_complaint(anna, company, status=Status.OPEN, title="Monteur kwam niet",
                          body=template("Sanne"))
    taken = submit(bert, template("Pieter"), title="Monteur kwam niet")
    merged = submit(carla, template("Fatima"), title="Monteur kwam niet")
    group = _group_of(taken)
    assert risk(lead).group_id == group.id
    shown = services.group_members(group)  # what the moderator's page showed
    assert [c.status for c in shown] == [Status.OPEN, Status.PENDING, Status.PENDING]
    with app.app_context(), app.test_request_context():  # another session
        other_mod = make_user("mod-b@example.nl", role="moderator")
        moderation.reject_complaint(db.session.get(User, other_mod.id),
                                    db.session.get(Complaint, taken.id), "spam", "",
                                    ground="rule:1")
    outcome = services.merge_into(mod, group, lead, ground="rule:1",
                                  shown=[(c.id, c.version_id) for c in shown])
    assert outcome.merged == [merged.id]
    assert outcome.already == [taken.id]
    assert _count(Support) == 1
    # The lead was public already: not approved again.
    assert _count(ModerationAction, ModerationAction.complaint_id == lead.id) == 0
    assert reload(Complaint, taken).rejection_reason.startswith("Het is spam")


def test_merge_reports_a_story_another_moderator_handled_before_the_lead_was_published(
        app, ctx, mod, company):
    """What the page showed (id and version) is what is merged; a story handled since is
    reported, one that arrived since stays waiting."""
    anna, bert, carla, dirk = (account(f"{n}@example.nl") for n in ("anna", "bert", "carla",
                                                                      "dirk"))
    lead = submit(anna, template("Sanne"), title="Monteur kwam niet")
    taken = submit(bert, template("Pieter"), title="Monteur kwam niet")
    merged = submit(carla, template("Fatima"), title="Monteur kwam niet")
    group = _group_of(lead)
    shown = [(m.id, m.version_id) for m in services.group_members(group)]
    later = submit(dirk, template("Ruud"), title="Monteur kwam niet")
    assert _group_of(later).id == group.id
    with app.app_context(), app.test_request_context():  # another session
        other_mod = make_user("mod-b@example.nl", role="moderator")
        moderation.reject_complaint(db.session.get(User, other_mod.id),
                                    db.session.get(Complaint, taken.id), "spam", "",
                                    ground="rule:1")
    outcome = services.merge_into(mod, group, lead, ground="rule:1", shown=shown)
    assert outcome.merged == [merged.id]
    assert outcome.already == [taken.id]
    assert reload(Complaint, later).status == Status.PENDING


# --- holding a group as a suspected campaign ---------------------------------------------------

def test_hold_group_raises_the_waiting_stories_and_later_ones(ctx, mod, company):
    authors = [account(f"oud{i}@example.nl") for i in range(3)]
    first = submit(authors[0], template("Sanne"), title="Monteur kwam niet")
    second = submit(authors[1], template("Pieter"), title="Monteur kwam niet")
    unrelated = submit(authors[1], seed=500)
    group = _group_of(first)
    assert level(first) == RiskLevel.LOW and level(second) == RiskLevel.NORMAL

    assert services.hold_group(mod, group, "  zelfde   tekst, nieuwe accounts ") == 2

    for complaint in (first, second):
        assert found(complaint, "held_campaign") == {"code": "held_campaign"}
        assert level(complaint) == RiskLevel.HIGH
    assert level(unrelated) == RiskLevel.LOW
    group = db.session.get(DuplicateGroup, group.id)
    assert group.held_at is not None and group.held_by_id == mod.id
    assert group.held_note == "zelfde tekst, nieuwe accounts"
    rows = db.session.scalars(select(ModerationAction).where(
        ModerationAction.action == ModAction.HOLD_CAMPAIGN)).all()
    assert sorted(r.complaint_id for r in rows) == [first.id, second.id]
    assert {(r.public, r.private_note) for r in rows} == {(False, group.held_note)}
    assert _count(ModerationMonthlyCount,
                  ModerationMonthlyCount.action == ModAction.HOLD_CAMPAIGN) == 0

    later = submit(authors[2], template("Fatima"), title="Monteur kwam niet")
    assert risk(later).group_id == group.id
    assert found(later, "held_campaign") == {"code": "held_campaign"}
    assert level(later) == RiskLevel.HIGH

    with pytest.raises(AlreadyHandled):
        services.hold_group(mod, group)
    assert _count(ModerationAction, ModerationAction.action == ModAction.HOLD_CAMPAIGN) == 2


# --- the waiting times ----------------------------------------------------------------------

MARCH = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 14, 11, 0, tzinfo=UTC)


def _decide(complaints: list[Complaint], minutes: list[float], at: datetime) -> None:
    """Each complaint decided at `at` after waiting its minutes, counted as the services do."""
    for complaint, wait in zip(complaints, minutes, strict=True):
        complaint.queued_at = at - timedelta(minutes=wait)
        complaint.decided_at = at
        waits.record(complaint)
    db.session.commit()


def _exact(minutes: list[float]) -> tuple[float, float]:
    """The exact median and 90th percentile (for 21 or 11 values: an observed value each)."""
    cuts = statistics.quantiles(minutes, n=10, method="inclusive")
    return cuts[4], cuts[8]


def _close(got: int | None, exact: float) -> bool:
    return got is not None and abs(got - exact) <= 0.04 * exact + 1


def test_monthly_waits_agree_with_the_exact_figures(ctx, old, company):
    rng = random.Random(18)
    march = [round(rng.lognormvariate(4, 1.5), 2) for _ in range(21)]
    april = [10, 20, 30.5]
    stories = [submit(old, seed=600 + i) for i in range(len(march) + len(april) + 2)]
    _decide(stories[:21], march, MARCH)
    _decide(stories[21:24], april, APRIL)

    figures = waits.monthly()
    assert set(figures) == {"2026-03", "2026-04"}
    median, p90 = _exact(march)
    assert figures["2026-03"]["decisions"] == 21
    assert _close(figures["2026-03"]["median"], median), (figures, median)
    assert _close(figures["2026-03"]["p90"], p90), (figures, p90)
    assert _close(figures["2026-04"]["median"], 20)
    assert set(waits.monthly("2026-04")) == {"2026-04"}

    # April has too few decisions: the typical wait is March's, until April has enough.
    march = waits.rounded(figures["2026-03"]["median"])  # rounded as authors are told it
    assert waits.typical_wait_minutes(APRIL + timedelta(days=1)) == march
    assert waits.typical_wait_minutes(MARCH - timedelta(days=30)) is None
    _decide(stories[24:], [40, 50], APRIL)
    assert waits.typical_wait_minutes(APRIL + timedelta(days=1)) == waits.rounded(
        waits.monthly()["2026-04"]["median"])
    assert _close(waits.typical_wait_minutes(APRIL + timedelta(days=1)), 30.5)
    assert waits.typical_wait_minutes(MARCH + timedelta(days=1)) == march

    incremental = waits.histograms()
    assert waits.rebuild() == 26
    db.session.commit()
    assert waits.histograms() == incremental


def test_a_wait_falls_in_its_bin():
    for minutes in (0, 0.5, 1, 7, 59.9, 60, 1440, 10_000):
        low, high = waits.bin_bounds(waits.wait_bin(minutes))
        assert low <= minutes < high
        assert high - low <= 0.04 * (minutes + 1) + 1e-9
    assert waits.wait_bin(-5) == 0
    assert waits.percentile({}, 0.5) is None


def test_a_moderators_decision_records_its_wait(ctx, old, mod, company):
    complaint = submit(old, seed=700)
    complaint.queued_at = utcnow() - timedelta(minutes=90)
    db.session.commit()
    moderation.approve_complaint(mod, complaint)
    (_month, figures), = waits.monthly().items()
    assert figures["decisions"] == 1 and _close(figures["median"], 90)
