"""Search: reading what was typed, the index following every change of a complaint, filters,
Dutch word forms, companies, snippets, and the /search page. Runs on SQLite (FTS5) and, with
TEST_DATABASE_URL, on PostgreSQL (tsvector and GIN)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from markupsafe import Markup
from sqlalchemy import select, text, update

from complaints.accounts import privacy
from complaints.cases import services as cases
from complaints.cases.models import Category, Complaint
from complaints.cases.workflow import Status
from complaints.companies.models import Company, Sector
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.search import engines, queries
from complaints.search.engines import Filters, engine
from complaints.search.parser import MAX_CHARS, MAX_TERMS, parse
from complaints.search.snippets import Highlighter
from complaints.threads import services as threads
from tests.builders import PASSWORD, make_company, make_complaint, make_user, reload

# --- what was typed -------------------------------------------------------------------------


def test_words_phrases_and_exclusions_are_read_like_web_search():
    query = parse('storing  "dubbel afgeschreven" -boete')
    assert [(t.words, t.exclude) for t in query.terms] == [
        (("storing",), False), (("dubbel", "afgeschreven"), False), (("boete",), True)]
    assert query.websearch() == 'storing "dubbel afgeschreven" -boete'


def test_punctuation_only_or_exclusions_only_is_nothing_to_search_for():
    for typed in ("", "   ", "!!! ... ???", "-", '""', "-spam", "<>&;"):
        assert parse(typed).is_empty, typed


def test_accents_and_case_are_folded_and_hyphenated_words_are_phrases():
    query = parse("Geïrriteerd OV-chipkaart")
    assert [t.words for t in query.terms] == [("geirriteerd",), ("ov", "chipkaart")]
    assert query.terms[0].typed == ("geïrriteerd",)  # PostgreSQL's parser sees the accent


def test_common_dutch_words_are_left_out_unless_nothing_else_remains():
    assert [t.text for t in parse("de monteur is niet gekomen").terms] == ["monteur", "gekomen"]
    assert [t.text for t in parse("de het").terms] == ["de", "het"]
    assert [t.text for t in parse('"niet thuis"').terms] == ["niet thuis"]


def test_very_long_input_is_shortened_and_says_so():
    query = parse("woord " * 100)
    assert len(query.typed) <= MAX_CHARS and query.shortened
    many = parse(" ".join(f"woord{n}" for n in range(20)))
    assert len(many.terms) == MAX_TERMS and many.shortened


# --- snippets -------------------------------------------------------------------------------

def test_snippet_escapes_the_text_before_marking_the_words():
    highlighter = Highlighter(parse("monteur"))
    html = highlighter.highlight('<script>alert("x")</script> De monteur & <b>ik</b>')
    assert isinstance(html, Markup)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>monteur</mark>" in html and "<b>" not in html


def test_snippet_marks_other_forms_of_a_word_and_cuts_around_the_first_match():
    text_ = " ".join(["vulwoord"] * 60 + ["Drie", "storingen", "achter", "elkaar"] + ["eind"] * 60)
    snippet = Highlighter(parse("storing")).snippet(text_)
    assert "<mark>storingen</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet.striptags().split()) < 45


def test_snippet_of_a_text_without_a_match_is_its_start():
    assert Highlighter(parse("zzz")).snippet("Kort verhaal.") == "Kort verhaal."


# --- the index follows every change -------------------------------------------------------------

def _found(typed: str, **filters) -> list[int]:
    db.session.rollback()
    return engine().complaints(parse(typed), Filters(**filters), "relevance").ids


def _titled(consumer, company, title: str, status=Status.OPEN, **changes) -> Complaint:
    return make_complaint(consumer, company, status=status, title=title, **changes)


def test_only_published_complaints_are_found(ctx, consumer, moderator, company):
    shown = {status: _titled(consumer, company, f"Tulpenbol {status}", status=status).id
             for status in Status}
    found = set(_found("tulpenbol"))
    assert found == {shown[Status.OPEN], shown[Status.ANSWERED], shown[Status.RESOLVED]}


def test_publishing_withdrawing_and_removing_move_the_index_at_once(ctx, consumer, moderator,
                                                                  company):
    complaint = _titled(consumer, company, "Klokhuis kwijt", status=Status.PENDING)
    assert _found("klokhuis") == []
    moderation.approve_complaint(reload(type(moderator), moderator), reload(Complaint, complaint))
    assert _found("klokhuis") == [complaint.id]
    moderation.remove_complaint(reload(type(moderator), moderator), reload(Complaint, complaint),
                                "Op verzoek", ground="rule:4")
    assert _found("klokhuis") == []
    other = _titled(consumer, company, "Klokhuis weer kwijt")
    cases.withdraw_complaint(reload(type(consumer), consumer), reload(Complaint, other))
    assert _found("klokhuis") == []


def test_moderator_redaction_is_what_is_indexed(ctx, consumer, moderator, company):
    complaint = _titled(consumer, company, "Verhaal over Jansen",
                        body="Meneer Pietersma van de klantenservice hing op.")
    assert _found("pietersma") == [complaint.id]
    moderation.edit_complaint(reload(type(moderator), moderator), reload(Complaint, complaint),
                              title="Verhaal over de klantenservice",
                              body="Een medewerker van de klantenservice hing op.",
                              desired_outcome="", ground="rule:2")
    assert _found("pietersma") == [] and _found("jansen") == []
    assert _found("medewerker") == [complaint.id]


def test_deleted_account_that_removes_its_complaints_leaves_nothing_to_find(ctx, company):
    author = make_user("weg@example.nl", display_name="Weg Gaand")
    make_user("mod2@example.nl", role="moderator")
    _titled(author, company, "Waterkoker ontploft")
    assert len(_found("waterkoker")) == 1
    privacy.delete_account(reload(type(author), author), PASSWORD, keep_complaints=False)
    assert _found("waterkoker") == []


def test_private_messages_and_replies_are_not_searched(ctx, consumer, company):
    complaint = _titled(consumer, company, "Gewone klacht")
    threads.send_private_message(reload(type(consumer), consumer), reload(Complaint, complaint),
                                 "Mijn klantnummer staat bij zeldzaamwoord")
    threads.post_reply(reload(type(consumer), consumer), reload(Complaint, complaint),
                       "Aanvulling: anderwoordje")
    assert _found("zeldzaamwoord") == [] and _found("anderwoordje") == []


def test_merging_a_company_moves_its_complaints_in_the_filters(ctx, consumer, moderator,
                                                              company):
    other = make_company("Belnet Oud", sector="telecom")
    complaint = _titled(consumer, other, "Fietsbel kapot")
    db.session.execute(update(Company).where(Company.id == other.id).values(status="proposed"))
    db.session.commit()
    moderation.merge_company(reload(type(moderator), moderator), reload(Company, other),
                             "Belnet Mobiel")
    assert _found("fietsbel", company_id=company.id) == [complaint.id]
    assert _found("fietsbel", company_id=other.id) == []


def test_changing_a_companys_sector_moves_its_complaints_in_the_sector_filter(ctx, consumer,
                                                                             company):
    complaint = _titled(consumer, company, "Zonnescherm defect")
    energy = db.session.scalar(select(Sector).where(Sector.slug == "energy"))
    telecom = db.session.scalar(select(Sector).where(Sector.slug == "telecom"))
    assert _found("zonnescherm", sector_id=telecom.id) == [complaint.id]
    db.session.execute(update(Company).where(Company.id == company.id)
                       .values(sector_id=energy.id))
    db.session.commit()
    assert _found("zonnescherm", sector_id=energy.id) == [complaint.id]
    assert _found("zonnescherm", sector_id=telecom.id) == []
    engine().check()


def test_the_sqlite_index_passes_its_integrity_check_after_every_kind_of_change(
        ctx, consumer, moderator, company):
    complaint = _titled(consumer, company, "Eerste versie")
    moderation.edit_complaint(reload(type(moderator), moderator), reload(Complaint, complaint),
                              title="Tweede versie", body="Nieuwe tekst.", desired_outcome="",
                              ground="rule:2")
    cases.withdraw_complaint(reload(type(consumer), consumer), reload(Complaint, complaint))
    _titled(consumer, company, "Derde", status=Status.RESOLVED)
    db.session.execute(text("DELETE FROM complaint_events"))
    engine().check()  # raises when the index and the rows disagree


# --- words, phrases, forms and filters -----------------------------------------------------------

def test_every_word_must_match_phrases_match_in_order_and_minus_leaves_out(ctx, consumer,
                                                                          company):
    both = _titled(consumer, company, "Monteur kwam niet", body="De router bleef stuk.")
    only = _titled(consumer, company, "Monteur te laat", body="Wel gekomen.")
    assert set(_found("monteur")) == {both.id, only.id}
    assert _found("monteur router") == [both.id]
    assert _found('"monteur kwam"') == [both.id]
    assert _found('"kwam monteur"') == []
    assert _found("monteur -router") == [only.id]


def test_other_dutch_forms_of_a_word_are_found(ctx, consumer, company):
    singular = _titled(consumer, company, "Een storing", body="Al dagen.")
    plural = _titled(consumer, company, "Steeds storingen", body="Elke avond.")
    engine().refresh_word_forms()
    assert set(_found("storing")) == {singular.id, plural.id}
    assert set(_found("storingen")) == {singular.id, plural.id}


def test_title_matches_rank_first_and_newest_first_is_a_choice(ctx, consumer, company):
    in_body = _titled(consumer, company, "Gedoe", body="Het gaat om de wasmachine.")
    in_title = _titled(consumer, company, "Wasmachine lekt", body="Water overal.", days_ago=3)
    assert _found("wasmachine") == [in_title.id, in_body.id]
    db.session.rollback()
    assert engine().complaints(parse("wasmachine"), Filters(), "newest").ids[0] == max(
        in_body.id, in_title.id)


def test_filters_narrow_to_company_sector_category_status_and_period(ctx, consumer, company):
    energy = make_company("Stroomlijn Energie", sector="energy")
    telecom = _titled(consumer, company, "Paraplu zoek", category="billing")
    power = _titled(consumer, energy, "Paraplu weg", status=Status.RESOLVED, category="delivery")
    old = _titled(consumer, energy, "Paraplu oud", days_ago=60)
    row = db.session.get(Complaint, old.id)
    row.published_at -= timedelta(days=60)
    row.published_on -= timedelta(days=60)
    db.session.commit()
    sectors = {s.slug: s.id for s in db.session.scalars(select(Sector))}
    billing = db.session.scalar(select(Category.id).where(Category.slug == "billing"))
    assert set(_found("paraplu")) == {telecom.id, power.id, old.id}
    assert _found("paraplu", company_id=company.id) == [telecom.id]
    assert set(_found("paraplu", sector_id=sectors["energy"])) == {power.id, old.id}
    assert _found("paraplu", category_id=billing) == [telecom.id]
    assert _found("paraplu", status="resolved") == [power.id]
    from complaints.clock import today
    assert set(_found("paraplu", since=today() - timedelta(days=29))) == {telecom.id, power.id}


def test_more_matches_than_are_ranked_says_so(ctx, consumer, company, monkeypatch):
    monkeypatch.setattr(engines, "CANDIDATES", 3)
    made = [_titled(consumer, company, f"Kapstok {n}").id for n in range(5)]
    db.session.rollback()
    ranked = engine().complaints(parse("kapstok"), Filters(), "newest")
    assert ranked.capped and ranked.ids == sorted(made, reverse=True)[:3]


# --- companies ------------------------------------------------------------------------------

def test_a_companys_name_or_a_categorys_finds_complaints_that_do_not_say_it(ctx, consumer,
                                                                           company):
    """The issue: "zendgolf" found 4 complaints of a company that has 9, because only the
    text was searched."""
    from complaints.search.queries import search

    other = make_company("Glaslijn Internet", domains=["glaslijn.nl"])
    about = [_titled(consumer, company, f"Drie weken zonder internet {n}",
                     body="De monteur kwam niet opdagen.") for n in range(3)]
    says_it = _titled(consumer, company, "Belnet rekent te veel", body="Factuur te hoog.")
    elsewhere = _titled(consumer, other, "Belnet-achtige storing", body="Niets met Belnet.",
                        category="billing")
    results = search(parse("belnet"), Filters())
    found = {hit.complaint.id for hit in results.page.items}
    assert found == {c.id for c in [*about, says_it, elsewhere]}
    assert results.companies[0].name == "Belnet Mobiel"  # the company first
    # A category by its name (Dutch or English): billing holds "Facturen en incasso".
    billing = {hit.complaint.id for hit in search(parse("incasso"), Filters()).page.items}
    assert elsewhere.id in billing and not billing & {c.id for c in about}
    # Exclusions still leave out (and then no name widens the search).
    minus = {hit.complaint.id for hit in search(parse("belnet -achtige"), Filters()).page.items}
    assert elsewhere.id not in minus and says_it.id in minus


def test_company_names_are_found_by_the_start_of_their_words(ctx, company):
    make_company("Groene Stroom", sector="energy")
    make_company("Stroomdeal", sector="energy")
    assert [c.name for c in queries.suggest_companies("belnet mob")] == ["Belnet Mobiel"]
    names = [c.name for c in queries.suggest_companies("stroo")]
    assert names[0] == "Stroomdeal" and "Groene Stroom" in names
    assert queries.suggest_companies("%") == [] and queries.suggest_companies("_") == []


def test_proposed_and_merged_companies_are_not_found(ctx, consumer, company):
    from complaints.companies.services import propose_company

    propose_company("Nieuwbedrijf Voorbeeld", "telecom", None, reload(type(consumer),
                                                                       consumer).id)
    db.session.commit()
    assert queries.suggest_companies("nieuwbedrijf") == []


# --- the page ---------------------------------------------------------------------------------

def test_search_page_shows_highlighted_results_with_user_html_escaped(app, client, consumer,
                                                                     company):
    with app.test_request_context():
        _titled(consumer, company, "<b>Vet</b> glasvezel", body="<script>x()</script> Glasvezel "
                "ligt er al maanden niet.")
    page = client.get("/search?q=glasvezel").get_data(as_text=True)
    assert "<mark>glasvezel</mark>" in page.lower()
    assert "<script>x()" not in page and "<b>Vet</b>" not in page
    assert "&lt;b&gt;Vet&lt;/b&gt;" in page
    assert "1 klacht gevonden" in page or "1 complaint matches" in page


def test_search_results_are_complaint_cards_with_the_companys_score(app, client, consumer,
                                                                    company):
    with app.test_request_context():
        hit = _titled(consumer, company, "Glasvezel nooit aangesloten", days_ago=3,
                      contacts_before=2, body="De monteur voor de glasvezel kwam niet. " * 10)
        hit.supporters_count = 7
        db.session.commit()
    page = client.get("/search?q=glasvezel").get_data(as_text=True)
    card = page.split('<article class="card complaint-card">', 1)[1].split("</article>", 1)[0]
    assert "<mark>Glasvezel</mark> nooit aangesloten" in card
    assert 'class="complaint-card__excerpt">De monteur voor de <mark>glasvezel</mark>' in card
    assert 'href="/companies/belnet-mobiel"' in card and "te weinig gegevens" in card
    assert "Nog geen reactie, 3 dagen" in card and "7× ik ook" in card
    assert "2 keer contact gezocht vóór deze klacht" in card


def test_search_page_lists_companies_that_match(client, company):
    page = client.get("/search?q=belnet").get_data(as_text=True)
    assert 'href="/companies/belnet-mobiel"' in page


@pytest.mark.parametrize("query", ["", "?q=", "?q=%21%21%21", "?q=-spam"])
def test_empty_or_punctuation_only_search_explains_what_to_type(client, query):
    response = client.get(f"/search{query}")
    assert response.status_code == 200
    assert "search-count" not in response.get_data(as_text=True)


def test_no_results_page_offers_ways_on(client, company):
    page = client.get("/search?q=onvindbaarwoord").get_data(as_text=True)
    assert "onvindbaarwoord" in page and "/companies" in page and "/complaints/new" in page


def test_long_search_is_shortened_with_a_notice_and_absurd_input_is_refused(client):
    long = client.get("/search?q=" + "woord+" * 60)
    assert long.status_code == 200
    assert client.get("/search?q=" + "x" * 5000).status_code == 400


@pytest.mark.parametrize("args", ["company=bestaat-niet", "sector=ruimtevaart",
                                  "category=x", "status=pending", "window=5y",
                                  # found by the hostile-input sweep: a 500 on PostgreSQL
                                  "company=%00", "company=a%00b", "company=%1b%5b0m"])
def test_unknown_filter_values_are_a_clear_400(client, args):
    response = client.get(f"/search?q=storing&{args}")
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)


def test_company_filter_takes_a_name_or_a_slug(client, company):
    assert client.get("/search?q=storing&company=belnet-mobiel").status_code == 200
    assert client.get("/search?q=storing&company=Belnet+Mobiel").status_code == 200


def test_page_beyond_the_results_is_404_and_a_bad_page_number_too(client, app, consumer,
                                                                   company):
    with app.test_request_context():
        _titled(consumer, company, "Kabelbreuk")
    assert client.get("/search?q=kabelbreuk&page=1").status_code == 200
    assert client.get("/search?q=kabelbreuk&page=abc").status_code == 404


def test_every_page_has_the_search_box_in_its_header(client, company):
    for url in ("/", "/complaints", "/companies", "/rankings", "/auth/login"):
        page = client.get(url).get_data(as_text=True)
        assert 'role="search"' in page and 'action="/search"' in page, url


def test_company_suggestions_on_the_complaint_form_use_the_search_index(client, app,
                                                                        company):
    with app.test_request_context():
        make_company("Belnet Glasvezel")
    assert client.get("/companies/suggest?q=belnet+gl").get_json() == ["Belnet Glasvezel"]


@pytest.mark.parametrize("tuning", [
    {"WALK": 2, "FEW": 0, "LONGEST_WALK": 10**6},  # walk, then walk further down
    {"WALK": 2, "FEW": 0, "LONGEST_WALK": 0},  # walk, then the index combined with the ids
    {"WALK": 2, "FEW": 10**6},  # walk, then the index alone for the few left
])
def test_every_way_of_reading_finds_the_same_newest_matches(ctx, consumer, company,
                                                           monkeypatch, tuning):
    """PostgreSQL reads the newest matches by walking the ids or through the GIN index, as
    the share of matches says; whichever way, the answer is the same (SQLite has one way)."""
    for name, value in tuning.items():
        monkeypatch.setattr(engines.PostgresSearch, name, value)
    monkeypatch.setattr(engines, "CANDIDATES", 4)
    made = []
    for n in range(12):
        complaint = _titled(consumer, company, f"Kapstok {n}" if n % 2 else f"Deurmat {n}")
        made.append((complaint.id, n % 2 == 1))
    db.session.rollback()
    ranked = engine().complaints(parse("kapstok"), Filters(), "newest")
    expected = sorted((i for i, match in made if match), reverse=True)
    assert ranked.ids == expected[:4] and ranked.capped
    assert engine().complaints(parse("kapstok"), Filters(company_id=company.id),
                               "newest").ids == expected[:4]


def test_a_slug_with_nul_is_a_plain_404(client):
    assert client.get("/companies/a%00b").status_code == 404
    assert client.get("/companies/a%00b/feed.atom").status_code == 404
