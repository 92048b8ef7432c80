"""Helpdeskhel: the application factory."""

from __future__ import annotations

import gc
import logging
from datetime import date
from pathlib import Path

from flask import Flask, g, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from complaints import clock, formats, metrics, request_log, security
from complaints.config import Config, config_from_environment
from complaints.dates import format_day, format_moment, format_month
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.formats import ngettext
from complaints.urls import IdConverter

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or config_from_environment()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.url_map.converters["id"] = IdConverter
    app.config.from_object(config_class)
    config_class.prepare(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure_logging()
    if proxies := app.config.get("TRUSTED_PROXIES", 0):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    register_extensions(app)
    register_blueprints(app)
    register_api(app)
    request_log.init_app(app)
    metrics.init_app(app)
    register_errors(app)
    register_cli(app)
    register_jinja(app)
    # What the app holds from here on (modules, the URL map, compiled settings) lives as long
    # as the process: out of the garbage collector's way, so its full collections stay short
    # (they cost a busy page a hundred milliseconds now and then; `make bench` shows it).
    gc.freeze()
    return app


def _configure_logging() -> None:
    """The site's own loggers (mail, services) write INFO to stderr; gunicorn collects it.
    Lines are plain text; with JSON_LOGS, `request_log` makes them JSON."""
    logger = logging.getLogger("complaints")
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler())
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logger.handlers[0].setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))


def register_extensions(app: Flask) -> None:
    from complaints.extensions import (
        babel,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
        render_migration_item,
        select_locale,
    )
    from complaints.search import schema as search_index

    db.init_app(app)
    search_index.install(db.metadata)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True, render_item=render_migration_item,
                     include_object=search_index.include_object)
    csrf.init_app(app)
    security.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    formats.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Sign in to continue.")
    login_manager.login_message_category = "info"

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pragmas = _sqlite_pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"])
            event.listen(db.engine, "connect", pragmas)

    from complaints.accounts.models import User
    from complaints.api import models as api_models  # noqa: F401
    from complaints.dueprocess import models as dueprocess_models  # noqa: F401
    from complaints.evidence import models as evidence_models  # noqa: F401
    from complaints.evidence import storage as evidence_storage
    from complaints.evidence import uploads as evidence_uploads
    from complaints.feeds import models as feed_models  # noqa: F401
    from complaints.figures import models as figure_models  # noqa: F401
    from complaints.moderation import models as moderation_models  # noqa: F401 - registers tables
    from complaints.notifications.outbox import install_immediate_delivery
    from complaints.outcomes import models as outcome_models  # noqa: F401
    from complaints.threads import models as thread_models  # noqa: F401
    from complaints.webcare import models as webcare_models  # noqa: F401
    from complaints.webhooks import models as webhook_models  # noqa: F401

    install_immediate_delivery(app)
    evidence_storage.init_app(app)
    evidence_uploads.init_app(app)
    from complaints import cache

    cache.init_app(app)
    from complaints.figures.services import install as install_figures

    install_figures()
    from complaints.webcare.counters import install as install_inbox_counters

    install_inbox_counters()

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """Session ids are 'user id:session stamp'; a new password changes the stamp."""
        user_id, _, stamp = session_id.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.session_stamp == stamp else None


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, connection_record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 16 MB of pages per connection (the default is 2 MB): the figures and the newest
        # complaints stay in memory however large the database grows.
        cursor.execute("PRAGMA cache_size=-16000")
        cursor.close()

    return on_connect


def register_blueprints(app: Flask) -> None:
    from complaints.accounts.views import bp as accounts_bp
    from complaints.cases.views import bp as cases_bp
    from complaints.companies.views import bp as companies_bp
    from complaints.dueprocess.views import appeals_review_bp, notices_review_bp
    from complaints.dueprocess.views import bp as dueprocess_bp
    from complaints.evidence.views import bp as evidence_bp
    from complaints.feeds.views import bp as feeds_bp
    from complaints.moderation.claims import bp as claims_review_bp
    from complaints.moderation.views import bp as moderation_bp
    from complaints.moderation.views import public_bp as transparency_bp
    from complaints.operations.views import bp as operations_bp
    from complaints.outcomes.views import bodies_bp as bodies_review_bp
    from complaints.outcomes.views import bp as outcomes_bp
    from complaints.pages.views import bp as pages_bp
    from complaints.rankings.views import bp as rankings_bp
    from complaints.search.views import bp as search_bp
    from complaints.threads.views import bp as threads_bp
    from complaints.triage.views import bp as triage_bp
    from complaints.webcare.views import bp as webcare_bp
    from complaints.webhooks.views import bp as webhooks_bp

    for blueprint in (pages_bp, accounts_bp, cases_bp, companies_bp, moderation_bp,
                      claims_review_bp, transparency_bp, webcare_bp, threads_bp, rankings_bp,
                      feeds_bp, search_bp, dueprocess_bp, notices_review_bp,
                      appeals_review_bp, outcomes_bp, bodies_review_bp, triage_bp, webhooks_bp,
                      operations_bp, evidence_bp):
        app.register_blueprint(blueprint)


def register_api(app: Flask) -> None:
    """The JSON API under /api/v1 (token sign-in, no cookies, no CSRF) and its document."""
    from complaints.api import auth, spec
    from complaints.api.company import blp as company_blp
    from complaints.api.public import blp as public_blp
    from complaints.api.views import bp as api_pages_bp
    from complaints.api.views import docs_bp as api_docs_bp
    from complaints.extensions import csrf

    auth.init_app(app)
    spec.init_app(app, (public_blp, company_blp))
    for name in spec.BLUEPRINTS:
        csrf.exempt(app.blueprints[name])
    app.register_blueprint(api_pages_bp)
    app.register_blueprint(api_docs_bp)


ERROR_TITLES = {
    400: _l("This request could not be handled"),
    403: _l("You may not see this page"),
    404: _l("Page not found"),
    405: _l("This is not possible here"),
    410: _l("This page is gone"),
    413: _l("That is too much at once"),
    429: _l("Slow down a little"),
    500: _l("Something went wrong on our side"),
    503: _l("The site is briefly unavailable"),
}
ERROR_TEXTS = {
    400: _l("Something in the request was not right. Go back and try again."),
    403: _l("Your account does not have access to this page."),
    404: _l("The page does not exist, or it is not public."),
    405: _l("This page cannot be used this way."),
    410: _l("What was here has been removed."),
    413: _l("What you sent is larger than we accept. Shorten it and try again."),
    429: _l("You tried this too often in a short time. Wait a while and try again."),
    500: _l("We have been notified. Please try again in a moment."),
    503: _l("We cannot reach our database right now. Please try again in a minute."),
}


def register_errors(app: Flask) -> None:
    from complaints.api import problems
    from complaints.api.auth import is_api_request
    from complaints.extensions import db, login_manager

    def render_error(code: int, message=None):
        if request.path.startswith("/healthz"):
            return {"status": "unavailable" if code == 503 else "error"}, code
        return render_template("error.html", code=code, title=ERROR_TITLES.get(code, code),
                               message=message or ERROR_TEXTS.get(code, "")), code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, _l("The form had expired or was sent from elsewhere. Go back, "
                                    "reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():
            return problems.from_error(error)
        if error.code in ERROR_TITLES:
            return render_error(error.code)
        return error

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        db.session.rollback()
        app.logger.error("database error: %s", error)
        # The page must not ask the database who is signed in (the rollback expired the
        # loaded user too): it is shown as to a visitor, and says to try again.
        g._login_user = login_manager.anonymous_user()
        if is_api_request():
            return problems.from_error(ServiceUnavailable())
        return render_error(503)


def register_cli(app: Flask) -> None:
    from complaints.cli import backup_command, seed_bulk_command, seed_demo_command, users_cli
    from complaints.i18n import translate_cli
    from complaints.imports.cli import import_csv_command
    from complaints.notifications.cli import jobs_cli, outbox_cli

    app.cli.add_command(users_cli)
    from complaints.api.cli import api_tokens_cli

    app.cli.add_command(api_tokens_cli)
    app.cli.add_command(import_csv_command)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(jobs_cli)
    from complaints.figures.cli import figures_cli
    from complaints.search.cli import search_cli

    app.cli.add_command(figures_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_bulk_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(translate_cli)
    from complaints.evidence.cli import files_cli

    app.cli.add_command(files_cli)


def register_jinja(app: Flask) -> None:
    from flask_wtf.csrf import generate_csrf

    from complaints.cases.workflow import ACTION_LABELS, STATUS_EXPLANATIONS, STATUS_LABELS, Status
    from complaints.figures.verdict import Standing, verdict_for, verdicts
    from complaints.permissions import JINJA_GLOBALS
    from complaints.pii import KIND_LABELS, Kind
    from complaints.sanitize import user_html
    from complaints.webcare.queries import companies_represented_by

    def pii_label(kind: str) -> str:
        return str(KIND_LABELS[Kind(kind)])

    def month_label(month: str) -> str:
        """'2026-11' -> 'november 2026' in the current language."""
        year, number = month.split("-")
        return format_month(date(int(year), int(number), 1))

    app.jinja_env.globals.update(JINJA_GLOBALS)
    app.jinja_env.globals.update(
        csrf_token=generate_csrf,
        get_locale=get_locale,
        Status=Status,
        STATUS_LABELS=STATUS_LABELS,
        STATUS_EXPLANATIONS=STATUS_EXPLANATIONS,
        ACTION_LABELS=ACTION_LABELS,
        pii_label=pii_label,
        month_label=month_label,
        represented_companies=lambda: companies_represented_by(current_user),
        # The score of a company, or of the companies of a page of complaint cards (one
        # query: `verdicts_of(page.items)` gives {company_id: Verdict}).
        verdict_of=verdict_for,
        verdicts_of=lambda complaints: verdicts({c.company_id: c.company
                                                 for c in complaints}.values()),
        company_verdicts=verdicts,  # {company_id: Verdict} for a list of companies
        Standing=Standing,
        now=lambda: clock.utcnow(),  # through the module, so tests that move the clock move it
    )
    def duration(minutes: int) -> str:
        """Minutes as a person says it: '45 min', '3 u 20 min', '2 dagen 4 u'."""
        if minutes < 60:
            return _("%(num)d min", num=minutes)
        hours, rest = divmod(minutes, 60)
        if hours < 48:
            return (_("%(hours)d h %(minutes)d min", hours=hours, minutes=rest) if rest
                    else _("%(hours)d h", hours=hours))
        days, hours = divmod(hours, 24)
        return ngettext("%(num)d day", "%(num)d days", days) + (
            " " + _("%(hours)d h", hours=hours) if hours else "")

    def filesize(size: int) -> str:
        """'230 kB', '4,2 MB'."""
        if size >= 1024 * 1024:
            return _("%(num)s MB", num=formats.format_decimal(size / 2**20, "#,##0.0"))
        return _("%(num)s kB", num=formats.format_decimal(max(1, round(size / 1024)), "#,##0"))

    app.jinja_env.filters.update(
        filesize=filesize,
        percent=lambda value: formats.format_percent(value, "#,##0%"),
        decimal=lambda value: formats.format_decimal(value, "#,##0.0"),
        integer=lambda value: formats.format_decimal(value, "#,##0"),
        duration=duration,
        user_html=user_html,
        # One format each, per language: see complaints/dates.py.
        datetime=format_moment,
        date=format_day,
        month=format_month,
        month_short=lambda value: format_month(value, "short"),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
