"""Due process: notices, statements of reasons and appeals; who reported for which company

Revision ID: 0008_due_process
Revises: 0007_reads
Create Date: 2026-12-06 17:15:30

`flags.sender_company_id` and `notices.sender_company_id` name the company a reporter speaks
for, so each company page can show what its people reported; flags sent before this stay
without a company. `companies.office_address` is the address the personal-data guard leaves
alone in complaints about that company. Columns are added with ALTER TABLE ADD COLUMN (no
batch copy), so the search triggers and view on companies stay.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_due_process'
down_revision = '0007_reads'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('good_faith', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('notifier_kind', sa.String(length=20), nullable=False),
    sa.Column('sender_company_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_notices_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_notices_decided_by_id_users')),
    sa.ForeignKeyConstraint(['reply_id'], ['replies.id'], name=op.f('fk_notices_reply_id_replies')),
    sa.ForeignKeyConstraint(['sender_company_id'], ['companies.id'], name=op.f('fk_notices_sender_company_id_companies')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notices_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index('ix_notices_email_created_at', ['email', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_sender_company_id'), ['sender_company_id'], unique=False)
        batch_op.create_index('ix_notices_status_confirmed_at', ['status', 'confirmed_at'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('ground', sa.String(length=40), nullable=False),
    sa.Column('automated', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_statements_claim_id_claims')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_statements_company_id_companies')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_statements_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_statements_decided_by_id_users')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_statements_notice_id_notices')),
    sa.ForeignKeyConstraint(['reply_id'], ['replies.id'], name=op.f('fk_statements_reply_id_replies')),
    sa.ForeignKeyConstraint(['revision_id'], ['complaint_revisions.id'], name=op.f('fk_statements_revision_id_complaint_revisions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_statements_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements')),
    sa.UniqueConstraint('key', name=op.f('uq_statements_key'))
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statements_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index('ix_statements_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_appeals_decided_by_id_users')),
    sa.ForeignKeyConstraint(['statement_id'], ['statements.id'], name=op.f('fk_appeals_statement_id_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals')),
    sa.UniqueConstraint('statement_id', name=op.f('uq_appeals_statement_id'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index('ix_appeals_decided_at_created_at', ['decided_at', 'created_at'], unique=False)

    op.add_column('companies', sa.Column('office_address', sa.String(length=200), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.add_column('flags', sa.Column('sender_company_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_flags_sender_company_id_companies'), 'flags',
                              'companies', ['sender_company_id'], ['id'])
    else:  # SQLite adds a column with its reference in one statement, or not at all
        op.execute('ALTER TABLE flags ADD COLUMN sender_company_id INTEGER '
                   'CONSTRAINT fk_flags_sender_company_id_companies REFERENCES companies (id)')
    op.create_index(op.f('ix_flags_sender_company_id'), 'flags', ['sender_company_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_flags_sender_company_id'), table_name='flags')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('fk_flags_sender_company_id_companies'), 'flags',
                           type_='foreignkey')
    op.drop_column('flags', 'sender_company_id')
    op.drop_column('companies', 'office_address')

    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_index('ix_appeals_decided_at_created_at')

    op.drop_table('appeals')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index('ix_statements_user_id_created_at')
        batch_op.drop_index(batch_op.f('ix_statements_notice_id'))
        batch_op.drop_index(batch_op.f('ix_statements_complaint_id'))

    op.drop_table('statements')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_status_confirmed_at')
        batch_op.drop_index(batch_op.f('ix_notices_sender_company_id'))
        batch_op.drop_index('ix_notices_email_created_at')
        batch_op.drop_index(batch_op.f('ix_notices_complaint_id'))

    op.drop_table('notices')
