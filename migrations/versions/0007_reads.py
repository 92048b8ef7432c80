"""Read tracking of private messages: per person and complaint, the newest message seen

Revision ID: 0007_reads
Revises: 0006_score
Create Date: 2026-12-10 12:00:00

One row per (person, complaint), not per message: private messages from the other side with
a higher id than `last_message_id` are unread. Nothing is read yet when this runs, so no row
is written; messages sent before it count as unread until the person opens the complaint.
"""
from alembic import op
import sqlalchemy as sa

revision = '0007_reads'
down_revision = '0006_score'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('private_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('last_message_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_private_reads_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_private_reads_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'complaint_id', name=op.f('pk_private_reads'))
    )


def downgrade():
    op.drop_table('private_reads')
