"""Translations and numbers at the speed a page needs: a ranking or a company page shows a few
hundred messages and numbers, and Flask-Babel's helpers pay for each one again.

- `gettext`/`ngettext`/`lazy_gettext` are what the code calls, and templates reach the same
  catalogue through `init_app`'s functions: the request's catalogue is looked up once and
  kept with the locale it is for, where Flask-Babel's own lookup walks the request context,
  the domain and the locale's name on every message. A `force_locale` block (mail in the
  recipient's language) has a locale of its own, so it gets its own catalogue.
- `format_decimal`/`format_percent` are Babel's, with the locale object of the request and
  the result kept per (number, pattern, language): the same figures are shown on page after
  page, and Babel's pattern arithmetic costs tens of microseconds a number.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, numbers
from flask import Flask, g
from flask_babel import LazyString, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

DEFAULT = Locale.parse("nl")  # outside a request: the site's language


def current_locale() -> Locale | None:
    """`flask_babel.get_locale()` without its walk through the context: the locale it chose
    for this request (or `force_locale` set) is on its namespace in `g` once chosen. Tied to
    Flask-Babel 4's `g._flask_babel` (pinned in requirements.txt; tests/test_i18n.py checks
    both languages and `force_locale`)."""
    try:
        return g._flask_babel.babel_locale
    except (AttributeError, RuntimeError):  # not chosen yet, or no application
        return get_locale()


def translations():
    """The catalogue of the current locale, looked up once per request and locale (outside
    an application there is no locale, and Flask-Babel's catalogue is the English source)."""
    try:
        space = g._flask_babel
        locale, found = space.catalogue
        if locale is space.babel_locale:
            return found
    except (AttributeError, RuntimeError):
        pass
    locale = get_locale()
    found = get_translations()
    if locale is not None:
        g._flask_babel.catalogue = (locale, found)
    return found


def gettext(message: str, **variables) -> str:
    text = translations().ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, number: int, **variables) -> str:
    """As Flask-Babel's: `num` is the number unless given."""
    variables.setdefault("num", number)
    return translations().ungettext(singular, plural, number) % variables


def lazy_gettext(message: str, **variables) -> LazyString:
    """A message translated when it is shown, in the language of that moment."""
    return LazyString(gettext, message, **variables)


@lru_cache(maxsize=8192)
def _decimal(number, pattern: str, locale: Locale) -> str:
    return numbers.format_decimal(number, pattern, locale=locale)


@lru_cache(maxsize=8192)
def _percent(number, pattern: str, locale: Locale) -> str:
    return numbers.format_percent(number, pattern, locale=locale)


def format_decimal(number, pattern: str) -> str:
    """Babel's `format_decimal` in the request's language."""
    return _decimal(number, pattern, current_locale() or DEFAULT)


def format_percent(number, pattern: str) -> str:
    """Babel's `format_percent` in the request's language."""
    return _percent(number, pattern, current_locale() or DEFAULT)


@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    """Jinja's new-style `gettext` (`_`, `gettext`, `{% trans %}`), without its two layers of
    `Context.call` per message: the catalogue's text, marked safe where the template escapes,
    formatted when it has variables or a `%` (as Jinja's always formats: "%%" becomes "%")."""
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue's text, as Jinja's gettext marks it
    return text % variables if variables or "%" in text else text


@pass_context
def _template_ngettext(context, singular: str, plural: str, number: int, **variables) -> str:
    variables.setdefault("num", number)
    text = translations().ungettext(singular, plural, number)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue's text, as Jinja's gettext marks it
    return text % variables


def init_app(app: Flask) -> None:
    """Templates translate through the catalogue above (after Flask-Babel's set-up, which
    installs its own): Jinja's i18n extension in new-style mode, whose `gettext` and
    `ngettext` (and the `_` it aliases to `gettext`) are replaced by the same functions made
    cheaper. tests/test_i18n.py holds them to Jinja's own for escaping and formatting."""
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext)
