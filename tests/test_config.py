"""Configuration: production refuses to start without a secret, DATABASE_URL picks the engine."""

from __future__ import annotations

import pytest

from complaints import create_app
from complaints.config import (
    DevelopmentConfig,
    ProductionConfig,
    config_from_environment,
    normalize_database_url,
)


def test_production_refuses_to_start_without_secret_key():
    class NoSecret(ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(NoSecret)


def test_production_cookies_are_secure():
    class WithSecret(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(WithSecret)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_makes_and_keeps_a_secret_key(tmp_path, monkeypatch):
    import complaints.config as config

    monkeypatch.setattr(config, "INSTANCE_PATH", tmp_path)

    class Dev(DevelopmentConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    first = create_app(Dev).config["SECRET_KEY"]
    assert len(first) == 64 and create_app(Dev).config["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(("url", "expected"), [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
])
def test_database_url_means_psycopg_3(url, expected):
    assert normalize_database_url(url) == expected


def test_app_config_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("APP_CONFIG", "production")
    assert config_from_environment() is ProductionConfig
    monkeypatch.setenv("APP_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="APP_CONFIG"):
        config_from_environment()


def test_sqlite_uses_wal_and_a_busy_timeout(app):
    from sqlalchemy import text

    from complaints.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            assert db.engine.dialect.name == "postgresql"
            return
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
