"""docs/benchmarks.md from the runs in docs/benchmarks.json: the newest run in full with the
targets it meets, the change against the run before it, and the earlier runs kept below."""

from __future__ import annotations

import json
from pathlib import Path

PAGE_LABELS = {"home": "home `/`", "complaints": "`/complaints`",
               "complaint": "a complaint page (200 in turn)",
               "company": "largest company's page", "rankings": "`/rankings`",
               "search": "a search (45 in turn)"}
SIGNED_IN_LABELS = {"consumer_complaint": "a consumer on their complaint",
                    "consumer_account": "a consumer on their account",
                    "webcare_inbox": "webcare inbox of the largest company",
                    "moderation_queue": "a moderator on the queue"}
MODE_LABELS = {"cached": "as deployed (page cache on, anonymous visitors)",
               "uncached": "page cache off (what each page costs to make)"}
TARGET_SHARE, TARGET_P99, TARGET_SCALE, TARGET_SEARCH_P95 = 0.35, 50.0, 1.3, 50.0
TARGET_STORM, TARGET_RSS, TARGET_STORM_CPU_MS = 100.0, 150.0, 10.0
# Every page made without the page cache, signed in or not, against the bare app's page of
# 20 articles rendered from a template (issue 20).
TARGET_TEMPLATE_SHARE = 0.3
TARGET_QUEUE_MS, TARGET_LOW_LANE = 100.0, 25.0
QUEUE_LABELS = {"low": "`/moderation?lane=low`", "normal": "`/moderation?lane=normal`",
                "high": "`/moderation?lane=high`", "groups": "`/moderation/groups`"}
PART_LABELS = {"low": "low-risk lane, a page at a time",
               "groups": "near-duplicate groups", "normal": "normal lane, one by one",
               "high": "high-risk lane, one by one"}


def _history(json_path: Path) -> list[dict]:
    if json_path.exists():
        return json.loads(json_path.read_text())
    return []


def write(run: dict, markdown_path: Path) -> None:
    json_path = markdown_path.with_suffix(".json")
    runs = [run, *_history(json_path)]
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(runs, indent=1) + "\n")
    markdown_path.write_text(render(runs))


def _previous(runs: list[dict], engine: str) -> dict | None:
    return next((r["engines"][engine] for r in runs[1:] if engine in r.get("engines", {})),
                None)


def _change(now: float, before: float | None) -> str:
    if not before:
        return "–"
    return f"{(now - before) / before:+.0%}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def targets(engine: dict) -> list[tuple[str, bool, str]]:
    """(target, met, what was measured) for one engine of one run."""
    out = _page_targets(engine) if engine.get("sizes") else []
    if moderation := engine.get("moderation"):
        out += moderation_targets(moderation)
    return out


def moderation_targets(storm: dict) -> list[tuple[str, bool, str]]:
    waiting = storm["split"]["waiting"]
    slowest = max(storm["pages"], key=lambda page: storm["pages"][page]["p95_ms"])
    p95 = storm["pages"][slowest]["p95_ms"]
    low = storm["parts"]["low"]
    return [
        (f"every queue page p95 < 100 ms with {waiting:,} stories waiting (server time)",
         p95 < TARGET_QUEUE_MS, f"slowest {QUEUE_LABELS[slowest]} {p95:.1f} ms"),
        ("low-risk lane ≥ 25 stories per request (one request per 25 stories at most)",
         low["stories_per_request"] >= TARGET_LOW_LANE,
         f"{low['stories_per_request']:.1f} stories per request"),
        ("moderation storm cleared: none left waiting, no 5xx",
         storm["left_waiting"] == 0 and storm["server_5xx"] == 0,
         f"{storm['left_waiting']} left waiting, 5xx {storm['server_5xx']}"),
    ]


def _page_targets(engine: dict) -> list[tuple[str, bool, str]]:
    sizes = engine["sizes"]
    largest, smallest = sizes[max(sizes, key=int)], sizes[min(sizes, key=int)]
    bare = engine["bare"]["rps"]
    out = []
    cached = largest.get("cached", {})
    if cached:
        worst_share = min(cached[p]["rps"] / bare for p in PAGE_LABELS)
        worst_p99 = max(cached[p]["p99_ms"] for p in PAGE_LABELS)
        out.append(("every key page ≥ 35% of the bare app's requests/s (largest size, as "
                    "deployed)", worst_share >= TARGET_SHARE, f"lowest {worst_share:.0%}"))
        out.append(("every key page p99 < 50 ms at 16 connections (largest size, as deployed)",
                    worst_p99 < TARGET_P99, f"highest {worst_p99:.1f} ms"))
    for mode in ("cached", "uncached"):
        if mode in largest and mode in smallest and largest is not smallest:
            worst = max(smallest[mode][p]["rps"] / largest[mode][p]["rps"]
                        for p in PAGE_LABELS)
            out.append((f"scale curve flat: largest costs ≤ 1.3× smallest ({mode})",
                        worst <= TARGET_SCALE, f"worst {worst:.2f}×"))
    template = engine["bare"].get("template_rps")
    uncached = largest.get("uncached", {})
    if template and uncached:
        pages = [p for p in [*PAGE_LABELS, *SIGNED_IN_LABELS] if p in uncached]
        worst = min(pages, key=lambda p: uncached[p]["rps"])
        share = uncached[worst]["rps"] / template
        out.append(("every key page and signed-in page ≥ 0.3× the bare template page's "
                    "requests/s (largest size, page cache off)", share >= TARGET_TEMPLATE_SHARE,
                    f"lowest {share:.2f}× ({_label(worst)})"))
    if alone := largest.get("uncached", {}).get("search_alone"):
        out.append(("search p95 < 50 ms at the largest size (page cache off, one connection "
                    "per worker, 45 searches in turn)", alone["p95_ms"] < TARGET_SEARCH_P95,
                    f"{alone['p95_ms']:.1f} ms"))
    if "cached" in largest:
        p95 = largest["cached"]["search"]["p95_ms"]
        out.append(("search p95 < 50 ms at the largest size (as deployed, 16 connections)",
                    p95 < TARGET_SEARCH_P95, f"{p95:.1f} ms"))
    if storm := engine.get("storm"):
        clean = storm["lost"] == 0 and storm["twice"] == 0 and storm["server_5xx"] == 0
        cpu = storm.get("server_cpu_ms_per_submission")
        out.append(("storm ≥ 100 complaints/s sustained, or < 10 ms of the server's CPU per "
                    "accepted submission where the load tool shares the cores",
                    storm["complaints_per_s"] >= TARGET_STORM
                    or (cpu is not None and cpu < TARGET_STORM_CPU_MS),
                    f"{storm['complaints_per_s']}/s, {cpu} ms CPU per submission"))
        out.append(("storm: none lost, none twice, no 5xx", clean,
                    f"lost {storm['lost']}, twice {storm['twice']}, 5xx {storm['server_5xx']}"))
    rss = [mb for size in sizes.values() for mode in ("cached", "uncached")
           for mb in size.get(mode, {}).get("worker_rss_mb", [])]
    rss += (engine.get("storm") or {}).get("worker_rss_mb", [])
    if rss:
        out.append(("each gunicorn worker < 150 MB resident after the run", max(rss) <
                    TARGET_RSS, f"largest {max(rss):.0f} MB"))
    return out


def _label(page: str) -> str:
    return PAGE_LABELS.get(page) or SIGNED_IN_LABELS[page]


def render(runs: list[dict]) -> str:
    run = runs[0]
    machine = run["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (`python -m bench`); do not edit by hand. The "
        "newest run comes first, with the change against the run before it (in each page's "
        "share of the bare app's requests/s, which carries over from one machine to another "
        "where requests/s do not); earlier runs are kept at the end and in "
        "`benchmarks.json`.",
        "",
        f"## Run of {run['started']}",
        "",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory_mb']:,} MB memory, {machine['system']}.",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in machine["versions"].items()) + ".",
    ]
    if any(engine.get("sizes") for engine in run["engines"].values()):
        lines += [
        f"- Load: wrk, {run['settings']['connections']} connections, "
        f"{run['settings']['wrk_threads']} threads, {run['settings']['warmup_s']} s warm-up "
        f"then {run['settings']['duration_s']} s per page, from a separate process on the "
        f"same machine. Site and bare app: gunicorn with "
        f"{run['settings']['gunicorn_workers']} sync workers, as `make run`.",
        f"- Data: `seed-bulk` with {run['settings']['companies']:,} companies; sizes "
        + ", ".join(f"{s:,}" for s in run["settings"]["sizes"]) + " complaints.",
        ]
    if any(engine.get("moderation") for engine in run["engines"].values()):
        lines.append("- Moderation storm: one moderator's browser against gunicorn with "
                     f"{run['settings']['gunicorn_workers']} sync workers, one request at a "
                     "time, from the same machine (`bench/moderation.py`).")
    lines.append("")
    for name, engine in run["engines"].items():
        before = _previous(runs, name)
        lines += [f"### {'SQLite' if name == 'sqlite' else 'PostgreSQL'}", ""]
        if bare := engine.get("bare"):
            lines += [f"Bare Flask app (the ceiling): **{_fmt(bare['rps'])} requests/s**, p50 "
                      f"{bare['p50_ms']:.1f} ms, p99 {bare['p99_ms']:.1f} ms (the mean of "
                      f"{_fmt(engine['bare_before']['rps'])}/s before and "
                      f"{_fmt(engine['bare_after']['rps'])}/s after the pages)."
                      + (f" Its page of 20 articles from a template file: **"
                         f"{_fmt(bare['template_rps'])} requests/s**." if bare.get(
                             "template_rps") else ""), ""]
        lines += ["Targets:", ""]
        lines += [f"- {'✅ met' if met else '❌ not met'}: {label} — {measured}"
                  for label, met, measured in targets(engine)]
        lines.append("")
        if engine.get("sizes"):
            lines += _pages_section(engine, before)
        if storm := engine.get("moderation"):
            lines += _moderation_section(storm, _previous_moderation(runs, name))
    if len(runs) > 1:
        lines += ["## Earlier runs", ""]
        for old in runs[1:]:
            lines += [f"### {old['started']}", "",
                      "| engine | complaints | page | as deployed requests/s | p99 ms | cache "
                      "off requests/s | p99 ms |", "|---|---:|---|---:|---:|---:|---:|"]
            for name, engine in old["engines"].items():
                for size, data in sorted(engine.get("sizes", {}).items(),
                                         key=lambda kv: int(kv[0])):
                    for page in PAGE_LABELS:
                        cells = []
                        for mode in MODE_LABELS:
                            found = data.get(mode, {}).get(page)
                            cells += ([_fmt(found["rps"]), f"{found['p99_ms']:.1f}"] if found
                                      else ["–", "–"])
                        lines.append(f"| {name} | {int(size):,} | {page} | "
                                     + " | ".join(cells) + " |")
                if storm := engine.get("storm"):
                    lines.append(f"| {name} | storm | | {storm['complaints_per_s']} "
                                 f"complaints/s | | lost {storm['lost']}, 5xx "
                                 f"{storm['server_5xx']} | |")
                if storm := engine.get("moderation"):
                    slowest = max(page["p95_ms"] for page in storm["pages"].values())
                    lines.append(f"| {name} | {storm['split']['waiting']:,} waiting | "
                                 f"moderation storm | {storm['total']['requests']:,} requests, "
                                 f"{storm['total']['minutes']} min | | slowest queue page p95 "
                                 f"{slowest:.1f} ms | |")
            lines.append("")
    return "\n".join(lines) + "\n"


def _pages_section(engine: dict, before: dict | None) -> list[str]:
    """The key pages per mode and size, the scale curve, the workers' memory, the
    databases and the storm of submissions."""
    lines: list[str] = []
    bare = engine["bare"]
    for mode, label in MODE_LABELS.items():
        if not any(mode in size for size in engine["sizes"].values()):
            continue
        lines += [f"#### {label.capitalize()}", "",
                  "| complaints | page | requests/s | share of bare | p50 ms | p95 ms | "
                  "p99 ms | errors | change in share of bare |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
        for size, data in sorted(engine["sizes"].items(), key=lambda kv: int(kv[0])):
            if mode not in data:
                continue
            for page in [p for p in [*PAGE_LABELS, *SIGNED_IN_LABELS] if p in data[mode]]:
                r = data[mode][page]
                old = (((before or {}).get("sizes", {}).get(size, {}).get(mode) or {})
                       .get(page) or {}).get("rps")
                old_bare = ((before or {}).get("bare") or {}).get("rps")
                template = bare.get("template_rps") if mode == "uncached" else None
                lines.append(
                    f"| {int(size):,} | {_label(page)} | {_fmt(r['rps'])} | "
                    f"{r['rps'] / bare['rps']:.0%}"
                    + (f" ({r['rps'] / template:.2f}× template)" if template else "")
                    + f" | {r['p50_ms']:.1f} | "
                    f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | "
                    f"{r['errors'] + r['bad_status']} | "
                    f"{_change(r['rps'] / bare['rps'], old and old_bare and old / old_bare)} |")
        if mode == "uncached":
            lines += ["", "A search alone (page cache off, one connection per worker, the "
                      "same 45 searches in turn):", "",
                      "| complaints | requests/s | p50 ms | p95 ms | p99 ms |",
                      "|---:|---:|---:|---:|---:|"]
            for size, data in sorted(engine["sizes"].items(), key=lambda kv: int(kv[0])):
                if r := data.get(mode, {}).get("search_alone"):
                    lines.append(f"| {int(size):,} | {_fmt(r['rps'])} | {r['p50_ms']:.1f} "
                                 f"| {r['p95_ms']:.1f} | {r['p99_ms']:.1f} |")
        lines.append("")
        lines += ["Scale curve (cost per request relative to the smallest database; "
                  "1.00 is flat):", "",
                  "| page | " + " | ".join(f"{int(s):,}" for s in sorted(
                      engine["sizes"], key=int)) + " |",
                  "|---|" + "---:|" * len(engine["sizes"])]
        sizes = sorted(engine["sizes"], key=int)
        for page in [*PAGE_LABELS, *SIGNED_IN_LABELS]:
            base = engine["sizes"][sizes[0]].get(mode, {}).get(page, {}).get("rps")
            if not base:
                continue
            cells = [f"{base / engine['sizes'][s][mode][page]['rps']:.2f}"
                     if page in engine["sizes"][s].get(mode, {}) else "–" for s in sizes]
            lines.append(f"| {_label(page)} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += _profiles_section(engine)
    rss = {f"{int(size):,} {mode}": max(data[mode]["worker_rss_mb"])
           for size, data in engine["sizes"].items() for mode in MODE_LABELS
           if data.get(mode, {}).get("worker_rss_mb")}
    if rss:
        lines += ["Largest gunicorn worker after the run (resident MB): " + ", ".join(
            f"{k}: {v:.0f}" for k, v in rss.items()) + ".", ""]
    databases = [f"{int(size):,}: " + ("reused" if d["database"].get("reused") else
                                       f"seeded in {d['database']['seed_seconds']} s")
                 for size, d in sorted(engine["sizes"].items(), key=lambda kv: int(kv[0]))]
    lines += ["Databases: " + "; ".join(databases) + ".", ""]
    if storm := engine.get("storm"):
        lines += [
            "#### Storm", "",
            f"{storm['users']} locust browsers for {storm['seconds']} s on a copy of the "
            "largest database, each signing in, opening the complaint form, sending it "
            "with the form's CSRF token and following the redirect, and one time in five "
            "replying on one of its own complaints the same way.", "",
            "| complaints accepted | per second | replies accepted | per second | lost | "
            "stored twice | 5xx | failed connections | responses |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| {storm['complaints']:,} | {storm['complaints_per_s']} | "
            f"{storm['replies']:,} | {storm['replies_per_s']} | {storm['lost']} | "
            f"{storm['twice']} | {storm['server_5xx']} | {storm['failed_connections']} | "
            + ", ".join(f"{code}: {n:,}" for code, n in sorted(
                storm["server_statuses"].items())) + " |", "",
            f"The site's workers used {storm.get('server_cpu_s', '–')} s of CPU: "
            f"{storm.get('server_cpu_ms_per_submission', '–')} ms per accepted "
            "submission, its pages included.", ""]
    return lines


def _previous_moderation(runs: list[dict], engine: str) -> dict | None:
    return next((r["engines"][engine]["moderation"] for r in runs[1:]
                 if r.get("engines", {}).get(engine, {}).get("moderation")), None)


def _moderation_section(storm: dict, before: dict | None) -> list[str]:
    """The moderation storm: what waited, the queue pages with everything waiting, and what
    clearing it took, part by part."""
    seed, split, total = storm["seed"], storm["split"], storm["total"]
    lanes = split["lanes"]
    rates = ", ".join(f"{rate:,.0f}" for rate in seed["per_second_by_thousand"])
    lines = [
        "#### Moderation storm", "",
        f"{seed['stories']:,} stories seeded on a fresh database through `submit_complaint`, so "
        "triage ran as on the site: almost all about one telecom company in an outage, "
        f"{seed['new_accounts']:,} from accounts made minutes before, "
        f"{seed['older_accounts']:,} from older accounts ({seed['earlier_stories']:,} earlier "
        "stories published or rejected), with near-duplicate groups, campaigns, personal data "
        "replaced by the guard, links, shouting and abusive words. Seeding took "
        f"{seed['seconds']} s: **{seed['per_second']} stories/s** (per thousand: {rates}/s).",
        "",
        f"Waiting: {split['waiting']:,} — low risk **{lanes['low']:,}**, normal "
        f"**{lanes['normal']:,}**, high **{lanes['high']:,}**; {split['groups']:,} "
        f"near-duplicate groups holding {split['stories_in_groups']:,} stories, "
        f"{split['campaign_groups']} of them possible campaigns. Signals raised: "
        + ", ".join(f"{code} {count:,}" for code, count in split["signals"].items()) + ".",
        "",
        f"Queue pages with {split['waiting']:,} stories waiting, "
        f"{storm['pages']['low']['requests']} requests each after a warm-up (server time from "
        "gunicorn's access log, `%(D)s`; the browser's time includes connecting):", "",
        "| page | median ms | p95 ms | max ms | browser median ms | change in median |",
        "|---|---:|---:|---:|---:|---:|"]
    for page, label in QUEUE_LABELS.items():
        r = storm["pages"][page]
        old = ((before or {}).get("pages", {}).get(page) or {}).get("median_ms")
        lines.append(f"| {label} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{r['max_ms']:.1f} | {r['client_median_ms']:.1f} | "
                     f"{_change(r['median_ms'], old)} |")
    lines += ["", "Clearing it, every request counted (the GET after each redirect too):", "",
              "| part | stories | published | rejected | requests | GET | POST | stories per "
              "request | minutes | server median ms | server p95 ms |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for part, label in PART_LABELS.items():
        r = storm["parts"][part]
        lines.append(f"| {label} | {r['stories']:,} | {r['published']:,} | {r['rejected']:,} | "
                     f"{r['requests']:,} | {r['gets']:,} | {r['posts']:,} | "
                     f"{r['stories_per_request']:.2f} | {r['seconds'] / 60:.1f} | "
                     f"{r['server']['median_ms']:.1f} | {r['server']['p95_ms']:.1f} |")
    lines += [f"| **the whole storm** | {total['stories']:,} | | | **{total['requests']:,}** | "
              f"| | {total['stories_per_request']:.2f} | **{total['minutes']}** | | |", ""]
    low, groups = storm["parts"]["low"]["outcome"], storm["parts"]["groups"]["outcome"]
    normal, high = storm["parts"]["normal"]["outcome"], storm["parts"]["high"]["outcome"]
    lines += [
        f"The low-risk lane took {low['batches']} pages published in one action each "
        f"({low['left_unpublished']} stories left unpublished); {groups['merged']} groups "
        f"were merged and {groups['held']} held as campaigns; in the normal and high lanes "
        f"{normal['published'] + high['published']:,} stories were published and "
        f"{normal['rejected'] + high['rejected']:,} rejected as spam for what their reasons "
        f"said, {normal['refused_then_rejected'] + high['refused_then_rejected']} after the "
        "site refused to publish them. Publishing one story leads to the lane that has waited "
        f"longest: {normal['returns'] + high['returns']:,} times that was another lane and "
        f"the moderator went back to theirs (one GET each). {storm['left_waiting']} stories "
        "were left waiting; responses: " + ", ".join(
            f"{code}: {n:,}" for code, n in sorted(storm["server_statuses"].items())) + ".", "",
        "Server time per kind of request:", "",
        "| part | request | count | median ms | p95 ms | max ms | total s |",
        "|---|---|---:|---:|---:|---:|---:|"]
    for part in PART_LABELS:
        for kind, r in storm["parts"][part]["by_request"].items():
            lines.append(f"| {part} | `{kind}` | {r['requests']:,} | {r['median_ms']:.1f} | "
                         f"{r['p95_ms']:.1f} | {r['max_ms']:.1f} | {r['total_s']:.1f} |")
    lines.append("")
    return lines


def _profiles_section(engine: dict) -> list[str]:
    """Where each page's time goes, from the pyinstrument profiles of the largest size
    (`bench/profiles.py`; the trees are in docs/profiles/)."""
    size = max(engine["sizes"], key=int)
    found = engine["sizes"][size].get("profiles")
    if not found:
        return []
    lines = [f"#### Where the time goes ({int(size):,} complaints, page cache off)", "",
             "Each page alone in the benchmark's process (Flask's test client, no network): "
             "its CPU per request, the SQL statements it sends, and the five functions that "
             "take most time themselves, in ms per request. The call trees are in "
             "`docs/profiles/`.", "",
             "| page | CPU ms | statements | top five costs (ms per request) |",
             "|---|---:|---:|---|"]
    for page, data in found.items():
        top = "; ".join(f"{c['where']} {c['ms_per_request']:.1f}" for c in data["top"])
        lines.append(f"| {_label(page)} | {data['cpu_ms']:.1f} | {data['statements']:.0f} "
                     f"| {top} |")
    return [*lines, ""]
