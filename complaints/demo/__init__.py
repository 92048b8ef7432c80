"""Demo data for a fresh site (seed-demo) and in bulk (seed-bulk); its texts are in data/*.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_data(name: str) -> dict:
    """The data file `data/<name>.toml`, as tomllib reads it."""
    with (DATA / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)
