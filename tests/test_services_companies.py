"""Company names: folding, keys, slugs, domains, resolution and the directory."""

from __future__ import annotations

import pytest

from complaints.companies import services
from complaints.extensions import db
from tests.builders import make_company


@pytest.mark.parametrize(("raw", "folded"), [
    ("Éénmaal  B.V.", "eenmaal b v"),
    ("  Zeeuwse   Stroom & Gas ", "zeeuwse stroom gas"),
    ("T@lk-Mobiel", "t lk mobiel"),
    ("ÅSTRÖM", "astrom"),
])
def test_fold(raw, folded):
    assert services.fold(raw) == folded


@pytest.mark.parametrize(("name", "key"), [
    ("Belnet Mobiel B.V.", "belnet mobiel"),
    ("Belnet Mobiel BV", "belnet mobiel"),
    ("Stroomlijn N.V.", "stroomlijn"),
    ("BV", "bv"),
    ("Holding", "holding"),
])
def test_name_key_drops_the_legal_form(name, key):
    assert services.name_key(name) == key


def test_slugs_are_ascii_and_unique(ctx):
    assert services.slugify("Café 't Hoekje") == "cafe-t-hoekje"
    assert services.slugify("東京") == "bedrijf"
    first = make_company("Belnet Mobiel")
    assert first.slug == "belnet-mobiel"
    assert services.unique_slug("Belnet Mobiel") == "belnet-mobiel-2"


@pytest.mark.parametrize(("raw", "domain"), [
    ("https://www.Belnet-Mobiel.nl/klantenservice", "belnet-mobiel.nl"),
    ("belnet.nl", "belnet.nl"),
    ("sub.domein.example", "sub.domein.example"),
    ("geen domein", None),
    ("javascript:alert(1)", None),
    ("http://[a]/", None),  # found by the hostile-input sweep: urlsplit raised ValueError
    ("[::1", None),
    ("", None),
])
def test_normalize_domain(raw, domain):
    assert services.normalize_domain(raw) == domain


def test_suggestions_prefer_names_that_start_with_what_was_typed(ctx):
    for name in ("Stroomlijn Energie", "Groene Stroom", "Stroomdeal", "Watermaatschappij"):
        make_company(name, sector="energy")
    names = [c.name for c in services.suggest_companies("stroom")]
    assert names[:2] == ["Stroomdeal", "Stroomlijn Energie"]
    assert "Groene Stroom" in names and "Watermaatschappij" not in names


def test_suggestions_escape_like_wildcards(ctx):
    make_company("Honderd Procent")
    assert services.suggest_companies("%") == []
    assert services.suggest_companies("_") == []


def test_directory_filters_by_letter_name_and_sector(ctx):
    for name, sector in [("Aardgas Direct", "energy"), ("Belnet Mobiel", "telecom"),
                         ("123 Reizen", "travel"), ("Ëxtra Bank", "finance")]:
        make_company(name, sector=sector)

    def names(**kwargs):
        return [c.name for c in db.session.scalars(services.directory(**kwargs))]

    assert names(letter="A", query=None, sector_slug=None) == ["Aardgas Direct"]
    assert names(letter="E", query=None, sector_slug=None) == ["Ëxtra Bank"]
    assert names(letter="#", query=None, sector_slug=None) == ["123 Reizen"]
    assert names(letter=None, query="mobiel", sector_slug=None) == ["Belnet Mobiel"]
    assert names(letter=None, query=None, sector_slug="travel") == ["123 Reizen"]
    assert len(names(letter=None, query=None, sector_slug=None)) == 4


def test_create_company_refuses_unknown_sector(ctx):
    from complaints.errors import DomainError

    with pytest.raises(DomainError):
        services.create_company("X", "nonsense")
