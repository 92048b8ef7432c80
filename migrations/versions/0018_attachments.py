"""Evidence (SPEC "Evidence"): one row per file attached to a complaint or to a private
message, with the keys of its original and of its re-encoded copy in the storage, and whether
its author asked to show it publicly, what OCR found in it and what a moderator decided

Revision ID: 0018_attachments
Revises: 0017_company_charts
Create Date: 2026-12-07 08:23:11.933196

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_attachments'
down_revision = '0017_company_charts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('uploader_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('original_key', sa.String(length=40), nullable=False),
    sa.Column('copy_key', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('publication', sa.String(length=20), nullable=False),
    sa.Column('alt_text', sa.String(length=250), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('text_check', sa.String(length=20), nullable=True),
    sa.Column('text_findings', sa.JSON(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_attachments_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_attachments_decided_by_id_users')),
    sa.ForeignKeyConstraint(['message_id'], ['private_messages.id'], name=op.f('fk_attachments_message_id_private_messages')),
    sa.ForeignKeyConstraint(['uploader_id'], ['users.id'], name=op.f('fk_attachments_uploader_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index('ix_attachments_complaint_id_id', ['complaint_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_message_id'), ['message_id'], unique=False)
        batch_op.create_index('ix_attachments_publication_requested_at', ['publication', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_uploader_id'), ['uploader_id'], unique=False)



def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_uploader_id'))
        batch_op.drop_index('ix_attachments_publication_requested_at')
        batch_op.drop_index(batch_op.f('ix_attachments_message_id'))
        batch_op.drop_index('ix_attachments_complaint_id_id')

    op.drop_table('attachments')
