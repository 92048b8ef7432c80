"""Outcomes: promises in replies, the escalation bodies and memberships, escalations, the
resolution buckets of "resolved within 7, 30, 90 days", a disputed final answer

Revision ID: 0009_outcomes
Revises: 0008_due_process
Create Date: 2026-12-06 18:30:00

`complaints.final_answer_disputed_at` is added with ALTER TABLE ADD COLUMN (no batch copy),
so the search triggers on complaints stay.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_outcomes'
down_revision = '0008_due_process'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('escalation_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('membership_required', sa.Boolean(), nullable=False),
    sa.Column('cost_nl', sa.Text(), nullable=False),
    sa.Column('cost_en', sa.Text(), nullable=False),
    sa.Column('time_limit_nl', sa.Text(), nullable=False),
    sa.Column('time_limit_en', sa.Text(), nullable=False),
    sa.Column('description_nl', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_bodies')),
    sa.UniqueConstraint('slug', name=op.f('uq_escalation_bodies_slug'))
    )
    op.create_table('escalation_body_categories',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['escalation_bodies.id'], name=op.f('fk_escalation_body_categories_body_id_escalation_bodies')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_escalation_body_categories_category_id_categories')),
    sa.PrimaryKeyConstraint('body_id', 'category_id', name=op.f('pk_escalation_body_categories'))
    )
    op.create_table('escalation_body_sectors',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['escalation_bodies.id'], name=op.f('fk_escalation_body_sectors_body_id_escalation_bodies')),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_escalation_body_sectors_sector_id_sectors')),
    sa.PrimaryKeyConstraint('body_id', 'sector_id', name=op.f('pk_escalation_body_sectors'))
    )
    op.create_table('company_memberships',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['escalation_bodies.id'], name=op.f('fk_company_memberships_body_id_escalation_bodies')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_memberships_company_id_companies')),
    sa.PrimaryKeyConstraint('company_id', 'body_id', name=op.f('pk_company_memberships'))
    )
    op.create_table('promise_figures',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('made', sa.Integer(), nullable=False),
    sa.Column('kept', sa.Integer(), nullable=False),
    sa.Column('not_kept', sa.Integer(), nullable=False),
    sa.Column('promised_cents', sa.Integer(), nullable=False),
    sa.Column('returned_cents', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_promise_figures_company_id_companies')),
    sa.PrimaryKeyConstraint('company_id', name=op.f('pk_promise_figures'))
    )
    op.create_table('resolution_buckets',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_resolution_buckets_company_id_companies')),
    sa.PrimaryKeyConstraint('company_id', 'day', 'days', name=op.f('pk_resolution_buckets'))
    )
    op.create_table('escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('body_name', sa.String(length=160), nullable=True),
    sa.Column('escalated_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['escalation_bodies.id'], name=op.f('fk_escalations_body_id_escalation_bodies')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_escalations_company_id_companies')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_escalations_complaint_id_complaints')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalations'))
    )
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalations_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('promises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_promises_company_id_companies')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_promises_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['reply_id'], ['replies.id'], name=op.f('fk_promises_reply_id_replies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promises')),
    sa.UniqueConstraint('reply_id', name=op.f('uq_promises_reply_id'))
    )
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promises_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_promises_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index('ix_promises_due_on_asked_at', ['due_on', 'asked_at'], unique=False)

    op.add_column('complaints', sa.Column('final_answer_disputed_at', sa.DateTime(timezone=True),
                                          nullable=True))

    # Resolution buckets (issue 17, "how long it takes"): the complaints already resolved, per
    # company and day of publication, by whole days (24 hours) from publication to resolution,
    # 0 to 90, and 91 for longer. Complaints that were never published keep no bucket.
    _backfill_resolution_buckets()


def _backfill_resolution_buckets():
    if op.get_bind().dialect.name == "sqlite":  # naive UTC text: milliseconds apart, exactly
        days = ("(CAST(round((julianday(resolved_at) - julianday(published_at)) * 86400000) "
                "AS INTEGER) / 86400000)")
    else:
        days = "CAST(floor(extract(epoch FROM resolved_at - published_at) / 86400) AS INTEGER)"
    clamped = f"CASE WHEN {days} < 0 THEN 0 WHEN {days} > 90 THEN 91 ELSE {days} END"
    op.execute(
        "INSERT INTO resolution_buckets (company_id, day, days, count) "
        f"SELECT company_id, published_on, days, COUNT(*) FROM (SELECT company_id, "
        f"published_on, {clamped} AS days FROM complaints WHERE status = 'resolved' "
        "AND published_at IS NOT NULL AND published_on IS NOT NULL "
        "AND resolved_at IS NOT NULL) AS resolved GROUP BY company_id, published_on, days")


def downgrade():
    op.drop_column('complaints', 'final_answer_disputed_at')

    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_index('ix_promises_due_on_asked_at')
        batch_op.drop_index(batch_op.f('ix_promises_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_promises_company_id'))

    op.drop_table('promises')
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalations_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_escalations_company_id'))

    op.drop_table('escalations')
    op.drop_table('resolution_buckets')
    op.drop_table('promise_figures')
    op.drop_table('company_memberships')
    op.drop_table('escalation_body_sectors')
    op.drop_table('escalation_body_categories')
    op.drop_table('escalation_bodies')
