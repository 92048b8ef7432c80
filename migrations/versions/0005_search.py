"""Search index: SQLite FTS5 tables kept by triggers, or PostgreSQL tsvector columns with GIN;
indexes for the ranking and the site totals

Revision ID: 0005_search
Revises: 0004_figures
Create Date: 2026-12-02 06:00:00

The statements are those complaints.search.schema gave when this migration was written,
copied here so that the migration keeps making this schema whatever the code later does
(tests/test_migrations.py checks that the migrations end with the index db.create_all makes).
A change to the index needs a new migration that drops these objects and creates the new ones.
On SQLite, a batch migration that copies the complaints or companies table drops the triggers
on it: such a migration must create them again at its end (the objects of the index at that
revision, written out like these).
"""
from alembic import op
import sqlalchemy as sa

revision = '0005_search'
down_revision = '0004_figures'
branch_labels = None
depends_on = None

SQLITE = [
    """CREATE VIEW complaint_search_source AS
        SELECT c.id AS id, c.title AS title, c.body_source AS body, 'k' || c.company_id || ' s' || coalesce((SELECT sector_id FROM companies WHERE id = c.company_id), 0) || ' c' || c.category_id || ' t' || c.status || ' m' || coalesce(strftime('%Y%m', c.published_on), '') AS facets
        FROM complaints AS c WHERE c.status IN ('answered', 'open', 'resolved')""",
    """CREATE VIRTUAL TABLE complaint_search USING fts5(
        title, body, facets, content='complaint_search_source', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints
        WHEN new.status IN ('answered', 'open', 'resolved') BEGIN INSERT INTO complaint_search(rowid, title, body, facets) SELECT new.id, new.title, new.body_source, 'k' || new.company_id || ' s' || coalesce((SELECT sector_id FROM companies WHERE id = new.company_id), 0) || ' c' || new.category_id || ' t' || new.status || ' m' || coalesce(strftime('%Y%m', new.published_on), ''); END""",
    """CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaints
        WHEN old.status IN ('answered', 'open', 'resolved') BEGIN INSERT INTO complaint_search(complaint_search, rowid, title, body, facets) SELECT 'delete', old.id, old.title, old.body_source, 'k' || old.company_id || ' s' || coalesce((SELECT sector_id FROM companies WHERE id = old.company_id), 0) || ' c' || old.category_id || ' t' || old.status || ' m' || coalesce(strftime('%Y%m', old.published_on), ''); END""",
    """CREATE TRIGGER complaint_search_update
        AFTER UPDATE OF title, body_source, status, company_id, category_id, published_on
        ON complaints BEGIN
          INSERT INTO complaint_search(complaint_search, rowid, title, body, facets) SELECT 'delete', old.id, old.title, old.body_source, 'k' || old.company_id || ' s' || coalesce((SELECT sector_id FROM companies WHERE id = old.company_id), 0) || ' c' || old.category_id || ' t' || old.status || ' m' || coalesce(strftime('%Y%m', old.published_on), '') WHERE old.status IN ('answered', 'open', 'resolved');
          INSERT INTO complaint_search(rowid, title, body, facets) SELECT new.id, new.title, new.body_source, 'k' || new.company_id || ' s' || coalesce((SELECT sector_id FROM companies WHERE id = new.company_id), 0) || ' c' || new.category_id || ' t' || new.status || ' m' || coalesce(strftime('%Y%m', new.published_on), '') WHERE new.status IN ('answered', 'open', 'resolved');
        END""",
    """CREATE TRIGGER complaint_search_sector AFTER UPDATE OF sector_id ON companies
        WHEN old.sector_id IS NOT new.sector_id BEGIN
          INSERT INTO complaint_search(complaint_search, rowid, title, body, facets) SELECT 'delete', c.id, c.title, c.body_source, 'k' || c.company_id || ' s' || coalesce(old.sector_id, 0) || ' c' || c.category_id || ' t' || c.status || ' m' || coalesce(strftime('%Y%m', c.published_on), '') FROM complaints AS c
            WHERE c.company_id = new.id AND c.status IN ('answered', 'open', 'resolved');
          INSERT INTO complaint_search(rowid, title, body, facets) SELECT c.id, c.title, c.body_source, 'k' || c.company_id || ' s' || coalesce(new.sector_id, 0) || ' c' || c.category_id || ' t' || c.status || ' m' || coalesce(strftime('%Y%m', c.published_on), '') FROM complaints AS c
            WHERE c.company_id = new.id AND c.status IN ('answered', 'open', 'resolved');
        END""",
    """CREATE VIEW company_search_source AS
        SELECT id, name_key AS name, description FROM companies WHERE status = 'listed'""",
    """CREATE VIRTUAL TABLE company_search USING fts5(
        name, description, content='company_search_source', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER company_search_insert AFTER INSERT ON companies
        WHEN new.status = 'listed' BEGIN INSERT INTO company_search(rowid, name, description) SELECT new.id, new.name_key, new.description; END""",
    """CREATE TRIGGER company_search_delete AFTER DELETE ON companies
        WHEN old.status = 'listed' BEGIN INSERT INTO company_search(company_search, rowid, name, description) SELECT 'delete', old.id, old.name_key, old.description; END""",
    """CREATE TRIGGER company_search_update AFTER UPDATE OF name_key, description, status
        ON companies BEGIN
          INSERT INTO company_search(company_search, rowid, name, description) SELECT 'delete', old.id, old.name_key, old.description WHERE old.status = 'listed';
          INSERT INTO company_search(rowid, name, description) SELECT new.id, new.name_key, new.description WHERE new.status = 'listed';
        END""",
    # Other forms of a word for Dutch stemming on SQLite: filled from the index's vocabulary
    # by `refresh_word_forms` (jobs run, after imports).
    "CREATE VIRTUAL TABLE complaint_search_vocab USING fts5vocab(complaint_search, 'row')",
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
    """CREATE INDEX ix_complaints_search_vector ON complaints USING gin (search_vector)
        WHERE status IN ('answered', 'open', 'resolved')""",
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


def upgrade():
    for statement in SQLITE if op.get_bind().dialect.name == 'sqlite' else POSTGRES:
        op.execute(statement)
    with op.batch_alter_table('company_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_company_figures_window_unresolved')
        batch_op.create_index('ix_company_figures_window_unresolved_published',
                              ['window', 'unresolved', 'published', 'resolved'], unique=False)
        batch_op.create_index('ix_company_figures_window_response_rate_low',
                              ['window', 'response_rate_low'], unique=False)
        batch_op.create_index('ix_company_figures_storm', ['window'], unique=False,
                              sqlite_where=sa.text('storm = 1'),
                              postgresql_where=sa.text('storm'))


def downgrade():
    with op.batch_alter_table('company_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_company_figures_storm')
        batch_op.drop_index('ix_company_figures_window_response_rate_low')
        batch_op.drop_index('ix_company_figures_window_unresolved_published')
        batch_op.create_index('ix_company_figures_window_unresolved', ['window', 'unresolved'],
                              unique=False)
    for statement in SQLITE_DROP if op.get_bind().dialect.name == 'sqlite' else POSTGRES_DROP:
        op.execute(statement)
