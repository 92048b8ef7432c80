"""The moderators' triage pages through the test client: the lanes with their counts and
reasons, a page of low-risk stories published in one action, the reject page, near-duplicate
groups turned into "ik ook" or held, the word list, and the waiting time on /transparency.

The services' rules (each signal, the levels, the race) are in tests/test_triage.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.moderation.models import ModAction, ModerationAction
from complaints.threads.models import Support
from complaints.triage.models import ComplaintRisk, RiskWord
from tests.builders import make_complaint, make_user, post_form, reload

# Stories that share no three words in a row with each other: no near-duplicates among them.
STORIES = [
    "De router valt elke avond uit rond acht uur. De helpdesk zegt dat het aan mijn kabel "
    "ligt, maar de monteur heeft die vorige maand zelf vervangen.",
    "Mijn pakket staat al twee weken als bezorgd in de app, terwijl er niets kwam. De "
    "chatbot stuurt me steeds naar dezelfde pagina met veelgestelde vragen.",
    "Na het opzeggen van mijn abonnement werd er toch drie maanden geïncasseerd. Per brief "
    "beloofden ze een creditnota, die nooit is gekomen.",
    "De energierekening verdubbelde zonder uitleg. Bij elk telefoontje kreeg ik een andere "
    "medewerker die het dossier niet kende en me terug zou bellen.",
    "Mijn vlucht werd geannuleerd en de koffer bleef in Madrid. Het formulier voor de "
    "vergoeding geeft bij het versturen steeds een foutmelding.",
]
TITLES = ["Router valt elke avond uit", "Pakket nooit bezorgd", "Incasso na opzegging",
          "Energierekening verdubbeld", "Koffer kwijt na annulering"]


def _story(app, author, company, n: int, *, hours_ago: int = 0, **changes) -> int:
    with app.test_request_context():
        complaint = make_complaint(author, company, title=TITLES[n], body=STORIES[n],
                                   **changes)
        if hours_ago:
            complaint.queued_at = complaint.submitted_at = utcnow() - timedelta(hours=hours_ago)
            db.session.commit()
        return complaint.id


def _old_account(app, email: str):
    """An account made a month ago (a story of it alone is low risk)."""
    with app.test_request_context():
        user = db.session.get(User, make_user(email).id)
        user.created_at = utcnow() - timedelta(days=30)
        db.session.commit()
        return reload(User, user)


def _level(app, complaint_id: int) -> str | None:
    with app.app_context():
        return db.session.get(Complaint, complaint_id).risk_level


def _status(app, complaint_id: int) -> str:
    with app.app_context():
        return db.session.get(Complaint, complaint_id).status


def _version(app, complaint_id: int) -> int:
    with app.app_context():
        return db.session.get(Complaint, complaint_id).version_id


@pytest.fixture
def lanes(app, company):
    """A low-risk story (an old account), a normal one (a link), a high one (an accusation),
    by three people; the high one has waited longest."""
    low = _story(app, _old_account(app, "laag@example.nl"), company, 0, hours_ago=2)
    normal = _story(app, _old_account(app, "normaal@example.nl"), company, 1, hours_ago=3,
                    desired_outcome="Zie https://voorbeeld-forum.example/draad/12")
    high = _story(app, _old_account(app, "hoog@example.nl"), company, 2, hours_ago=5,
                  desired_outcome="Het zijn gewoon oplichters.")
    return {"low": low, "normal": normal, "high": high}


def test_the_lanes_have_counts_and_the_longest_waiting_lane_opens(app, client, login, moderator,
                                                                 lanes):
    assert [_level(app, lanes[k]) for k in ("low", "normal", "high")] == ["low", "normal",
                                                                          "high"]
    login(moderator)
    page = client.get("/moderation").get_data(as_text=True)
    nav = page[page.index('aria-label="Banen naar risico"'):]
    nav = nav[:nav.index("</nav>")]
    assert re.findall(r'<span class="count">(\d+)</span>', nav) == ["1", "1", "1", "0"]
    assert 'lane--high" aria-current="page"' in nav  # the high-risk story waited longest
    assert TITLES[2] in page and TITLES[0] not in page
    assert "Mogelijk lasterlijke taal: oplichters." in page
    normal = client.get("/moderation?lane=normal").get_data(as_text=True)
    assert "1 link naar een andere site: voorbeeld-forum.example." in normal
    assert client.get("/moderation?lane=urgent").status_code == 404


def test_a_page_of_low_risk_stories_is_published_in_one_action(app, client, login, moderator,
                                                              company, mailbox):
    ids = [_story(app, _old_account(app, f"schrijver{n}@example.nl"), company, n,
                  hours_ago=5 - n) for n in range(4)]
    assert {_level(app, i) for i in ids} == {"low"}
    login(moderator)
    page = client.get("/moderation?lane=low").get_data(as_text=True)
    for complaint_id, title, story in zip(ids, TITLES, STORIES, strict=False):
        assert f'value="{complaint_id}:{_version(app, complaint_id)}"' in page
        assert title in page and story[:40] in page  # the whole story, not a summary
    assert "data-keyboard-help" in page and "queue-keys.js" in page
    stale = f"{ids[3]}:{_version(app, ids[3]) - 1}"  # as if shown before a change
    response = post_form(client, "/moderation/batch-approve", {
        "items": [f"{i}:{_version(app, i)}" for i in ids[:3]] + [stale]})
    assert response.status_code == 303 and response.location.endswith("/moderation?lane=low")
    assert [_status(app, i) for i in ids] == [Status.OPEN] * 3 + [Status.PENDING]
    shown = client.get(response.location).get_data(as_text=True)
    assert "3 verhalen zijn gepubliceerd" in shown
    assert "1 verhaal is sinds deze pagina werd getoond" in shown and f"#{ids[3]}" in shown
    with app.app_context():
        logged = db.session.scalars(select(ModerationAction.complaint_id).where(
            ModerationAction.action == ModAction.APPROVE)).all()
        assert sorted(logged) == sorted(ids[:3])
    for n in range(3):
        assert mailbox.to(f"schrijver{n}@example.nl")


@pytest.mark.parametrize("items", [[], ["12"], ["x:1"], ["1:1; DROP TABLE complaints"],
                                   ["99999999999:1"], ["2147483648:1"]])
def test_a_malformed_batch_publishes_nothing(app, client, login, moderator, company, items):
    pending = _story(app, _old_account(app, "een@example.nl"), company, 0)
    login(moderator)
    response = post_form(client, "/moderation/batch-approve",
                         {"items": items} if items else {})
    assert response.status_code == 303
    assert _status(app, pending) == Status.PENDING
    page = client.get(response.location).get_data(as_text=True)
    assert ("Vink de verhalen aan" in page) or ("klopt niet" in page)


def test_a_batch_never_publishes_a_story_outside_the_low_lane(app, client, login, moderator,
                                                             lanes):
    login(moderator)
    post_form(client, "/moderation/batch-approve",
              {"items": [f"{lanes['high']}:{_version(app, lanes['high'])}"]})
    assert _status(app, lanes["high"]) == Status.PENDING


def test_the_reject_page_shows_the_story_and_refuses_it(app, client, login, moderator, lanes,
                                                       mailbox):
    login(moderator)
    url = f"/moderation/complaints/{lanes['low']}/reject"
    page = client.get(url).get_data(as_text=True)
    assert TITLES[0] in page and STORIES[0][:40] in page and "Kies een reden" in page
    response = post_form(client, url, {"reason": "spam", "note": "Reclame.", "ground": "rule:5"})
    assert response.status_code == 303 and response.location.endswith("lane=low")
    assert _status(app, lanes["low"]) == Status.REJECTED
    assert "Reclame." in mailbox.last_to("laag@example.nl").get_content()
    again = client.get(url).get_data(as_text=True)
    assert "Dit verhaal wacht niet meer" in again


@pytest.fixture
def group(app, company):
    """Three people with nearly the same story (a name and a date changed), accounts a month
    old, and one unrelated story."""
    ids = []
    for n, (name, day) in enumerate((("Jan", "3 maart"), ("Piet", "5 maart"),
                                     ("Klaas", "9 maart"))):
        author = _old_account(app, f"dubbel{n}@example.nl")
        body = (f"Op {day} belde ik, {name}, voor de derde keer over de storing in mijn "
                "glasvezelaansluiting. Niemand kwam opdagen, de afspraak stond niet in het "
                "systeem en de medewerker hing op toen ik om een leidinggevende vroeg.")
        with app.test_request_context():
            ids.append(make_complaint(author, company, title=f"Glasvezel storing {name}",
                                      body=body).id)
    with app.app_context():
        groups = {db.session.get(ComplaintRisk, i).group_id for i in ids}
    assert len(groups) == 1 and None not in groups
    return {"id": groups.pop(), "members": ids}


def test_near_duplicates_become_ik_ook_on_the_published_one(app, client, login, moderator,
                                                           group, mailbox):
    login(moderator)
    page = client.get("/moderation/groups").get_data(as_text=True)
    gid = group["id"]
    assert f'id="group-{gid}"' in page and "3 verhalen wachten" in page
    for title in ("Glasvezel storing Jan", "Glasvezel storing Piet", "Glasvezel storing Klaas"):
        assert title in page
    lead, *others = group["members"]
    response = post_form(client, f"/moderation/groups/{gid}/merge",
                         {f"g{gid}-lead": str(lead), f"g{gid}-ground": "rule:6",
                          f"g{gid}-shown": re.findall(rf'name="g{gid}-shown" value="([^"]+)"',
                                                      page)})
    assert response.status_code == 303
    assert _status(app, lead) == Status.OPEN
    assert [_status(app, i) for i in others] == [Status.REJECTED] * 2
    with app.app_context():
        assert db.session.get(Complaint, lead).supporters_count == 2
        supporters = set(db.session.scalars(select(Support.user_id).where(
            Support.complaint_id == lead)))
        assert supporters == {db.session.get(Complaint, i).author_id for i in others}
    for n in (1, 2):
        mail = mailbox.last_to(f"dubbel{n}@example.nl").get_content()
        assert "ik ook" in mail and f"/complaints/{lead}" in mail
    assert "2 andere verhalen zijn er een “ik ook” bij geworden" in client.get(
        "/moderation/groups").get_data(as_text=True)


@pytest.mark.parametrize("lead", ["99999999999", "-1", "abc", ""])
def test_a_merge_naming_no_story_changes_nothing(app, client, login, moderator, group, lead):
    login(moderator)
    gid = group["id"]
    response = post_form(client, f"/moderation/groups/{gid}/merge",
                         {f"g{gid}-lead": lead, f"g{gid}-ground": "rule:6",
                          f"g{gid}-shown": [f"{i}:{_version(app, i)}"
                                            for i in group["members"]]})
    assert response.status_code == 303
    assert {_status(app, i) for i in group["members"]} == {Status.PENDING}


def test_a_group_held_as_a_campaign_goes_to_the_high_lane(app, client, login, moderator, group):
    login(moderator)
    gid = group["id"]
    response = post_form(client, f"/moderation/groups/{gid}/hold",
                         {f"h{gid}-note": "Zelfde tekst, verschillende namen."})
    assert response.status_code == 303
    assert {_level(app, i) for i in group["members"]} == {"high"}
    high = client.get("/moderation?lane=high").get_data(as_text=True)
    assert "Met de groep vastgehouden als mogelijke campagne." in high
    assert "vastgehouden als mogelijke campagne" in client.get(
        "/moderation/groups").get_data(as_text=True)
    again = post_form(client, f"/moderation/groups/{gid}/hold", {})
    assert "zojuist vastgehouden" in client.get(again.location).get_data(as_text=True)
    public = app.test_client().get("/moderation-log").get_data(as_text=True)
    assert "campagne" not in public  # holding is for the moderators' log only


def test_moderators_keep_the_word_list(app, client, login, moderator, company):
    login(moderator)
    page = client.get("/moderation/words").get_data(as_text=True)
    assert "oplichter*" in page and "Mogelijk lasterlijk" in page
    response = post_form(client, "/moderation/words", {"term": "Afzetters", "language": "nl",
                                                       "severity": "defamatory"})
    assert response.status_code == 303
    assert post_form(client, "/moderation/words", {"term": "afzetters", "language": "nl",
                                                   "severity": "abusive"}).status_code == 422
    story = _story(app, _old_account(app, "afgezet@example.nl"), company, 3,
                   desired_outcome="Ze zijn afzetters.")
    assert _level(app, story) == "high"
    with app.app_context():
        word = db.session.scalar(select(RiskWord).where(RiskWord.term == "afzetters"))
        assert word.added_by_id == moderator.id
    assert post_form(client, f"/moderation/words/{word.id}/remove", {}).status_code == 303
    assert "afzetters" not in client.get("/moderation/words").get_data(as_text=True)


def test_transparency_shows_the_waiting_time_and_the_author_is_told_it(app, client, login,
                                                                      moderator, company):
    ids = [_story(app, _old_account(app, f"w{n}@example.nl"), company, n, hours_ago=n + 1)
           for n in range(5)]
    login(moderator)
    post_form(client, "/moderation/batch-approve",
              {"items": [f"{i}:{_version(app, i)}" for i in ids]})
    page = app.test_client().get("/transparency").get_data(as_text=True)
    section = page[page.index('id="waiting"'):]
    section = section[:section.index("</section>")]
    assert "Wachten op een moderator" in section and "Mediane wachttijd" in section
    assert "3 u" in section  # waits of 1 to 5 hours: the median is 3 hours


def test_erasing_a_story_forgets_what_triage_derived_from_it(app, client, login, company,
                                                            group):
    from complaints.accounts import privacy
    from complaints.triage.models import NearDuplicateKey
    from tests.builders import PASSWORD

    erased = group["members"][0]
    with app.test_request_context():
        author = db.session.get(Complaint, erased).author
        privacy.delete_account(author, PASSWORD, keep_complaints=False)
        risk = db.session.get(ComplaintRisk, erased)
        assert (risk.signals, risk.signature, risk.group_id) == ([], b"", None)
        assert db.session.scalars(select(NearDuplicateKey).where(
            NearDuplicateKey.complaint_id == erased)).all() == []
        assert db.session.get(ComplaintRisk, group["members"][1]).group_id == group["id"]


def test_jobs_forget_keys_older_than_the_window_and_rebuild_recounts_waits(app, runner,
                                                                          company, moderator):
    from complaints.moderation import services as moderation
    from complaints.triage import waits
    from complaints.triage.models import ModerationWaitBucket, NearDuplicateKey

    old = _story(app, _old_account(app, "oud@example.nl"), company, 0)
    new = _story(app, _old_account(app, "nieuw@example.nl"), company, 1)
    with app.test_request_context():
        db.session.execute(NearDuplicateKey.__table__.update().where(
            NearDuplicateKey.complaint_id == old).values(
            created_at=utcnow() - timedelta(days=31)))
        db.session.commit()
        moderation.approve_complaint(reload(User, moderator), db.session.get(Complaint, new))
        recorded = {(b.month, b.bin, b.count) for b in db.session.scalars(
            select(ModerationWaitBucket))}
        db.session.execute(ModerationWaitBucket.__table__.delete())
        db.session.commit()
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0 and "near-duplicate keys older than 30 days deleted 16" in (
        result.output)
    result = runner.invoke(args=["figures", "rebuild"])
    assert result.exit_code == 0 and "the waiting times of 1 moderation decisions" in (
        result.output)
    with app.app_context():
        kept = set(db.session.scalars(select(NearDuplicateKey.complaint_id)))
        assert kept == {new}
        assert {(b.month, b.bin, b.count) for b in db.session.scalars(
            select(ModerationWaitBucket))} == recorded
        assert waits.monthly()
