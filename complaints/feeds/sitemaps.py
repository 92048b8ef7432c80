"""robots.txt and the sitemaps for search engines, written piece by piece."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from xml.sax.saxutils import escape

URLS_PER_FILE = 50_000  # the sitemap protocol's limit per file
XML_CONTENT_TYPE = "application/xml; charset=utf-8"
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Pages that are private, personal or forms: search engines have nothing to find there.
# The public moderation log is allowed first, since "/moderation" also matches its path.
ALLOWED = ("/moderation-log",)
DISALLOWED = ("/moderation", "/webcare", "/account", "/auth", "/complaints/new",
              "/invitations", "/claims")


def robots_txt(sitemap_url: str) -> str:
    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in ALLOWED]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {sitemap_url}", ""]
    return "\n".join(lines)


def lastmod(moment: datetime) -> str:
    """W3C datetime in UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def complaint_file_count(highest_id: int) -> int:
    """complaints-<n>.xml holds ids (n-1)·50,000+1 … n·50,000, so each file has at most
    50,000 URLs whatever the gaps, and the number of files follows from the highest id."""
    return -(-highest_id // URLS_PER_FILE)


def complaint_id_range(number: int) -> tuple[int, int]:
    return (number - 1) * URLS_PER_FILE + 1, number * URLS_PER_FILE


def sitemap_index(files: Iterable[tuple[str, datetime | None]]) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">\n'
    for url, changed in files:
        stamp = f"<lastmod>{lastmod(changed)}</lastmod>" if changed else ""
        yield f"<sitemap><loc>{escape(url)}</loc>{stamp}</sitemap>\n"
    yield "</sitemapindex>\n"


def urlset(urls: Iterable[tuple[str, datetime | None]], *, per_chunk: int = 500
           ) -> Iterator[str]:
    """A <urlset> of (absolute URL, last change), in chunks of a few hundred URLs."""
    chunk = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">\n']
    for url, changed in urls:
        stamp = f"<lastmod>{lastmod(changed)}</lastmod>" if changed else ""
        chunk.append(f"<url><loc>{escape(url)}</loc>{stamp}</url>\n")
        if len(chunk) >= per_chunk:
            yield "".join(chunk)
            chunk.clear()
    chunk.append("</urlset>\n")
    yield "".join(chunk)
