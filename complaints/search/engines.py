"""The two search engines behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Both answer the same two questions, which complaints match (in result order) and which
companies, from a parsed `SearchQuery` and `Filters`. Neither counts or ranks every match of a
common word: the newest CANDIDATES matches are taken straight from the index in id order and
ranked among themselves, so a search costs the same at ten thousand complaints as at a
million. When more match, the results say so and the filters narrow them down.

Ranking: PostgreSQL's ts_rank_cd with the title weighted above the story (weights A and B);
SQLite first the complaints with every word in the title, then the rest, newest first within
each (FTS5's bm25 would scan every match of each word to weigh it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import text

from complaints.clock import AMSTERDAM, today
from complaints.extensions import db
from complaints.search.parser import SearchQuery, Term, stem
from complaints.search.schema import PUBLIC

CANDIDATES = 500
MAX_FORMS = 12


@dataclass(frozen=True)
class Filters:
    company_id: int | None = None
    sector_id: int | None = None
    category_id: int | None = None
    status: str | None = None
    since: date | None = None  # published on this day or later


@dataclass(frozen=True)
class Named:
    """Companies and categories whose name holds what was typed: their complaints match too,
    though their text may not say the name ("zendgolf" finds every Zendgolf complaint)."""

    company_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.company_ids or self.category_ids)

    def tokens(self) -> list[str]:
        """As the facets of the index spell them (k12, c3)."""
        return ([f"k{int(i)}" for i in self.company_ids]
                + [f"c{int(i)}" for i in self.category_ids])


@dataclass(frozen=True)
class Ranked:
    ids: list[int]  # the candidates in result order
    capped: bool  # more complaints match than were ranked


def _months(since: date, until: date) -> list[str]:
    months, day = [], since.replace(day=1)
    while day <= until:
        months.append(f"m{day:%Y%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return months


# Companies whose folded name starts with the typed words, A to Z, before the others.
_STARTS_FIRST = ("CASE WHEN c.name_key LIKE :start THEN 0 ELSE 1 END, "
                 "CASE WHEN c.name_key LIKE :start THEN c.name_key END")


def _company_words(query: SearchQuery) -> list[str]:
    """The words of a company name as typed; they hold only letters and digits (the parser
    split on everything else), so they are safe in FTS5 and tsquery syntax and in LIKE."""
    return [word for term in query.positive for word in term.words]


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class SqliteSearch:
    """FTS5 over public complaints; Dutch word forms come from the stems table."""

    name = "sqlite"

    def _forms(self, terms: tuple[Term, ...]) -> dict[str, list[str]]:
        """Each single word with the indexed words that share its Dutch stem."""
        forms = {term.words[0]: [term.words[0]] for term in terms if not term.is_phrase}
        by_stem: dict[str, list[str]] = {}
        for word in forms:
            by_stem.setdefault(stem(word), []).append(word)
        if not by_stem:
            return forms
        params = {f"s{i}": value for i, value in enumerate(by_stem)}
        rows = db.session.execute(text(
            "SELECT stem, word FROM complaint_search_stems WHERE stem IN "  # noqa: S608
            f"({', '.join(':' + key for key in params)}) ORDER BY length(word)"), params)
        for row_stem, word in rows:
            for typed in by_stem[row_stem]:
                if word not in forms[typed] and len(forms[typed]) < MAX_FORMS:
                    forms[typed].append(word)
        return forms

    def _words_expression(self, query: SearchQuery) -> str:
        forms = self._forms(query.terms)

        def term(t: Term) -> str:
            if t.is_phrase:
                return _fts_string(t.text)
            return "(" + " OR ".join(_fts_string(form) for form in forms[t.words[0]]) + ")"

        expression = " AND ".join(term(t) for t in query.positive)
        if query.excluded:
            expression = f"({expression}) NOT ({' OR '.join(term(t) for t in query.excluded)})"
        return expression

    def _facets(self, filters: Filters) -> str:
        tokens = []
        if filters.company_id:
            tokens.append(f"k{int(filters.company_id)}")
        if filters.sector_id:
            tokens.append(f"s{int(filters.sector_id)}")
        if filters.category_id:
            tokens.append(f"c{int(filters.category_id)}")
        if filters.status:
            tokens.append("t" + "".join(ch for ch in filters.status if ch.isalpha()))
        if filters.since:
            tokens.append("(" + " OR ".join(_months(filters.since, today())) + ")")
        return " AND ".join(tokens)

    def _match(self, columns: str, words: str, facets: str, named: Named = Named()) -> str:
        expression = f"{{{columns}}} : ({words})"
        if named:
            expression = f"({expression} OR facets : ({' OR '.join(named.tokens())}))"
        return f"{expression} AND facets : ({facets})" if facets else expression

    def complaints(self, query: SearchQuery, filters: Filters, sort: str,
                   named: Named = Named()) -> Ranked:
        words, facets = self._words_expression(query), self._facets(filters)
        since = "AND c.published_on >= :since" if filters.since else ""
        rows = db.session.execute(text(
            "SELECT s.rowid FROM complaint_search AS s "  # noqa: S608 - fixed fragments
            f"{'JOIN complaints AS c ON c.id = s.rowid ' if since else ''}"
            f"WHERE complaint_search MATCH :match {since} "
            "ORDER BY s.rowid DESC LIMIT :limit"),
            {"match": self._match("title body", words, facets, named), "since": filters.since,
             "limit": CANDIDATES + 1}).scalars().all()
        capped = len(rows) > CANDIDATES
        ids = rows[:CANDIDATES]
        if sort == "relevance" and ids:
            in_title = set(db.session.execute(text(
                "SELECT rowid FROM complaint_search "
                "WHERE complaint_search MATCH :match AND rowid >= :low"),
                {"match": self._match("title", words, facets), "low": ids[-1]}).scalars())
            ids = [i for i in ids if i in in_title] + [i for i in ids if i not in in_title]
        return Ranked(ids, capped)

    def companies(self, query: SearchQuery, limit: int, *, names_only: bool) -> list[int]:
        """Listed companies whose (folded) name, or description, has words starting with the
        words typed. Names that start with what was typed come first (A to Z), then the best
        match, then the most complained about."""
        words = _company_words(query)
        if not words:
            return []
        columns = "{name}" if names_only else "{name description}"
        match = " AND ".join(f"{columns} : {_fts_string(word)}*" for word in words)
        return list(db.session.execute(text(
            "SELECT s.rowid FROM company_search AS s JOIN companies AS c ON c.id = s.rowid "  # noqa: S608
            "WHERE company_search MATCH :match ORDER BY "
            f"{_STARTS_FIRST}, bm25(company_search, 10.0, 1.0), c.published_count DESC "
            "LIMIT :limit"),
            {"match": match, "start": " ".join(words) + "%", "limit": limit}).scalars())

    def refresh_word_forms(self) -> int:
        """List the stem of every word in the index that is not listed yet; returns how many
        were added. Reads the whole vocabulary, so it runs from `jobs run`, not per request."""
        known = set(db.session.execute(text("SELECT word FROM complaint_search_stems")).scalars())
        new = [{"word": word, "stem": stem(word)} for word in db.session.execute(
            text("SELECT term FROM complaint_search_vocab")).scalars() if word not in known]
        if new:
            db.session.execute(text(
                "INSERT OR IGNORE INTO complaint_search_stems (word, stem) VALUES (:word, :stem)"),
                new)
        db.session.commit()
        return len(new)

    def rebuild(self) -> None:
        for table in ("complaint_search", "company_search"):
            db.session.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))  # noqa: S608
        db.session.commit()
        self.refresh_word_forms()

    def check(self) -> None:
        """Raise when the index and the complaints disagree (FTS5's own integrity check)."""
        for table in ("complaint_search", "company_search"):
            db.session.execute(text(
                f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))  # noqa: S608
        db.session.rollback()


def _ways(*, walk: bool, bitmap: bool) -> None:
    """Allow PostgreSQL index walks and bitmap scans, or one of them, for this transaction."""
    db.session.execute(text(
        "SELECT set_config('enable_indexscan', :walk, true), "
        "set_config('enable_bitmapscan', :bitmap, true)"),
        {"walk": "on" if walk else "off", "bitmap": "on" if bitmap else "off"})


class PostgresSearch:
    """tsvector columns with partial GIN indexes over the public rows.

    Finding the newest matches costs PostgreSQL one of two things: walking the ids down from
    the newest and testing each row (about a microsecond a row, cheap for common words), or
    letting the GIN index list every match of the words and reading only those rows (cheap
    for rare words, costly for a word in half the complaints). So the newest WALK ids are
    walked first; how many of them matched tells how far down the rest lies, and that stretch
    is walked too when it is short, or read through the GIN index combined with the id range
    when it is long; when few matches are expected at all, they are read through the GIN
    index alone. Filters take part in each, so a filter that leaves few complaints is handled
    like a rare word.
    """

    name = "postgresql"
    WALK = 2000
    LONGEST_WALK = 16_000
    FEW = 3000  # matches expected below the walk: fewer are read through the GIN index alone
    MARGIN = 1.3

    def complaints(self, query: SearchQuery, filters: Filters, sort: str,
                   named: Named = Named()) -> Ranked:
        params: dict = {"query": query.websearch()}
        # One round trip: is there anything to look for, where do the ids end, and plan each
        # search for its own words (a plan made once for all words would suit none).
        nodes, top, _ = db.session.execute(text(
            "SELECT numnode(websearch_to_tsquery('dutch', :query)), "
            "(SELECT max(id) FROM complaints), "
            "set_config('plan_cache_mode', 'force_custom_plan', true)"), params).one()
        if not nodes:
            return Ranked([], False)  # only words too common to index ("de het")
        top = top or 0
        facets = [f"'§{prefix}{value}'" for prefix, value in (
            ("k", filters.company_id), ("c", filters.category_id), ("t", filters.status))
            if value]
        match = "websearch_to_tsquery('dutch', :query)"
        if named:
            match = f"({match} || CAST(:named AS tsquery))"
            params["named"] = " | ".join(f"'§{token}'" for token in named.tokens())
        if facets:
            match = f"({match} && CAST(:facets AS tsquery))"
            params["facets"] = " & ".join(facets)
        conditions = []
        if filters.sector_id:
            conditions.append("AND c.company_id IN (SELECT id FROM companies "
                              "WHERE sector_id = :sector_id)")
            params["sector_id"] = filters.sector_id
        if filters.since:
            conditions.append("AND c.published_at >= :since")
            params["since"] = datetime.combine(filters.since, time(), AMSTERDAM)
        base = ("SELECT c.id, ts_rank_cd(c.search_vector, websearch_to_tsquery('dutch', :query)) "  # noqa: S608
                f"AS score FROM complaints AS c WHERE c.status IN ({PUBLIC})"
                f" AND c.search_vector @@ {match} {' '.join(conditions)}")
        order = " ORDER BY c.id DESC LIMIT :limit"
        by_range = text(base + " AND c.id > :low AND c.id <= :high" + order)
        # `c.id + 0` keeps the primary key out of it: only the GIN index finds the rows.
        by_index = text(base + " AND c.id + 0 <= :high" + order)
        wanted = CANDIDATES + 1
        rows: list = []

        def scan(statement, low: int, high: int, walk: bool) -> None:
            # Each way of reading is forced, so the planner cannot pick the other by mistake.
            _ways(walk=walk, bitmap=not walk)
            rows.extend(db.session.execute(statement, {
                **params, "low": low, "high": high, "limit": wanted - len(rows)}))

        low = max(0, top - self.WALK)
        scan(by_range, low, top, walk=True)
        while len(rows) < wanted and low > 0:
            share = len(rows) / (top - low)  # of everything read so far
            # The sector is not in the vector: with it, the index alone would hand over every
            # complaint with the words, in any sector, to be read and left out.
            if share * low <= self.FEW and not filters.sector_id:
                scan(by_index, 0, low, walk=False)  # few matches further down: read just those
                break
            stretch = int((wanted - len(rows)) / share * self.MARGIN) if share else low
            high, low = low, max(0, low - max(stretch, self.WALK))
            scan(by_range, low, high, walk=high - low <= self.LONGEST_WALK)
        _ways(walk=True, bitmap=True)  # the rest of the request plans as always
        capped = len(rows) > CANDIDATES
        rows = rows[:CANDIDATES]
        if sort == "relevance":
            rows.sort(key=lambda row: (-row.score, -row.id))
        return Ranked([row.id for row in rows], capped)

    def companies(self, query: SearchQuery, limit: int, *, names_only: bool) -> list[int]:
        words = _company_words(query)
        if not words:
            return []
        prefixes = " & ".join(f"'{word}':*{'A' if names_only else ''}" for word in words)
        plain = " ".join(words)
        dutch = "" if names_only else " || plainto_tsquery('dutch', :plain)"
        return list(db.session.execute(text(
            "SELECT c.id FROM companies AS c, "  # noqa: S608 - fixed fragments
            f"  (SELECT to_tsquery('simple', :prefixes){dutch} AS q) AS typed "
            "WHERE c.status = 'listed' AND c.search_vector @@ typed.q ORDER BY "
            f"{_STARTS_FIRST}, ts_rank(c.search_vector, typed.q) DESC, c.published_count DESC "
            "LIMIT :limit"),
            {"prefixes": prefixes, "plain": plain, "start": " ".join(words) + "%",
             "limit": limit}).scalars())

    def refresh_word_forms(self) -> int:
        return 0  # PostgreSQL stems Dutch itself

    def rebuild(self) -> None:
        db.session.execute(text("REINDEX INDEX ix_complaints_search_vector"))
        db.session.execute(text("REINDEX INDEX ix_companies_search_vector"))
        db.session.commit()

    def check(self) -> None:
        """The generated columns cannot disagree with the rows; nothing to check."""


def engine() -> SqliteSearch | PostgresSearch:
    return PostgresSearch() if db.session.get_bind().dialect.name == "postgresql" \
        else SqliteSearch()

