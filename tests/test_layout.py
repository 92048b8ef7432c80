"""The package's layout: no module over 600 lines, and tooling (the benchmark) outside it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "complaints"
MAX_LINES = 600


def test_no_module_of_the_package_is_over_600_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these modules, each over {MAX_LINES} lines: {too_long}"


def test_the_benchmark_lives_beside_the_package_not_in_it():
    inside = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("benchmark*")]
    assert not inside, f"the benchmark belongs in bench/, not in {inside}"
    assert (ROOT / "bench" / "__main__.py").is_file()
