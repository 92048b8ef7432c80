"""tools/audit_requirements.py, the pip-audit step of `make test`: it probes the address
pip-audit will ask, so a mirror that answers for projects but not for their versions is
reported as an audit that did not happen, not as "no known vulnerabilities"."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "audit_requirements.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_requirements", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_probe_asks_for_the_first_pinned_version(audit):
    text = "# comment\n-r other.txt\nflask==3.1.3 ; python_version >= '3.9'\nbleach==6.4.0\n"
    assert audit.probe_url(text) == "https://pypi.org/pypi/flask/3.1.3/json"


def test_the_probe_of_the_real_requirements_names_a_pin(audit):
    url = audit.probe_url((SCRIPT.parents[1] / "requirements.txt").read_text())
    assert re.fullmatch(r"https://pypi\.org/pypi/[\w.-]+/[\w.]+/json", url), url


def test_requirements_without_a_pin_are_an_error(audit):
    with pytest.raises(ValueError):
        audit.probe_url("flask>=3\n")


def test_an_unreachable_database_is_said_and_passes(audit, monkeypatch, capsys):
    monkeypatch.setattr(audit, "reachable", lambda url: False)
    monkeypatch.delenv("AUDIT_REQUIRED", raising=False)
    assert audit.main() == 0
    out = capsys.readouterr().out
    assert out.startswith("pip-audit skipped: the advisory database (https://pypi.org/pypi/")
    assert "cannot be reached" in out


def test_an_unreachable_database_fails_when_the_audit_is_required(audit, monkeypatch):
    monkeypatch.setattr(audit, "reachable", lambda url: False)
    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert audit.main() == 1
