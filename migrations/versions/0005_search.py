"""Search index: SQLite FTS5 tables kept by triggers, or PostgreSQL tsvector columns with GIN;
indexes for the ranking and the site totals

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
import sqlalchemy as sa

from complaints.search import schema

revision = '0005_search'
down_revision = '0004_figures'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    for statement in schema.create_statements(bind.dialect.name):
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
    bind = op.get_bind()
    with op.batch_alter_table('company_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_company_figures_storm')
        batch_op.drop_index('ix_company_figures_window_response_rate_low')
        batch_op.drop_index('ix_company_figures_window_unresolved_published')
        batch_op.create_index('ix_company_figures_window_unresolved', ['window', 'unresolved'],
                              unique=False)
    for statement in schema.drop_statements(bind.dialect.name):
        op.execute(statement)
