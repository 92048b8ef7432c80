"""Risk level for every complaint: the ones stored before triage (none waited in a lane of their
own: the normal lane took them) get `normal`, so a lane is one level and reads
ix_complaints_status_risk_level_queued_at in order instead of sorting every waiting story

Revision ID: 0016_risk_level_for_all
Revises: 0015_job_runs
Create Date: 2026-12-07 05:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_risk_level_for_all'
down_revision = '0015_job_runs'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE complaints SET risk_level = 'normal' WHERE risk_level IS NULL")


def downgrade():
    # Which complaints had no level is not kept: `normal` is what the lanes read them as
    # before this revision too, so the earlier code reads them the same.
    pass
