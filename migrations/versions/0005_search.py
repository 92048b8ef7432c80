"""Search index: SQLite FTS5 tables kept by triggers, or PostgreSQL tsvector columns with GIN

Revision ID: 0005_search
Revises: 0004_figures
Create Date: 2026-12-02 06:00:00

The statements live in complaints.search.schema (the same ones db.create_all runs), so the
two ways of making the schema cannot drift apart. A change to the index needs a new migration
that drops these objects and creates the new ones. On SQLite, a batch migration that copies
the complaints or companies table drops the triggers on it: such a migration must end with
`schema.reinstall(op.get_bind())`.
"""
from alembic import op

from complaints.search import schema

revision = '0005_search'
down_revision = '0004_figures'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    for statement in schema.create_statements(bind.dialect.name):
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    for statement in schema.drop_statements(bind.dialect.name):
        op.execute(statement)
