"""The grounds a decision can rest on: a numbered house rule on /about/terms, or the law.

A ground is stored as a short code: "rule:4" for house rule 4, "law:gdpr" for an article of
law from `LAWS`. Codes are stable, like the rule numbers: a statement keeps meaning what it
said when it was sent.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import url_for
from flask_babel import LazyString

from complaints.formats import lazy_gettext as _l
from complaints.pages.house_rules import HOUSE_RULES, rule


class Law(NamedTuple):
    code: str
    citation: str  # the article, as a lawyer would cite it (not translated)
    title: LazyString


LAWS: tuple[Law, ...] = (
    Law("gdpr", "AVG / GDPR art. 5, 6 en 17",
        _l("Personal data published without a lawful ground")),
    Law("defamation", "Sr art. 261–262; BW art. 6:162", _l("Defamation and slander")),
    Law("threat", "Sr art. 285", _l("Threat")),
    Law("discrimination", "Sr art. 137c–137e", _l("Insult of a group, incitement to hatred")),
    Law("copyright", "Auteurswet art. 1 en 13", _l("Copyright")),
    Law("court_order", "Rv art. 254; DSA art. 9", _l("An order of a court or authority")),
)


class Ground(NamedTuple):
    code: str
    title: str
    citation: str  # "Huisregel 4" / "Sr art. 285"
    url: str | None  # the rule on /about/terms; None for the law


def is_valid(code: str | None) -> bool:
    try:
        describe(code or "")
    except (KeyError, ValueError):
        return False
    return True


def describe(code: str, *, external: bool = False) -> Ground:
    """What a stored ground code means; KeyError or ValueError for one that is not valid."""
    kind, _, value = code.partition(":")
    if kind == "rule":
        house_rule = rule(int(value))
        return Ground(code, str(house_rule.title),
                      str(_l("House rule %(number)d", number=house_rule.number)),
                      url_for("pages.about_terms", _anchor=house_rule.anchor,
                              _external=external))
    if kind == "law":
        for law in LAWS:
            if law.code == value:
                return Ground(code, str(law.title), law.citation, None)
    raise KeyError(code)


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The grounds for a select field, grouped: the house rules, then the law."""
    return [
        (str(_l("House rules")),
         [(f"rule:{r.number}", str(_l("House rule %(number)d: %(title)s", number=r.number,
                                      title=r.title)))
          for r in HOUSE_RULES]),
        (str(_l("The law")),
         [(f"law:{law.code}", str(_l("Law: %(title)s (%(citation)s)", title=law.title,
                                     citation=law.citation)))
          for law in LAWS]),
    ]
