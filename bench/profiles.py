"""What each key page costs to make, and where the time goes: `make bench` profiles every page
with the page cache off (the anonymous ones and those of people who are signed in) in the
benchmark's own process through Flask's test client, and writes one pyinstrument profile per
page to docs/profiles/ (the call tree as text). It also counts the SQL
statements each page sends, and the CPU it takes alone, without the network or gunicorn.

    .venv/bin/python -m bench.profiles sqlite:////path/to/bench.sqlite [--out docs/profiles]
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-wachtwoord"  # noqa: S105 - synthetic accounts of a benchmark database
MODERATOR = "bench-moderator@example.nl"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
# Who visits each signed-in page (see `people`).
SIGNED_IN = {"consumer_complaint": "consumer", "consumer_account": "consumer",
             "webcare_inbox": "representative", "moderation_queue": "moderator"}


def people(app) -> dict:
    """Three people of the benchmark database who may sign in, with a cheap password: the
    author of a published complaint with replies, the owner of the largest company's team,
    and a moderator (made once). What they visit is returned with them."""
    from sqlalchemy import text

    from complaints.extensions import db

    cheap = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")
    with app.app_context():
        big_id, big_slug = db.session.execute(text(
            "SELECT id, slug FROM companies WHERE status = 'listed' "
            "ORDER BY published_count DESC LIMIT 1")).one()
        complaint_id, consumer_id = db.session.execute(text(
            "SELECT c.id, c.author_id FROM complaints c WHERE c.status = 'answered' "
            "AND c.company_id = :company ORDER BY c.id DESC LIMIT 1"), {"company": big_id}).one()
        owner_id = db.session.execute(text(
            "SELECT user_id FROM representatives WHERE company_id = :company "
            "AND removed_at IS NULL ORDER BY is_owner DESC, id LIMIT 1"),
            {"company": big_id}).scalar()
        moderator_id = db.session.execute(text("SELECT id FROM users WHERE email = :email"),
                                          {"email": MODERATOR}).scalar()
        if moderator_id is None:
            from complaints.accounts.services import create_user

            moderator_id = create_user(MODERATOR, role="moderator", password=PASSWORD,
                                       display_name="Bench Moderator").id
        addresses = {}
        for kind, user_id in (("consumer", consumer_id), ("representative", owner_id),
                              ("moderator", moderator_id)):
            addresses[kind] = (MODERATOR if kind == "moderator"
                               else f"bench-{kind}-{user_id}@example.nl")
            db.session.execute(text(
                "UPDATE users SET password_hash = :hash, email = :email WHERE id = :id"),
                {"hash": cheap, "email": addresses[kind], "id": user_id})
        db.session.commit()
        db.session.remove()
        # No connection may stay open: the storm copies the database as a template next.
        db.engine.dispose()
    return {"emails": addresses, "paths": {
        "consumer_complaint": f"/complaints/{complaint_id}", "consumer_account": "/account",
        "webcare_inbox": f"/webcare/{big_slug}", "moderation_queue": "/moderation"}}


def sign_in(client, email: str) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post("/auth/login", data={
        "email": email, "password": PASSWORD, "csrf_token": TOKEN.search(page).group(1)})
    if response.status_code != 303:
        raise RuntimeError(f"{email} could not sign in: {response.status_code}")


class QueryCounter:
    """SQL statements sent on the app's engine while counting."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def profile_pages(app, pages: dict[str, list[str]], out: Path, label: str,
                  repeats: int = 30) -> dict:
    """Per page: CPU milliseconds per request (median over `repeats`), statements per
    request, and the top five costs of its profile; the profiles are written to `out`."""
    from pyinstrument import Profiler

    from complaints.extensions import db

    plan = people(app)
    pages = {**pages, **{name: [path] for name, path in plan["paths"].items()}}
    with app.app_context():
        counter = QueryCounter(db.engine)
    clients = {}
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    for page, paths in pages.items():
        who = SIGNED_IN.get(page)
        if who and who not in clients:
            clients[who] = app.test_client()
            sign_in(clients[who], plan["emails"][who])
        client = clients[who] if who else app.test_client()
        for path in paths[:3]:  # warm: templates compiled, caches of the process filled
            assert client.get(path).status_code == 200, (page, path)
        timings, statements = [], []
        for n in range(repeats):
            path = paths[n % len(paths)]
            before, started = counter.count, time.process_time()
            response = client.get(path)
            timings.append((time.process_time() - started) * 1000)
            statements.append(counter.count - before)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for n in range(repeats):
            client.get(paths[n % len(paths)])
        profiler.stop()
        # The call tree as text (an HTML file per page would carry pyinstrument's viewer each).
        (out / f"{label}-{page}.txt").write_text(
            profiler.output_text(show_all=False, color=False))
        timings.sort()
        results[page] = {"cpu_ms": round(timings[len(timings) // 2], 2),
                         "statements": round(sum(statements) / len(statements), 1),
                         "top": top_costs(profiler.last_session, repeats)}
        print(f"  {page:20} {results[page]['cpu_ms']:6.1f} ms CPU  "
              f"{results[page]['statements']:5.1f} statements", flush=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    write_summary(results, out / f"{label}.md", label)
    return results


def write_summary(results: dict, path: Path, label: str) -> None:
    """The table of a profiling run beside its call trees: per page its CPU, statements and
    top five costs."""
    lines = [f"# Profiles: {label}", "",
             "Made by `bench/profiles.py` (see README.md): each page alone "
             "with the page cache off, in the benchmark's process through Flask's test "
             "client. CPU is the median per request; the costs are the five functions that "
             f"take most time themselves, in ms per request. The trees are in `{label}-*.txt`.",
             "", "| page | CPU ms | SQL statements | top five costs (ms per request) |",
             "|---|---:|---:|---|"]
    for page, data in results.items():
        top = "; ".join(f"`{c['where']}` {c['ms_per_request']:.1f}" for c in data["top"])
        lines.append(f"| {page} | {data['cpu_ms']:.1f} | {data['statements']:.0f} | {top} |")
    path.write_text("\n".join(lines) + "\n")


def top_costs(session, repeats: int, count: int = 5) -> list[dict]:
    """The five functions that take most time themselves (their own lines, summed over every
    place they are called from), in ms per request: where the time actually goes, rather than
    the callers it passes through."""
    own: Counter = Counter()

    def walk(frame, parent) -> None:
        if frame.is_synthetic_leaf and parent is not None:
            where = parent.function if parent.file_path_short in (None, "<built-in>") else (
                f"{parent.function} ({parent.file_path_short})")
            own[where] += frame.time
        for child in frame.children:
            walk(child, frame)

    walk(session.root_frame(), None)
    return [{"where": where, "ms_per_request": round(seconds * 1000 / repeats, 2)}
            for where, seconds in own.most_common(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "profiles")
    parser.add_argument("--label", default="page")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    from bench.__main__ import _site, pick_paths

    pages = pick_paths(args.url)
    if args.only:
        pages = {k: v for k, v in pages.items() if k in args.only.split(",")}
    app = _site(args.url)
    results = profile_pages(app, pages, args.out, args.label, args.repeats)
    for page, result in results.items():
        print(page, result["cpu_ms"], result["statements"])
        for cost in result["top"]:
            print(f"    {cost['ms_per_request']:6.2f}  {cost['where']}")


if __name__ == "__main__":
    main()
