"""`make test`: pip-audit over the pinned requirements, against PyPI's advisory database.

Exits with pip-audit's status when the advisory database answers: a known vulnerability in a
pinned version fails the run. A pinned version the database does not list is reported and
skipped. When the database cannot be reached (an offline machine), says so and exits 0;
set AUDIT_REQUIRED=1 to make that a failure instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = "https://pypi.org/pypi/flask/json"
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]


def reachable() -> bool:
    try:
        with urllib.request.urlopen(PROBE, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> int:
    if not reachable():
        print(f"pip-audit skipped: the advisory database ({PROBE}) cannot be reached.")
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    command = [str(Path(sys.executable).parent / "pip-audit"), "--no-deps", "--disable-pip",
               "--progress-spinner", "off"]
    for name in REQUIREMENTS:
        command += ["--requirement", str(ROOT / name)]
    return subprocess.run(command, check=False).returncode  # noqa: S603 - fixed command


if __name__ == "__main__":
    sys.exit(main())
