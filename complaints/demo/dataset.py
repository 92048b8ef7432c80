"""The demo data of seed-demo, read from data/*.toml into the shapes seed.py uses."""

from __future__ import annotations

from complaints.demo import read_data

_companies = read_data("companies")
_people = read_data("people")
_conversations = read_data("conversations")

AUTHORS: list[str] = _people["authors"]
COMPANIES: list[dict] = _companies["companies"]
PROPOSED_COMPANIES: list[dict] = _companies["proposed_companies"]
# (company slug, name, job title, owner)
REPRESENTATIVES: list[tuple[str, str, str, bool]] = [
    (team["company"], team["name"], team["job_title"], team["owner"])
    for team in _companies["representatives"]
]
COMPANY_PROFILES: dict[str, dict] = _companies["profiles"]
# company slug -> {"complaints": how many earlier ones, "care": 0 to 1}
COMPANY_HISTORY: dict[str, dict] = _companies["history"]
COMPLAINTS: list[dict] = read_data("complaints")["complaints"]
# (complaint title, author, reason, note)
FLAGS: list[tuple[str, int, str, str]] = [
    (flag["complaint"], flag["author"], flag["reason"], flag["note"]) for flag in _people["flags"]
]
# Notices and the decisions on them (see [[notices]] in people.toml).
NOTICES: list[dict] = _people.get("notices", [])
COMPANY_REPLIES: list[str] = [reply["text"] for reply in _conversations["company_replies"]]
CONSUMER_FOLLOW_UPS: list[str] = _conversations["consumer_follow_ups"]
# (side, text): side is "company" or "consumer"
PRIVATE_MESSAGES: list[tuple[str, str]] = [
    (message["side"], message["text"]) for message in _conversations["private_messages"]
]
RESOLUTION_NOTES: list[str] = _conversations["resolution_notes"]

# Where complaints end up: promises, memberships, disputed answers, escalations (outcomes.toml).
OUTCOMES: dict[str, list[dict]] = read_data("outcomes")
