"""Generated Dutch complaint stories for seed-bulk, varied enough for search to be measured.

A benchmark of search over a million copies of twenty sentences measures nothing: every word
would match every complaint. These stories are put together from templates per category with
products per sector, channels, places, months and numbers, so words range from very common
("klantenservice") through product words (a few percent) to rare ones (a town, a device),
as in real complaints. Plain text only: no Markdown, no personal data. The word lists and
templates are in data/story_parts.toml.
"""

from __future__ import annotations

import random

from complaints.demo import read_data

_parts = read_data("story_parts")
PRODUCTS: dict[str, list[str]] = _parts["products"]
CHANNELS: list[str] = _parts["channels"]
TOWNS: list[str] = _parts["towns"]
MONTHS: list[str] = _parts["months"]
PEOPLE: list[str] = _parts["people"]
TITLES: dict[str, list[str]] = _parts["titles"]
SENTENCES: dict[str, list[str]] = _parts["sentences"]
COMMON: list[str] = _parts["common"]


def story(rng: random.Random, sector: str, category: str) -> tuple[str, str]:
    """A title and a story of two to six sentences about one company of `sector`."""
    slots = {
        "product": rng.choice(PRODUCTS.get(sector, PRODUCTS["other"])),
        "channel": rng.choice(CHANNELS), "town": rng.choice(TOWNS),
        "month": rng.choice(MONTHS), "person": rng.choice(PEOPLE),
        "n": rng.randint(2, 12), "minutes": rng.choice([20, 35, 45, 50, 60, 75, 90, 120]),
        "weeks": rng.randint(2, 16), "years": rng.randint(2, 25),
        "euros": f"{rng.randint(12, 900)},{rng.randint(0, 99):02d}",
    }
    titles = TITLES.get(category, TITLES["other"])
    title = rng.choice(titles).format(**slots)
    own = SENTENCES.get(category, SENTENCES["other"])
    chosen = rng.sample(own, min(len(own), rng.randint(1, 3)))
    chosen += rng.sample(COMMON, rng.randint(1, 3))
    rng.shuffle(chosen)
    body = " ".join(sentence.format(**slots) for sentence in chosen)
    return title[0].upper() + title[1:], body[0].upper() + body[1:]
