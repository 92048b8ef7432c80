"""The search index in the database: SQLite FTS5 tables kept by triggers, or PostgreSQL
tsvector columns with GIN indexes.

The index lives in the database and is kept there by the database itself, so it follows every
publish, edit, redaction, removal, withdrawal, merge and erasure in the transaction that makes
it, whichever code path (service, import, bulk seed) wrote the row:

- SQLite: `complaint_search` is an FTS5 table over the view `complaint_search_source`, which
  holds public complaints only (title, story and filter tokens). Triggers on `complaints` add a
  complaint when it becomes public and take it out when it stops being public or its text
  changes; a trigger on `companies` re-files a company's complaints when its sector changes.
  `company_search` does the same for listed companies (folded name and description).
- PostgreSQL: a generated `search_vector` column on `complaints` (title weight A, story
  weight B, Dutch configuration) and on `companies` (folded name, description), each with a
  partial GIN index over the public rows only, so pending, rejected, withdrawn and removed
  complaints are not in the index at all.

Filter tokens let the index combine a filter with the words itself: in SQLite's `facets`
column "k12 s3 c4 topen m202611" (company, sector, category, status, month of publication),
in PostgreSQL's vector the lexemes '§k12', '§c4' and '§topen', which no typed word can
produce (the parser drops the '§').

These objects are not SQLAlchemy models (neither database has the other's kind):
`db.create_all` creates them through `install`, and Alembic's comparison leaves them out
through `include_object`. Migrations hold their own copy of the statements (0005 made the
index), so a change here needs a new migration that writes out the new ones;
tests/test_migrations.py checks that the migrations end with the objects made here.
"""

from __future__ import annotations

from sqlalchemy import event

from complaints.cases.workflow import PUBLIC_STATUSES

PUBLIC = ", ".join(f"'{status}'" for status in sorted(PUBLIC_STATUSES))
TOKENIZER = "unicode61 remove_diacritics 2"

# Names Alembic must not compare with the models (FTS5 keeps shadow tables with these prefixes).
OWNED_PREFIXES = ("complaint_search", "company_search")
OWNED_COLUMNS = {"search_vector"}
OWNED_INDEXES = {"ix_complaints_search_vector", "ix_companies_search_vector"}


def _facets(row: str, sector: str | None = None) -> str:
    """The filter tokens of a complaint row (`row` is 'c', 'new' or 'old' in a trigger)."""
    sector = sector or f"(SELECT sector_id FROM companies WHERE id = {row}.company_id)"
    return (f"'k' || {row}.company_id || ' s' || coalesce({sector}, 0) || ' c' || "
            f"{row}.category_id || ' t' || {row}.status || ' m' || "
            f"coalesce(strftime('%Y%m', {row}.published_on), '')")


def _file(row: str, sector: str | None = None) -> str:
    return (f"INSERT INTO complaint_search(rowid, title, body, facets) "
            f"SELECT {row}.id, {row}.title, {row}.body_source, {_facets(row, sector)}")


def _unfile(row: str, sector: str | None = None) -> str:
    return (f"INSERT INTO complaint_search(complaint_search, rowid, title, body, facets) "
            f"SELECT 'delete', {row}.id, {row}.title, {row}.body_source, "
            f"{_facets(row, sector)}")


def _file_company(row: str, command: str = "") -> str:
    columns = "company_search, rowid, name, description" if command else "rowid, name, description"
    values = f"'{command}', " if command else ""
    return (f"INSERT INTO company_search({columns}) "
            f"SELECT {values}{row}.id, {row}.name_key, {row}.description")


SQLITE = [
    f"""CREATE VIEW complaint_search_source AS
        SELECT c.id AS id, c.title AS title, c.body_source AS body, {_facets('c')} AS facets
        FROM complaints AS c WHERE c.status IN ({PUBLIC})""",
    f"""CREATE VIRTUAL TABLE complaint_search USING fts5(
        title, body, facets, content='complaint_search_source', content_rowid='id',
        tokenize='{TOKENIZER}')""",
    f"""CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints
        WHEN new.status IN ({PUBLIC}) BEGIN {_file('new')}; END""",
    f"""CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaints
        WHEN old.status IN ({PUBLIC}) BEGIN {_unfile('old')}; END""",
    f"""CREATE TRIGGER complaint_search_update
        AFTER UPDATE OF title, body_source, status, company_id, category_id, published_on
        ON complaints BEGIN
          {_unfile('old')} WHERE old.status IN ({PUBLIC});
          {_file('new')} WHERE new.status IN ({PUBLIC});
        END""",
    f"""CREATE TRIGGER complaint_search_sector AFTER UPDATE OF sector_id ON companies
        WHEN old.sector_id IS NOT new.sector_id BEGIN
          {_unfile('c', 'old.sector_id')} FROM complaints AS c
            WHERE c.company_id = new.id AND c.status IN ({PUBLIC});
          {_file('c', 'new.sector_id')} FROM complaints AS c
            WHERE c.company_id = new.id AND c.status IN ({PUBLIC});
        END""",
    """CREATE VIEW company_search_source AS
        SELECT id, name_key AS name, description FROM companies WHERE status = 'listed'""",
    f"""CREATE VIRTUAL TABLE company_search USING fts5(
        name, description, content='company_search_source', content_rowid='id',
        tokenize='{TOKENIZER}', prefix='2 3')""",
    f"""CREATE TRIGGER company_search_insert AFTER INSERT ON companies
        WHEN new.status = 'listed' BEGIN {_file_company('new')}; END""",
    f"""CREATE TRIGGER company_search_delete AFTER DELETE ON companies
        WHEN old.status = 'listed' BEGIN {_file_company('old', 'delete')}; END""",
    f"""CREATE TRIGGER company_search_update AFTER UPDATE OF name_key, description, status
        ON companies BEGIN
          {_file_company('old', 'delete')} WHERE old.status = 'listed';
          {_file_company('new')} WHERE new.status = 'listed';
        END""",
    # Other forms of a word for Dutch stemming on SQLite: filled from the index's vocabulary
    # by `refresh_word_forms` (jobs run, after imports); a word not yet listed still matches
    # exactly.
    """CREATE VIRTUAL TABLE complaint_search_vocab USING fts5vocab(complaint_search, 'row')""",
    """CREATE TABLE complaint_search_stems (word TEXT PRIMARY KEY, stem TEXT NOT NULL)
        WITHOUT ROWID""",
    "CREATE INDEX complaint_search_stems_stem ON complaint_search_stems (stem)",
    # Whatever was public before the index existed.
    "INSERT INTO complaint_search(complaint_search) VALUES ('rebuild')",
    "INSERT INTO company_search(company_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS complaint_search_insert",
    "DROP TRIGGER IF EXISTS complaint_search_delete",
    "DROP TRIGGER IF EXISTS complaint_search_update",
    "DROP TRIGGER IF EXISTS complaint_search_sector",
    "DROP TRIGGER IF EXISTS company_search_insert",
    "DROP TRIGGER IF EXISTS company_search_delete",
    "DROP TRIGGER IF EXISTS company_search_update",
    "DROP TABLE IF EXISTS complaint_search_vocab",
    "DROP TABLE IF EXISTS complaint_search_stems",
    "DROP TABLE IF EXISTS complaint_search",
    "DROP TABLE IF EXISTS company_search",
    "DROP VIEW IF EXISTS complaint_search_source",
    "DROP VIEW IF EXISTS company_search_source",
]

POSTGRES = [
    """ALTER TABLE complaints ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('dutch'::regconfig, coalesce(body_source, '')), 'B') ||
        array_to_tsvector(ARRAY['§k' || company_id, '§c' || category_id, '§t' || status]))
        STORED""",
    f"""CREATE INDEX ix_complaints_search_vector ON complaints USING gin (search_vector)
        WHERE status IN ({PUBLIC})""",
    """ALTER TABLE companies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(name_key, '')), 'A') ||
        setweight(to_tsvector('dutch'::regconfig, coalesce(description, '')), 'B')) STORED""",
    """CREATE INDEX ix_companies_search_vector ON companies USING gin (search_vector)
        WHERE status = 'listed'""",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_companies_search_vector",
    "ALTER TABLE IF EXISTS companies DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_complaints_search_vector",
    "ALTER TABLE IF EXISTS complaints DROP COLUMN IF EXISTS search_vector",
]


def create_statements(dialect: str) -> list[str]:
    return {"sqlite": SQLITE, "postgresql": POSTGRES}[dialect]


def drop_statements(dialect: str) -> list[str]:
    return {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}[dialect]


def _create(target, connection, **kw) -> None:
    for statement in create_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def _drop(target, connection, **kw) -> None:
    for statement in drop_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def install(metadata) -> None:
    """Make `metadata.create_all` create the index too, and `drop_all` drop it first."""
    if not event.contains(metadata, "after_create", _create):
        event.listen(metadata, "after_create", _create)
        event.listen(metadata, "before_drop", _drop)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic: the search objects are not models; leave them out of `db check` and
    autogenerate."""
    if type_ == "table" and name and name.startswith(OWNED_PREFIXES):
        return False
    if type_ == "column" and name in OWNED_COLUMNS:
        return False
    return not (type_ == "index" and name in OWNED_INDEXES)
