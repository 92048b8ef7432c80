"""Configuration classes; environment variables override the defaults.

`APP_CONFIG` picks the class (development, testing, production). `DATABASE_URL` switches the
database to PostgreSQL; without it the site uses SQLite in the instance folder.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tempfile
from pathlib import Path

from complaints.clock import TIME_ZONE

INSTANCE_PATH = Path(__file__).resolve().parent.parent / "instance"


def normalize_database_url(url: str) -> str:
    """libpq-style and Heroku-style PostgreSQL URLs both mean psycopg 3 here."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _database_url(default: str) -> str:
    return normalize_database_url(os.environ.get("DATABASE_URL") or default)


def metrics_networks(text: str) -> tuple[str, ...]:
    """METRICS_ALLOWED's entries, checked at start-up: a typo (10.0.0.300, a host name) stops
    the app here instead of quietly leaving the metrics closed."""
    entries = tuple(entry.strip() for entry in text.split(",") if entry.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise RuntimeError(f"METRICS_ALLOWED: {entry!r} is not an address or a network "
                               f"(e.g. 10.0.0.0/8).") from error
    return entries


def _development_secret_key() -> str:
    """A random key kept in the instance folder, so sessions survive restarts in development."""
    path = INSTANCE_PATH / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_PATH.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_PATH / 'helpdeskhel.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # Language and time: Dutch by default, English on request; shown in Amsterdam time.
    LANGUAGES = ("nl", "en")
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = TIME_ZONE
    BABEL_TRANSLATION_DIRECTORIES = "translations"

    # Mail: without MAIL_SERVER, messages go to the log and to instance/mail/ (MAIL_FOLDER).
    # Every mail passes through the outbox table. MAIL_DELIVERY "immediate" delivers right
    # after the commit that queued it; "queued" leaves it to cron running `flask outbox send`
    # (the default when MAIL_SERVER is set, so no web request waits for SMTP).
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Helpdeskhel <noreply@helpdeskhel.nl>")
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER") or str(INSTANCE_PATH / "mail")
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY") or ("queued" if MAIL_SERVER else "immediate")
    # Where people write to us (shown on /about/contact and in the privacy statement).
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@helpdeskhel.nl")
    # The site's own address, for links in mail sent from the command line (jobs run).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # One JSON line per request and JSON for every line the site logs (complaints.request_log);
    # on in production, plain text lines elsewhere unless JSON_LOGS=1.
    JSON_LOGS = os.environ.get("JSON_LOGS", "0") == "1"

    # How many proxies (nginx) stand in front of the app and set X-Forwarded-For/-Proto: their
    # word is taken for the visitor's address (rate limits) and the scheme. 0: none trusted.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # Who may read /metrics (complaints.operations): addresses and networks, separated by
    # commas, matched against the address above (after TRUSTED_PROXIES). Loopback by default,
    # so Prometheus on the same machine can scrape it and nobody else knows it is there.
    METRICS_ALLOWED = metrics_networks(os.environ.get("METRICS_ALLOWED", "127.0.0.0/8,::1"))

    # Rate limits: in memory for one process, Redis (RATELIMIT_STORAGE_URI=redis://…) for several.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True

    # Whole pages for visitors who are not signed in (complaints.cache): "memory" (each
    # worker, generation shared through the instance folder), "redis://…" for several app
    # servers, or "off".
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "memory")
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
    PAGE_CACHE_MEMORY_MB = float(os.environ.get("PAGE_CACHE_MEMORY_MB", "32"))

    # Evidence files (SPEC "Evidence"): "disk" keeps them in ATTACHMENT_FOLDER, or
    # "s3://bucket/prefix" in S3-compatible object storage (several app servers), with
    # ATTACHMENT_S3_ENDPOINT for a store other than AWS (credentials: boto3's environment).
    ATTACHMENT_STORAGE = os.environ.get("ATTACHMENT_STORAGE", "disk")
    ATTACHMENT_FOLDER = os.environ.get("ATTACHMENT_FOLDER") or str(INSTANCE_PATH / "attachments")
    ATTACHMENT_S3_ENDPOINT = os.environ.get("ATTACHMENT_S3_ENDPOINT") or None
    # Text in an image someone asks to show publicly is read with Tesseract (when installed)
    # and passed through the personal-data guard; "0" leaves every image to a moderator's eye.
    OCR_ENABLED = os.environ.get("OCR_ENABLED", "1") == "1"
    OCR_LANGUAGES = "nld+eng"
    OCR_TIMEOUT_SECONDS = 20

    # Accounts.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    EMAIL_VERIFY_MAX_AGE = 3 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 2 * 3600
    EMAIL_CHECK_DELIVERABILITY = False

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    # Strict-Transport-Security on HTTPS responses (production turns it on).
    HSTS_ENABLED = False
    HSTS_SECONDS = 365 * 24 * 3600
    # Items per page (complaints.pagination): lists people read (complaints, search results),
    # work queues (moderation, webcare) and long tables (logs, the directory, rankings); the
    # low-risk lane shows more stories a page, published in one action.
    PER_PAGE = 20
    QUEUE_PER_PAGE = 25
    BATCH_PER_PAGE = 60
    TABLE_PER_PAGE = 50
    DEMO_DATA_ALLOWED = True

    # The API (flask-smorest): its OpenAPI document at /api/v1/openapi.json, no bundled
    # viewer (the reference page at /api/v1/docs is the site's own).
    API_TITLE = "Helpdeskhel API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    # Webhooks go to public https:// addresses only (complaints.webhooks.addresses). Loopback
    # addresses (http://127.0.0.1, localhost) are for a receiver on the developer's own
    # computer and for the tests: never on a real site, where they reach the server itself.
    WEBHOOKS_ALLOW_LOOPBACK = False

    @classmethod
    def prepare(cls, config: dict) -> None:
        """Finish the configuration once it is loaded into the app (hook for subclasses)."""


class DevelopmentConfig(Config):
    WEBHOOKS_ALLOW_LOOPBACK = True

    @classmethod
    def prepare(cls, config: dict) -> None:
        if not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = _development_secret_key()


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    PAGE_CACHE = "off"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashing for tests
    MAIL_SERVER = None
    MAIL_DELIVERY = "immediate"
    # Never the instance folder: a test app without its own folder writes here.
    ATTACHMENT_FOLDER = str(Path(tempfile.gettempdir()) / "helpdeskhel-test-attachments")
    SERVER_NAME = None
    WEBHOOKS_ALLOW_LOOPBACK = True


class ProductionConfig(Config):
    # The demo data has accounts with a published password: never on a real site.
    DEMO_DATA_ALLOWED = False
    JSON_LOGS = os.environ.get("JSON_LOGS", "1") == "1"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_ENABLED = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def prepare(cls, config: dict) -> None:
        if not config.get("SECRET_KEY"):
            raise RuntimeError("ProductionConfig refuses to start without SECRET_KEY.")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("APP_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        choices = ", ".join(CONFIGS)
        raise RuntimeError(f"APP_CONFIG must be one of {choices}, not {name!r}.") from None
