"""The Helpdeskhel score: answer deadlines, "would do business again", "onder de loep", the
parts of the score in the figures, the site-wide priors, the indexes best webcare reads

Revision ID: 0006_score
Revises: 0005_search
Create Date: 2026-12-06 15:00:00

Columns are added with ALTER TABLE ADD COLUMN (no batch copy), so the search triggers on
complaints and companies stay. Published complaints get the answer deadline of the rule at
this revision (the company's promise now, else the end of the fifth working day, Monday to
Friday, after the Dutch day of publication), written out here so the migration keeps doing
this whatever the code later does. The figures state is cleared, so the next `jobs run` (or
`figures rebuild`) recomputes every figure with the new parts.
"""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

revision = '0006_score'
down_revision = '0005_search'
branch_labels = None
depends_on = None

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _aware(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _deadline(published_at, promise_hours):
    if promise_hours:
        return published_at + timedelta(hours=promise_hours)
    day, count = published_at.astimezone(AMSTERDAM).date(), 5
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=AMSTERDAM)
    return (midnight - timedelta(microseconds=1)).astimezone(timezone.utc)


def upgrade():
    op.add_column('complaints', sa.Column('answer_due_at', sa.DateTime(timezone=True)))
    op.add_column('complaints', sa.Column('answered_on_time', sa.Boolean()))
    op.add_column('complaints', sa.Column('would_do_business_again', sa.Boolean()))
    op.add_column('companies', sa.Column('under_review_since', sa.DateTime(timezone=True)))
    op.add_column('companies', sa.Column('under_review_reason', sa.Text()))
    for name in ('on_time', 'again_count', 'again_yes'):
        op.add_column('figure_buckets', sa.Column(name, sa.Integer(), nullable=False,
                                                  server_default='0'))
    for name in ('due', 'on_time', 'rating_sum', 'again_count', 'again_yes'):
        op.add_column('company_figures', sa.Column(name, sa.Integer(), nullable=False,
                                                   server_default='0'))
    for name in ('prior_on_time', 'prior_resolved', 'prior_satisfaction', 'prior_again',
                 'score'):
        op.add_column('company_figures', sa.Column(name, sa.Float()))
    op.create_index('ix_company_figures_window_score', 'company_figures', ['window', 'score'])
    op.create_index('ix_company_figures_window_no_reply', 'company_figures',
                    ['window', 'no_reply', 'unresolved'])
    op.create_table('deadline_buckets',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'],
                            name=op.f('fk_deadline_buckets_company_id_companies')),
    sa.PrimaryKeyConstraint('company_id', 'day', 'due_on', name=op.f('pk_deadline_buckets'))
    )
    op.create_table('score_priors',
    sa.Column('window', sa.String(length=8), nullable=False),
    sa.Column('computed_on', sa.Date(), nullable=False),
    sa.Column('on_time', sa.Float(), nullable=False),
    sa.Column('resolved', sa.Float(), nullable=False),
    sa.Column('satisfaction', sa.Float(), nullable=False),
    sa.Column('again', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('window', name=op.f('pk_score_priors'))
    )
    _backfill_deadlines()
    op.execute("DELETE FROM figures_state")


def _backfill_deadlines():
    connection = op.get_bind()
    complaints = sa.table('complaints', sa.column('id', sa.Integer()),
                          sa.column('answer_due_at', sa.DateTime(timezone=True)),
                          sa.column('answered_on_time', sa.Boolean()))
    naive = connection.dialect.name == "sqlite"  # SQLite stores UTC without a zone
    rows = connection.execute(sa.text(
        "SELECT c.id, c.published_at, c.first_response_at, p.response_promise_hours "
        "FROM complaints AS c JOIN companies AS p ON p.id = c.company_id "
        "WHERE c.published_at IS NOT NULL")).all()
    updates = []
    for complaint_id, published_at, first_response_at, promise in rows:
        due = _deadline(_aware(published_at), promise)
        answered = _aware(first_response_at)
        updates.append({"key": complaint_id, "due": due.replace(tzinfo=None) if naive else due,
                        "on_time": None if answered is None else answered <= due})
    statement = (sa.update(complaints).where(complaints.c.id == sa.bindparam('key'))
                 .values(answer_due_at=sa.bindparam('due', type_=sa.DateTime(timezone=True)),
                         answered_on_time=sa.bindparam('on_time', type_=sa.Boolean())))
    for start in range(0, len(updates), 5000):
        connection.execute(statement, updates[start:start + 5000])


def downgrade():
    op.drop_table('score_priors')
    op.drop_table('deadline_buckets')
    op.drop_index('ix_company_figures_window_no_reply', table_name='company_figures')
    op.drop_index('ix_company_figures_window_score', table_name='company_figures')
    for name in ('prior_on_time', 'prior_resolved', 'prior_satisfaction', 'prior_again',
                 'score', 'due', 'on_time', 'rating_sum', 'again_count', 'again_yes'):
        op.drop_column('company_figures', name)
    for name in ('on_time', 'again_count', 'again_yes'):
        op.drop_column('figure_buckets', name)
    op.drop_column('companies', 'under_review_reason')
    op.drop_column('companies', 'under_review_since')
    op.drop_column('complaints', 'would_do_business_again')
    op.drop_column('complaints', 'answered_on_time')
    op.drop_column('complaints', 'answer_due_at')
