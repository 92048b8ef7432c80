"""Translations: every message is in Dutch, the catalogues are current, and `flask translate`
updates, checks and compiles them."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from complaints.i18n import TRANSLATIONS, catalogue_path, extract_messages, untranslated

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _write(path: Path, catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True)


def _strings(path: Path) -> dict:
    return {m.id: (m.string, m.fuzzy) for m in _read(path) if m.id}


def test_every_message_is_translated_into_dutch_and_none_is_fuzzy():
    assert untranslated("nl") == []
    assert untranslated("en") == []  # English is the source: only a fuzzy entry would count


def test_placeholders_survive_translation():
    for message in _read(catalogue_path("nl")):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= expected, message.id


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """Extracting again finds no message that the catalogues lack."""
    pot = tmp_path / "messages.pot"
    extract_messages(pot)
    wanted = {m.id for m in _read(pot) if m.id}
    assert wanted
    for locale in ("nl", "en"):
        missing = wanted - {m.id for m in _read(catalogue_path(locale)) if m.id}
        assert not missing, f"{locale} lacks {sorted(missing)[:5]} (run flask translate update)"


@pytest.fixture
def catalogues(app, tmp_path, monkeypatch) -> Path:
    """A copy of the catalogues, which the app (and so `flask translate`) now reads."""
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setitem(app.config, "BABEL_TRANSLATION_DIRECTORIES", str(folder))
    return folder


def test_translate_check_passes_on_complete_catalogues(runner, catalogues):
    result = runner.invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output
    assert result.output == "Every message is translated.\n"


def test_translate_check_lists_dutch_messages_left_empty_or_fuzzy(runner, catalogues):
    dutch = _read(catalogue_path("nl", catalogues))
    dutch["Search"].string = ""
    dutch["Companies"].flags.add("fuzzy")
    _write(catalogue_path("nl", catalogues), dutch)
    english = _read(catalogue_path("en", catalogues))
    english["Sign in"].string = ""  # the source language: an empty msgstr shows the msgid
    _write(catalogue_path("en", catalogues), english)

    result = runner.invoke(args=["translate", "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == ["nl: untranslated or fuzzy: 'Companies'",
                                              "nl: untranslated or fuzzy: 'Search'"]
    assert "en:" not in result.output


def test_translate_update_adds_new_messages_untranslated_and_keeps_the_rest(runner, catalogues):
    """A message new to the catalogues comes in with an empty msgstr; every translation and
    the English catalogue stay as they were; the template is the committed one."""
    dutch = _read(catalogue_path("nl", catalogues))
    del dutch["Search"]  # as if the code had just gained the message
    _write(catalogue_path("nl", catalogues), dutch)
    (catalogues / "messages.pot").unlink()
    kept = _strings(catalogue_path("nl"))

    result = runner.invoke(args=["translate", "update"])
    assert result.exit_code == 0, result.output
    assert "nl: untranslated or fuzzy: 'Search'" in result.output
    assert "en:" not in result.output
    for unchanged in (Path("messages.pot"), Path("en", "LC_MESSAGES", "messages.po")):
        assert (catalogues / unchanged).read_bytes() == (TRANSLATIONS / unchanged).read_bytes()
    assert _strings(catalogue_path("nl", catalogues)) == {**kept, "Search": ("", False)}
    assert untranslated("nl", catalogues) == ["Search"]


def test_translate_compile_makes_the_files_the_site_reads(runner, catalogues):
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    for locale, expected in (("nl", "Inloggen"), ("en", "Sign in")):
        with (catalogues / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
            translations = Translations(handle)
        assert translations.gettext("Sign in") == expected
        assert translations.ngettext("%(num)d complaint", "%(num)d complaints", 2) % {
            "num": 2} == {"nl": "2 klachten", "en": "2 complaints"}[locale]


# --- English pages read English ---------------------------------------------------------------

# Words that only Dutch uses. User content (complaint texts, company and people's names, the
# reasons moderators typed) is Dutch in the test data and is taken out of a page first.
DUTCH_WORDS = re.compile(
    r"\b(klacht|klachten|bedrijf|bedrijven|opgelost|ik ook|geen|niet|wordt|jouw|mijn|"
    r"reactie|reacties|bekijk|inloggen|aanmelden|zoeken|gepubliceerd|verwijderd|"
    r"beantwoord|openstaand|wachten|uur|dagen|maand|sinds|door|naar|bij|nog|ook|"
    r"het|een|reclame|januari|februari|maart|mei|juni|juli|augustus|oktober|mrt|okt)\b",
    re.IGNORECASE)


class _VisibleText(HTMLParser):
    """The text a visitor reads or hears: text outside scripts, and the attributes screen
    readers speak. Parts marked lang="nl" (the language switch's "Nederlands") are skipped."""

    SPOKEN = ("aria-label", "title", "alt", "placeholder", "value", "data-label")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style") or attrs.get("lang") == "nl":
            if tag not in ("input", "meta", "link", "img", "br"):
                self.skipping.append(tag)
            return
        if not self.skipping and tag not in ("meta", "link"):
            self.parts += [attrs[name] or "" for name in self.SPOKEN
                           if name in attrs and not (tag == "input" and name == "value"
                                                     and attrs.get("type") == "hidden")]

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _user_content() -> list[str]:
    """Texts people typed (in Dutch, in the test data), longest first."""
    from sqlalchemy import select

    from complaints.accounts.models import User
    from complaints.cases.models import Complaint, ComplaintEvent
    from complaints.companies.models import Company
    from complaints.evidence.models import Attachment
    from complaints.extensions import db
    from complaints.feeds.open_data import FIELDS
    from complaints.moderation.models import ModerationAction
    from complaints.outcomes.models import EscalationBody
    from complaints.threads.models import Reply
    from tests.builders import STORY

    texts = {STORY}
    for complaint in db.session.scalars(select(Complaint)):
        texts |= {complaint.title, complaint.desired_outcome or ""}
    texts |= set(db.session.scalars(select(Company.name)))
    texts |= set(db.session.scalars(select(User.display_name)))
    texts |= set(db.session.scalars(select(Reply.body_source)))
    texts |= set(db.session.scalars(select(ComplaintEvent.reason)))
    texts |= set(db.session.scalars(select(ModerationAction.private_note)))
    texts |= set(db.session.scalars(select(Attachment.alt_text)))
    texts |= {field.example for field in FIELDS}  # /open-data's example row is Dutch data
    for body in db.session.scalars(select(EscalationBody)):  # names, and the Dutch texts
        texts |= {body.name, body.description_nl, body.cost_nl, body.time_limit_nl}
    return sorted((t for t in texts if t), key=len, reverse=True)


def _dutch_left(html: str, user_content: list[str]) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    for content in user_content:
        text = text.replace(" ".join(content.split()), " ")
    return sorted({m.group(0) for m in DUTCH_WORDS.finditer(text)})


@pytest.mark.parametrize("role", ["anonymous", "moderator"])
def test_every_page_in_english_reads_english(app, role):
    from tests.builders import post_form
    from tests.test_access import ROUTES, _client_as, _fill, build_world

    world = build_world(app)
    with app.test_request_context():  # a refusal with a stock reason, for the public log
        from complaints.accounts.models import User
        from complaints.extensions import db
        from complaints.moderation import services as moderation
        from tests.builders import make_complaint

        refused = make_complaint(world["users"]["consumer"], None, title="Nog een klacht")
        moderation.reject_complaint(db.session.get(User, world["users"]["moderator"].id),
                                    refused, "spam", "Dit is reclame.", "Interne notitie.",
                                    ground="rule:1")
    client = _client_as(app, None, world, role)
    assert post_form(client, "/language", {"lang": "en"}).status_code in (302, 303)
    with app.app_context():
        user_content = _user_content()
    found = {}
    pages = [(endpoint, path) for endpoint, (path, expected) in sorted(ROUTES.items())
             if expected[role] == 200 and endpoint != "static"]
    pages += [("a published complaint", "/complaints/{published}"),
              ("a resolved complaint", "/complaints/{resolved}")]
    for endpoint, path in pages:
        response = client.get(_fill(path, world))
        if response.status_code != 200 or response.mimetype != "text/html":
            response.close()
            continue
        dutch = _dutch_left(response.get_data(as_text=True), user_content)
        if dutch:
            found[endpoint] = dutch
    assert found == {}, "Dutch words on English pages"


def test_no_english_message_is_written_in_dutch():
    """Messages are English (their Dutch lives in the Dutch catalogue): “ik ook” is "me too"."""
    dutch = [m.id for m in _read(catalogue_path("en"))
             if m.id and DUTCH_WORDS.search(m.id if isinstance(m.id, str) else " ".join(m.id))]
    assert dutch == []


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, day, moment", [
    ("nl", "14 nov 2026", "14 nov 2026, 21:02"),
    ("en", "14 Nov 2026", "14 Nov 2026, 21:02"),  # British, never "11/14/26"
])
def test_one_date_and_one_date_time_format_per_language(app, client, login, consumer, moderator,
                                                       company, lang, day, moment):
    from datetime import UTC, datetime

    from complaints.accounts.models import User
    from complaints.cases.workflow import Status
    from complaints.extensions import db
    from complaints.moderation.log import record
    from complaints.moderation.models import ModAction
    from tests.builders import make_complaint, post_form

    at = datetime(2026, 11, 14, 20, 2, tzinfo=UTC)  # 21:02 in Amsterdam
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        complaint.published_at = complaint.submitted_at = at
        record(ModAction.APPROVE, actor=db.session.get(User, moderator.id),
               complaint=complaint, now=at)
        db.session.commit()
    login(moderator)
    post_form(client, "/language", {"lang": lang})
    company_page = client.get(f"/companies/{company.slug}").get_data(as_text=True)
    assert f">{day}</time>" in company_page
    log = client.get("/moderation/log").get_data(as_text=True)
    assert f">{moment}</time>" in log
    public_log = client.get("/moderation-log").get_data(as_text=True)
    assert f">{day}</time>" in public_log


DATE_FORMATTING = re.compile(
    r"\|\s*(date|datetime)\s*\(|strftime|format_date|format_datetime|\.isoformat\(\)\s*\[")


def test_templates_format_dates_only_through_the_filters():
    """`|date` and `|datetime` take no format: one per language (complaints/dates.py)."""
    templates = Path(__file__).resolve().parent.parent / "templates"
    stray = [f"{path.relative_to(templates)}: {line.strip()}"
             for path in templates.rglob("*.*") if path.suffix in (".html", ".txt")
             for line in path.read_text(encoding="utf-8").splitlines()
             if DATE_FORMATTING.search(line)]
    assert stray == []


def test_welcome_back_has_one_full_stop_after_an_initial(app, client):
    """A name that ends in an initial ("Sanne T.") gets no second full stop."""
    from tests.builders import PASSWORD, make_user, post_form

    with app.test_request_context():
        make_user("sanne@example.nl", display_name="Sanne T.")
    page = post_form(client, "/auth/login", {"email": "sanne@example.nl", "password": PASSWORD},
                     follow_redirects=True).get_data(as_text=True)
    assert "Welkom terug, Sanne T." in page and "Sanne T.." not in page


def test_the_fast_catalogue_follows_the_language_and_force_locale(app):
    """`complaints.formats` keeps the request's catalogue and locale: a switch to English in
    the same request (mail in the recipient's language) reads English, and after it Dutch
    again; numbers and dates follow."""
    from datetime import date

    from flask import session
    from flask_babel import force_locale

    from complaints import formats
    from complaints.dates import format_day

    with app.test_request_context("/"):
        assert formats.gettext("Sign in to continue.") == "Log in om verder te gaan."
        assert formats.format_decimal(1234.5, "#,##0.0") == "1.234,5"
        assert format_day(date(2026, 11, 14)) == "14 nov 2026"
        with force_locale("en"):
            assert formats.gettext("Sign in to continue.") == "Sign in to continue."
            assert formats.ngettext("%(num)d day", "%(num)d days", 3) == "3 days"
            assert formats.format_decimal(1234.5, "#,##0.0") == "1,234.5"
            assert format_day(date(2026, 11, 14)) == "14 Nov 2026"
            assert str(formats.lazy_gettext("Sign in to continue.")) == "Sign in to continue."
        assert formats.gettext("Sign in to continue.") == "Log in om verder te gaan."
        assert formats.format_percent(0.25, "#,##0%") == "25%"
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert formats.gettext("Sign in to continue.") == "Sign in to continue."
    assert formats.gettext("Sign in to continue.") == "Sign in to continue."  # no app


@pytest.mark.parametrize("autoescape", [True, False])
def test_templates_translate_as_jinjas_own_new_style_gettext(app, autoescape):
    """The cheaper `_`, `gettext`, `ngettext` and `{% trans %}` of `complaints.formats` give
    what Jinja's new-style functions over the same catalogue give: escaped variables, "%%"
    read as "%" with or without variables, plural forms, in Dutch and English."""
    from jinja2.ext import _make_new_gettext, _make_new_ngettext

    from complaints import formats

    source = (
        "{{ _('Sign in to continue.') }}|{{ gettext('Sign in to continue.') }}|"
        "{{ _('%(name)s wrote', name=who) }}|{{ _('100%% sure') }}|{{ _('%(n)s%%', n=7) }}|"
        "{{ ngettext('%(num)d day', '%(num)d days', 1) }}|"
        "{{ ngettext('%(num)d day', '%(num)d days', 3) }}|"
        "{{ ngettext('%(num)d person had this too', '%(num)d people had this too', 2) }}|"
        "{% trans %}Sign in to continue.{% endtrans %}|"
        "{% trans count=4 %}{{ count }} day{% pluralize %}{{ count }} days{% endtrans %}")
    ours = app.jinja_env.overlay(autoescape=autoescape)
    jinjas = app.jinja_env.overlay(autoescape=autoescape)
    jinjas.globals = {**app.jinja_env.globals,
                      "gettext": _make_new_gettext(lambda s: formats.translations().ugettext(s)),
                      "ngettext": _make_new_ngettext(
                          lambda s, p, n: formats.translations().ungettext(s, p, n))}
    jinjas.globals["_"] = jinjas.globals["gettext"]
    for lang in ("nl", "en"):
        with app.test_request_context("/"):
            from flask import session

            session["lang"] = lang
            who = "<b>Anna & Bo</b>"
            shown = ours.from_string(source).render(who=who)
            assert shown == jinjas.from_string(source).render(who=who)
            assert ("&lt;b&gt;Anna &amp; Bo&lt;/b&gt;" in shown) is autoescape
            assert "|100% sure|7%|" in shown
            assert ("Log in om verder te gaan." in shown) is (lang == "nl")
