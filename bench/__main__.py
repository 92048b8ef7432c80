"""`make bench`: the site's speed at ten thousand, a hundred thousand and a million complaints,
on SQLite and PostgreSQL, against the framework's own ceiling on this machine.

For each engine and size it builds a database with `seed-bulk` (kept in instance/bench/ and
reused while the seed code and migrations are unchanged), starts the site under gunicorn as
`make run` does, and drives wrk from a separate process at fixed concurrency for a fixed time
after a warm-up, once as deployed (anonymous pages from the page cache) and once with the
page cache off (what a page costs to make). In the same run it measures a bare Flask app
under the same gunicorn settings. On the largest database (a copy, so it stays pristine) a
storm of locust browsers files complaints and replies; afterwards every accepted submission
must be in the database exactly once, and no response may be a 5xx. Results go to
docs/benchmarks.md and docs/benchmarks.json, with the earlier runs kept.

    .venv/bin/python -m bench --help
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import moderation, profiles, report

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
BENCH_DIR = ROOT / "instance" / "bench"
PROFILES_DIR = ROOT / "docs" / "profiles"
VENV_BIN = Path(sys.executable).parent
LOCUST = ROOT / ".venv-bench" / "bin" / "locust"
PAGES = ("home", "complaints", "complaint", "company", "rankings", "search")
WORD = re.compile(r"\(([a-z]{10})\)")
STORM_PASSWORD = "storm-wachtwoord"  # noqa: S105 - synthetic accounts of a scratch copy
SEARCHES = [
    "storing", "klantenservice", "monteur niet", "dubbel afgeschreven", '"dubbel afgeschreven"',
    "factuur", "opzeggen", "opzeggen -boete", "router storing", "glasvezelaansluiting",
    "slimme meter", "jaarafrekening", "terugbelverzoek", "wachttijd", "incasso opzegging",
    "pakket bezorgd", "retourzending", "laptop kapot", "zorgverzekering declaratie",
    "ov-chipkaart", "vlucht koffer", "Zwolle", "Maastricht monteur", "chatbot",
    "veelgestelde vragen", "creditnota", "contract verlengd", "nummerbehoud", "laadpaal",
    "warmtepomp", "hypotheekofferte", "toeslag", "paspoortaanvraag", "stofzuiger",
    "boodschappenbezorging", "storingen", "facturen", "monteurs", "teruggebeld", "xyzzy",
]


@dataclass
class Settings:
    sizes: list[int]
    engines: list[str]
    companies: int
    duration: int
    warmup: int
    connections: int
    threads: int
    workers: int
    storm_seconds: int
    storm_users: int
    postgres_url: str
    output: Path
    modes: list[str] = field(default_factory=lambda: ["cached", "uncached"])
    only: str | None = None
    moderation_stories: int = moderation.STORIES
    moderation_repeats: int = 30
    moderation_database: str = "helpdeskhel_bench_moderation"

    @property
    def pages(self) -> bool:
        return self.only in (None, "pages")

    @property
    def moderation(self) -> bool:
        return self.only in (None, "moderation") and self.moderation_stories > 0


def parse_args(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="complaints per database, comma-separated (default: %(default)s)")
    parser.add_argument("--engines", default="sqlite,postgresql",
                        help="sqlite, postgresql or both (default: %(default)s)")
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=12, help="seconds measured per page")
    parser.add_argument("--warmup", type=int, default=6, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")),
                        help="gunicorn workers, as make run (default: %(default)s)")
    parser.add_argument("--storm-seconds", type=int, default=40)
    parser.add_argument("--storm-users", type=int, default=48)
    parser.add_argument("--modes", default="cached,uncached")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where benchmark databases may be created")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--only", choices=["pages", "moderation"],
                        help="run only the pages (with the storm of submissions) or only the "
                        "moderation storm (default: both)")
    parser.add_argument("--moderation-stories", type=int, default=moderation.STORIES,
                        help="waiting stories of the moderation storm (default: %(default)s)")
    parser.add_argument("--moderation-repeats", type=int, default=30,
                        help="requests per queue page timed (default: %(default)s)")
    parser.add_argument("--moderation-database", default="helpdeskhel_bench_moderation",
                        help="the PostgreSQL database the moderation storm makes and drops")
    args = parser.parse_args(argv)
    return Settings(
        sizes=sorted(int(s) for s in args.sizes.split(",") if s),
        engines=[e for e in args.engines.split(",") if e], companies=args.companies,
        duration=args.duration, warmup=args.warmup, connections=args.connections,
        threads=args.threads, workers=args.workers, storm_seconds=args.storm_seconds,
        storm_users=args.storm_users, postgres_url=args.postgres_url, output=args.output,
        modes=[m for m in args.modes.split(",") if m], only=args.only,
        moderation_stories=args.moderation_stories,
        moderation_repeats=args.moderation_repeats,
        moderation_database=args.moderation_database)


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


# --- tools --------------------------------------------------------------------------------------

def ensure_tools() -> None:
    """wrk from Debian's packages, locust in .venv-bench (the Makefile makes that one)."""
    if shutil.which("wrk") is None:
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            sys.exit("make bench needs wrk: apt-get install wrk")
        log("installing wrk from Debian's packages")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not LOCUST.exists():
        sys.exit(f"{LOCUST} is missing: run `make bench`, which installs it")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- databases ------------------------------------------------------------------------------

def seed_fingerprint(settings: Settings, size: int) -> str:
    """Whatever changes the data: the seed code, the stories, the migrations, the sizes."""
    digest = hashlib.sha256(f"{size}:{settings.companies}".encode())
    demo = ROOT / "complaints" / "demo"
    for path in [demo / "bulk.py", demo / "stories.py", demo / "data" / "story_parts.toml",
                 *sorted((ROOT / "migrations" / "versions").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(VENV_BIN / "flask"), "--app", "app", *args], cwd=ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def postgres_database_url(settings: Settings, name: str) -> str:
    base, _, _ = settings.postgres_url.rpartition("/")
    return f"{base}/{name}"


def _postgres_admin(settings: Settings, *statements: str) -> None:
    import psycopg

    with psycopg.connect(settings.postgres_url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _postgres_exists(settings: Settings, name: str) -> bool:
    import psycopg

    with psycopg.connect(settings.postgres_url) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone() is not None


def prepare_database(settings: Settings, engine: str, size: int) -> tuple[str, dict]:
    """A seeded database of `size` complaints: its URL and what it took to make."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    manifest_path = BENCH_DIR / f"{engine}-{size}.json"
    fingerprint = seed_fingerprint(settings, size)
    name = f"helpdeskhel_bench_{size}"
    path = BENCH_DIR / f"sqlite-{size}.sqlite"
    url = f"sqlite:///{path}" if engine == "sqlite" else postgres_database_url(settings, name)
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    present = path.exists() if engine == "sqlite" else _postgres_exists(settings, name)
    if present and manifest.get("fingerprint") == fingerprint:
        log(f"{engine} {size:,}: reusing the database seeded {manifest['seeded_at']}")
        if engine == "postgresql":
            vacuum_if_never_vacuumed(url)
        return url, {**manifest, "reused": True}
    log(f"{engine} {size:,}: seeding {settings.companies:,} companies, {size:,} complaints")
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _postgres_admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                        f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    env = {"DATABASE_URL": url, "PAGE_CACHE": "off"}
    flask(env, "db", "upgrade")
    output = flask(env, "seed-bulk", "--companies", str(settings.companies),
                   "--complaints", str(size))
    if engine == "postgresql":
        vacuum_if_never_vacuumed(url)
    manifest = {"fingerprint": fingerprint, "seeded_at": datetime.now(UTC).isoformat(
        timespec="seconds"), "seed_seconds": round(time.perf_counter() - started, 1),
        "seed_output": output.strip()}
    manifest_path.write_text(json.dumps(manifest, indent=2))
    log(f"{engine} {size:,}: seeded in {manifest['seed_seconds']} s")
    return url, {**manifest, "reused": False}


def vacuum_if_never_vacuumed(url: str) -> None:
    """What autovacuum does to a live database after a bulk load, done now: a server with
    autovacuum off (as test servers often are) would otherwise be measured with an empty
    visibility map (index-only scans that read the table) and full GIN pending lists."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as connection:
        never = connection.execute(
            "SELECT last_vacuum IS NULL AND last_autovacuum IS NULL FROM pg_stat_user_tables "
            "WHERE relname = 'complaints'").fetchone()
        if never and never[0]:
            log("vacuuming and analysing (autovacuum has not run on this database)")
            started = time.perf_counter()
            connection.execute("VACUUM (ANALYZE)")
            log(f"vacuumed in {time.perf_counter() - started:.0f} s")


@contextmanager
def scratch_copy(settings: Settings, engine: str, url: str):
    """A copy of a benchmark database for the storm, dropped afterwards."""
    if engine == "sqlite":
        source = url.removeprefix("sqlite:///")
        target = Path(tempfile.mkdtemp(dir=BENCH_DIR)) / "storm.sqlite"
        with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
            origin.backup(copy)
        try:
            yield f"sqlite:///{target}"
        finally:
            shutil.rmtree(target.parent)
        return
    source = url.rpartition("/")[2]
    name = f"{source}_storm"
    _postgres_admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                    f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    try:
        yield postgres_database_url(settings, name)
    finally:
        _postgres_admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _site(url: str):
    """The site's app on `url`, for picking pages and checking the storm (no page cache)."""
    from complaints import create_app
    from complaints.config import DevelopmentConfig, normalize_database_url

    class Bench(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = normalize_database_url(url)
        PAGE_CACHE = "off"
        # It serves no request; and the rate limiter is shared by every app of the process
        # (the tests' too), so this one must not switch it on for them.
        RATELIMIT_ENABLED = False

    return create_app(Bench)


def pick_paths(url: str) -> dict[str, list[str]]:
    """The URLs of each key page: a spread of published complaints, the company with the most
    complaints, searches with and without filters."""
    from sqlalchemy import text

    from complaints.extensions import db

    app = _site(url)
    with app.app_context():
        low, high = db.session.execute(text("SELECT min(id), max(id) FROM complaints")).one()
        rng = random.Random(7)
        probes = sorted({rng.randint(low, high) for _ in range(600)})
        ids = list(db.session.execute(text(
            "SELECT id FROM complaints WHERE status IN ('open', 'answered', 'resolved') "
            f"AND id IN ({', '.join(map(str, probes))})")).scalars())[:200]
        big = db.session.execute(text(
            "SELECT slug FROM companies WHERE status = 'listed' "
            "ORDER BY published_count DESC LIMIT 1")).scalar()
        db.session.remove()
        db.engine.dispose()
    from urllib.parse import quote

    searches = [f"/search?q={quote(q)}" for q in SEARCHES]
    searches += [f"/search?q={quote(q)}&company={big}" for q in ("factuur", "storing")]
    searches += ["/search?q=monteur&window=30d", "/search?q=factuur&sector=telecom",
                 "/search?q=storing&sort=newest", "/search?q=opzeggen&category=contract",
                 "/search?q=klantenservice&status=open"]
    return {"home": ["/"], "complaints": ["/complaints"],
            "complaint": [f"/complaints/{i}" for i in ids], "company": [f"/companies/{big}"],
            "rankings": ["/rankings"], "search": searches}


# --- the server and the load ---------------------------------------------------------------------

class Server:
    """gunicorn as `make run` starts it, on a free port, with its log in a file."""

    def __init__(self, settings: Settings, app: str, env: dict, cwd: Path = ROOT,
                 access_format: str | None = None):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False,
                                               dir=BENCH_DIR)
        command = [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(settings.workers), "--access-logfile", "-",
                   *(["--access-logformat", access_format] if access_format else []), app]
        self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env},
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self, path: str = "/") -> None:
        import urllib.request

        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.3)
        sys.exit(f"gunicorn did not answer; see {self.log.name}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def cpu_seconds(self) -> float:
        """User and system CPU time the workers have used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def status_counts(self) -> dict[str, int]:
        """Response codes from gunicorn's access log."""
        counts: dict[str, int] = {}
        with open(self.log.name, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.split('" ')
                if len(parts) > 1 and parts[1][:3].isdigit():
                    counts[parts[1][:3]] = counts.get(parts[1][:3], 0) + 1
        return counts

    def access_lines(self) -> list[str]:
        """The log so far (access lines and the server's own)."""
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace").splitlines()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        Path(self.log.name).unlink(missing_ok=True)


def site_env(url: str, mode: str) -> dict:
    return {"DATABASE_URL": url, "PAGE_CACHE": "memory" if mode == "cached" else "off",
            "PAGE_CACHE_GENERATION_PATH": str(BENCH_DIR / "page-cache.generation")}


def wrk(settings: Settings, base: str, paths: list[str], seconds: int,
        headers: tuple[str, ...] = ()) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", dir=BENCH_DIR, delete=False) as f:
        f.write("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            ["wrk", f"-t{settings.threads}", f"-c{settings.connections}", f"-d{seconds}s",
             "--timeout", "10s", *(arg for header in headers for arg in ("-H", header)),
             "-s", str(HERE / "wrk.lua"), base, "--", f.name],
            capture_output=True, text=True, check=True)
    finally:
        Path(f.name).unlink()
    line = next(ln for ln in reversed(result.stdout.splitlines()) if ln.startswith("{"))
    data = json.loads(line)
    seconds = data["duration_us"] / 1e6
    return {"rps": round(data["requests"] / seconds, 1), "requests": data["requests"],
            "p50_ms": data["p50_us"] / 1000, "p95_ms": data["p95_us"] / 1000,
            "p99_ms": data["p99_us"] / 1000, "max_ms": data["max_us"] / 1000,
            "errors": data["connect_errors"] + data["read_errors"] + data["write_errors"]
            + data["timeouts"], "bad_status": data["bad_status"]}


def measure(settings: Settings, server: Server, paths: list[str],
            headers: tuple[str, ...] = ()) -> dict:
    wrk(settings, server.url, paths, settings.warmup, headers)
    return wrk(settings, server.url, paths, settings.duration, headers)


def measure_bare(settings: Settings) -> dict:
    """The bare app's small page, and its page of 20 articles from a template file: the
    ceiling, and what a list page cannot go below."""
    server = Server(settings, "bare:app", {}, cwd=HERE)
    try:
        server.wait()
        result = measure(settings, server, ["/"])
        result["template"] = measure(settings, server, ["/articles"])
        result["worker_rss_mb"] = server.worker_rss_mb()
    finally:
        server.stop()
    log(f"bare Flask app: {result['rps']:,.0f} requests/s, p99 {result['p99_ms']:.1f} ms; "
        f"20 articles from a template: {result['template']['rps']:,.0f} requests/s")
    return result


def signed_in_cookie(server: Server, email: str) -> str:
    """Sign in through the form as a browser does; the Cookie header the session needs."""
    import http.cookiejar
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(f"{server.url}/auth/login", timeout=10) as page:
        token = profiles.TOKEN.search(page.read().decode()).group(1)
    form = urllib.parse.urlencode({"email": email, "password": profiles.PASSWORD,
                                   "csrf_token": token}).encode()
    try:
        opener.open(f"{server.url}/auth/login", data=form, timeout=10)
    except urllib.error.HTTPError as answer:  # the 303 after signing in
        if answer.code != 303:
            sys.exit(f"{email} could not sign in: {answer.code}")
    return "Cookie: " + "; ".join(f"{c.name}={c.value}" for c in jar)


def _log_result(mode: str, page: str, r: dict) -> None:
    log(f"  {mode:8} {page:13} {r['rps']:8,.0f}/s  p50 {r['p50_ms']:6.1f}  p95 "
        f"{r['p95_ms']:6.1f}  p99 {r['p99_ms']:6.1f} ms  errors {r['errors'] + r['bad_status']}")


def measure_site(settings: Settings, url: str, paths: dict[str, list[str]],
                 signed_in: dict | None = None) -> dict:
    """Each key page as deployed and with the page cache off; with the cache off also the
    pages of people who are signed in (`signed_in`, from `profiles.people`), each with a
    session of its own (they never come from the page cache)."""
    results: dict = {}
    for mode in settings.modes:
        server = Server(settings, "app:app", site_env(url, mode))
        try:
            server.wait("/healthz")
            results[mode] = {}
            for page in PAGES:
                results[mode][page] = measure(settings, server, paths[page])
                _log_result(mode, page, results[mode][page])
            if mode == "uncached":
                # What one search costs when nobody queues: one connection per worker.
                alone = Settings(**{**settings.__dict__, "connections": settings.workers,
                                    "threads": 1})
                results[mode]["search_alone"] = measure(alone, server, paths["search"])
                _log_result(mode, "search, alone", results[mode]["search_alone"])
                for page, who in (profiles.SIGNED_IN.items() if signed_in else ()):
                    cookie = signed_in_cookie(server, signed_in["emails"][who])
                    results[mode][page] = measure(settings, server,
                                                  [signed_in["paths"][page]], (cookie,))
                    _log_result(mode, page, results[mode][page])
            results[mode]["worker_rss_mb"] = server.worker_rss_mb()
        finally:
            server.stop()
    return results


# --- the storm ------------------------------------------------------------------------------------

def storm_plan(url: str, users: int) -> dict:
    """Synthetic people of the scratch copy who may sign in, with their own published
    complaints to reply on, and the companies and stories they write about."""
    from sqlalchemy import text
    from werkzeug.security import generate_password_hash

    from complaints.demo.stories import story
    from complaints.extensions import db

    app = _site(url)
    # A cheap hash: signing in hundreds of people must not be what the storm measures.
    password_hash = generate_password_hash(STORM_PASSWORD, "pbkdf2:sha256:1000")
    with app.app_context():
        people = db.session.execute(text(
            "SELECT id, email FROM users WHERE email LIKE 'consument%' ORDER BY id LIMIT :n"),
            {"n": users * 8}).all()
        # Bulk addresses end in .invalid, which the sign-in form rightly refuses.
        db.session.execute(text("UPDATE users SET password_hash = :hash, "
                                "email = 'storm' || id || '@example.nl' WHERE id IN "
                                f"({', '.join(str(p.id) for p in people)})"),
                           {"hash": password_hash})
        own: dict[int, list[int]] = {}
        for author_id, complaint_id in db.session.execute(text(
                "SELECT author_id, id FROM complaints WHERE status IN ('open', 'answered') "
                f"AND author_id IN ({', '.join(str(p.id) for p in people)})")):
            own.setdefault(author_id, []).append(complaint_id)
        companies = list(db.session.execute(text(
            "SELECT name FROM companies WHERE status = 'listed' "
            "ORDER BY published_count DESC LIMIT 200")).scalars())
        db.session.commit()
        highest = dict(db.session.execute(text(
            "SELECT 'complaints', coalesce(max(id), 0) FROM complaints UNION ALL "
            "SELECT 'replies', coalesce(max(id), 0) FROM replies")).all())
        db.session.remove()
        db.engine.dispose()
    rng = random.Random(11)
    stories = []
    for _ in range(200):
        category = rng.choice(["reachability", "billing", "delivery", "outage", "contract",
                               "advice", "other"])
        title, body = story(rng, rng.choice(["telecom", "energy", "finance", "retail"]),
                            category)
        stories.append({"title": title, "body": body, "category": category})
    accounts = [{"email": f"storm{p.id}@example.nl",
                 "ip": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
                 "complaints": own.get(p.id, [])[:20]} for n, p in enumerate(people, start=1)]
    return {"password": STORM_PASSWORD, "accounts": accounts, "companies": companies,
            "stories": stories, "highest": highest}


def check_storm(url: str, plan: dict, record: dict) -> dict:
    """Every accepted submission in the database exactly once, with its own word."""
    from sqlalchemy import text

    from complaints.extensions import db

    app = _site(url)
    with app.app_context():
        complaints = db.session.execute(text(
            "SELECT id, title FROM complaints WHERE id > :after"),
            {"after": plan["highest"]["complaints"]}).all()
        replies = db.session.execute(text(
            "SELECT id, body_source FROM replies WHERE id > :after"),
            {"after": plan["highest"]["replies"]}).all()
        db.session.remove()
        db.engine.dispose()
    stored = {"complaint": {row.id: row.title for row in complaints},
              "reply": {row.id: row.body_source for row in replies}}
    # The storm's word is the only "(tenletters)" in what it wrote.
    words = Counter(match for kind in stored.values() for value in kind.values()
                    for match in WORD.findall(value))
    lost = twice = 0
    for item in record["accepted"]:
        lost += f"({item['word']})" not in stored[item["kind"]].get(item["id"], "")
        twice += words[item["word"]] > 1
    return {"lost": lost, "twice": twice, "stored_complaints": len(complaints),
            "stored_replies": len(replies)}


def run_storm(settings: Settings, engine: str, url: str) -> dict:
    with scratch_copy(settings, engine, url) as copy:
        log(f"{engine}: storm of {settings.storm_users} browsers for "
            f"{settings.storm_seconds} s on a copy of the largest database")
        plan = storm_plan(copy, settings.storm_users)
        server = Server(settings, "app:app", {**site_env(copy, "cached"),
                                              "TRUSTED_PROXIES": "1"})
        plan_file = BENCH_DIR / "storm-plan.json"
        record_file = BENCH_DIR / "storm-record.json"
        plan_file.write_text(json.dumps(plan))
        record_file.unlink(missing_ok=True)
        try:
            server.wait("/healthz")
            started, cpu_before = time.time(), server.cpu_seconds()
            subprocess.run(
                [str(LOCUST), "-f", str(HERE / "storm.py"), "--headless", "--only-summary",
                 "-u", str(settings.storm_users), "-r", str(settings.storm_users),
                 "-t", f"{settings.storm_seconds}s", "--host", server.url, "--stop-timeout",
                 "10", "--loglevel", "WARNING"],
                cwd=BENCH_DIR, env={**os.environ, "STORM_PLAN": str(plan_file),
                                    "STORM_RECORD": str(record_file)},
                capture_output=True, text=True, check=False)
            elapsed = time.time() - started
            cpu = server.cpu_seconds() - cpu_before
            rss = server.worker_rss_mb()
            server_statuses = server.status_counts()
        finally:
            server.stop()
        record = json.loads(record_file.read_text())
        checked = check_storm(copy, plan, record)
    accepted = record["accepted"]
    complaints = sorted(a["at"] for a in accepted if a["kind"] == "complaint")
    replies = [a for a in accepted if a["kind"] == "reply"]
    # Sustained: from the first accepted complaint (everyone signed in) to the last.
    window = (complaints[-1] - complaints[0]) if len(complaints) > 1 else elapsed
    statuses = record["statuses"]
    result = {
        "users": settings.storm_users, "seconds": round(elapsed, 1),
        "complaints": len(complaints), "replies": len(replies),
        "complaints_per_s": round(len(complaints) / window, 1) if window else 0.0,
        "replies_per_s": round(len(replies) / window, 1) if window else 0.0,
        "statuses": statuses, "server_statuses": server_statuses,
        "server_5xx": sum(n for code, n in server_statuses.items() if code.startswith("5")),
        "client_5xx": sum(n for code, n in statuses.items() if code.startswith("5")),
        "failed_connections": statuses.get("0", 0), "worker_rss_mb": rss,
        "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_submission": round(cpu * 1000 / max(1, len(accepted)), 1),
        **checked}
    log(f"{engine}: storm {result['complaints_per_s']}/s complaints, "
        f"{result['replies_per_s']}/s replies, lost {result['lost']}, twice {result['twice']}, "
        f"5xx {result['server_5xx']}")
    return result


# --- the machine ---------------------------------------------------------------------------

def describe_machine(settings: Settings) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    tools = [("gunicorn", [str(VENV_BIN / "gunicorn"), "--version"])]
    if settings.pages:
        tools += [("wrk", ["wrk", "--version"]), ("locust", [str(LOCUST), "--version"])]
    for name, command in tools:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        versions[name] = (result.stdout or result.stderr).strip().splitlines()[0]
    if "postgresql" in settings.engines:
        import psycopg

        with psycopg.connect(settings.postgres_url) as connection:
            versions["postgresql"] = connection.execute("SHOW server_version").fetchone()[0]
            versions["postgresql_shared_buffers"] = connection.execute(
                "SHOW shared_buffers").fetchone()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory,
            "system": f"{platform.system()} {platform.release()}",
            "versions": versions}


def main(argv: list[str] | None = None) -> None:
    settings = parse_args(argv)
    if settings.pages:
        ensure_tools()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    run = {"started": datetime.now(UTC).isoformat(timespec="seconds"),
           "machine": describe_machine(settings),
           "settings": {"sizes": settings.sizes, "companies": settings.companies,
                        "duration_s": settings.duration, "warmup_s": settings.warmup,
                        "connections": settings.connections, "wrk_threads": settings.threads,
                        "gunicorn_workers": settings.workers,
                        "storm_users": settings.storm_users,
                        "storm_seconds": settings.storm_seconds, "only": settings.only,
                        "moderation_stories": settings.moderation_stories,
                        "moderation_repeats": settings.moderation_repeats},
           "engines": {}}
    for engine in settings.engines:
        log(f"=== {engine}")
        result = measure_pages(settings, engine) if settings.pages else {}
        if settings.moderation:
            result["moderation"] = moderation.run(sys.modules[__name__], settings, engine)
        run["engines"][engine] = result
    run["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    report.write(run, settings.output)
    log(f"results in {settings.output}")


def measure_pages(settings: Settings, engine: str) -> dict:
    """The key pages at each size against the bare app, and the storm of submissions."""
    result: dict = {"bare_before": measure_bare(settings), "sizes": {}}
    largest = None
    for size in settings.sizes:
        url, database = prepare_database(settings, engine, size)
        paths = pick_paths(url)
        signed_in = profiles.people(_site(url))
        log(f"{engine} {size:,}: measuring")
        result["sizes"][str(size)] = {"database": database,
                                      **measure_site(settings, url, paths, signed_in)}
        largest = url
    if largest:
        size = str(max(settings.sizes))
        log(f"{engine} {int(size):,}: profiling each page with the page cache off")
        result["sizes"][size]["profiles"] = profiles.profile_pages(
            _site(largest), pick_paths(largest), PROFILES_DIR, f"{engine}-{size}")
    if largest and settings.storm_seconds > 0:
        result["storm"] = run_storm(settings, engine, largest)
    # The ceiling measured again at the end; the mean of both is what pages are held to.
    result["bare_after"] = measure_bare(settings)
    result["bare"] = {key: round((result["bare_before"][key] + result["bare_after"][key]) / 2, 2)
                      for key in ("rps", "p50_ms", "p95_ms", "p99_ms")}
    result["bare"]["template_rps"] = round((result["bare_before"]["template"]["rps"]
                                            + result["bare_after"]["template"]["rps"]) / 2, 1)
    return result


if __name__ == "__main__":
    main()
