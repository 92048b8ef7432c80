"""Triage: risk levels and signals, near-duplicate keys and groups, the word list, and the
waiting time of moderation

Adds `queued_at`, `decided_at` and `risk_level` to complaints (plain columns, no table copy:
the search triggers and view on SQLite stay) with the lanes' index; fills `queued_at` from
`submitted_at` and `decided_at` from the publication or rejection of complaints that went
through the queue; inserts the default word list (a frozen copy of
complaints.reference.DEFAULT_RISK_WORDS; a test checks that they agree). Complaints waiting
now have no level: the queue shows them in the normal lane. `flask figures rebuild` counts
the waits of earlier decisions.

Revision ID: 0011_triage
Revises: 0010_escalation_bodies
Create Date: 2026-12-06 19:48:34.050893

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_triage'
down_revision = '0010_escalation_bodies'
branch_labels = None
depends_on = None

# The word list triage starts with: (term, language, severity); "*" at the end matches any
# ending. Moderators extend it on /moderation/words.
RISK_WORDS = [
    ("klootzak*", "nl", "abusive"),
    ("kutbedrijf*", "nl", "abusive"),
    ("kankerbedrijf*", "nl", "abusive"),
    ("tyfus*", "nl", "abusive"),
    ("tering*", "nl", "abusive"),
    ("idioten", "nl", "abusive"),
    ("debielen", "nl", "abusive"),
    ("mongolen", "nl", "abusive"),
    ("hoeren*", "nl", "abusive"),
    ("sukkels", "nl", "abusive"),
    ("fuck*", "en", "abusive"),
    ("asshole*", "en", "abusive"),
    ("bastards", "en", "abusive"),
    ("morons", "en", "abusive"),
    ("scumbag*", "en", "abusive"),
    ("oplichter*", "nl", "defamatory"),
    ("fraudeurs", "nl", "defamatory"),
    ("criminelen", "nl", "defamatory"),
    ("dieven*", "nl", "defamatory"),
    ("boeven*", "nl", "defamatory"),
    ("maffia*", "nl", "defamatory"),
    ("witwassers", "nl", "defamatory"),
    ("scammer*", "en", "defamatory"),
    ("fraudsters", "en", "defamatory"),
    ("crooks", "en", "defamatory"),
    ("thieves", "en", "defamatory"),
    ("criminals", "en", "defamatory"),
]


def upgrade():
    op.create_table('moderation_wait_buckets',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('bin', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'bin', name=op.f('pk_moderation_wait_buckets'))
    )
    op.create_table('duplicate_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('held_note', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['held_by_id'], ['users.id'], name=op.f('fk_duplicate_groups_held_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_groups'))
    )
    op.create_table('risk_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_risk_words_added_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_words')),
    sa.UniqueConstraint('term', name='uq_risk_words_term')
    )
    op.create_table('complaint_risks',
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('signals', sa.JSON(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_risks_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['group_id'], ['duplicate_groups.id'], name=op.f('fk_complaint_risks_group_id_duplicate_groups')),
    sa.PrimaryKeyConstraint('complaint_id', name=op.f('pk_complaint_risks'))
    )
    with op.batch_alter_table('complaint_risks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_risks_group_id'), ['group_id'], unique=False)

    op.create_table('near_duplicate_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_near_duplicate_keys_complaint_id_complaints')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_near_duplicate_keys'))
    )
    with op.batch_alter_table('near_duplicate_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_near_duplicate_keys_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index('ix_near_duplicate_keys_key', ['key', 'id'], unique=False)
        batch_op.create_index('ix_near_duplicate_keys_created_at', ['created_at'], unique=False)

    op.add_column('complaints', sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('complaints', sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('complaints', sa.Column('risk_level', sa.String(length=10), nullable=True))
    op.create_index('ix_complaints_status_risk_level_queued_at', 'complaints',
                    ['status', 'risk_level', 'queued_at'], unique=False)
    op.execute("UPDATE complaints SET queued_at = submitted_at")
    op.execute("UPDATE complaints SET decided_at = published_at WHERE published_at IS NOT NULL"
               " AND external_ref IS NULL")
    op.execute("UPDATE complaints SET decided_at = rejected_at WHERE status = 'rejected'")
    words = sa.table('risk_words', sa.column('term', sa.String), sa.column('language', sa.String),
                     sa.column('severity', sa.String), sa.column('created_at', sa.DateTime))
    now = datetime.now(timezone.utc)
    op.bulk_insert(words, [{"term": term, "language": language, "severity": severity,
                            "created_at": now} for term, language, severity in RISK_WORDS])


def downgrade():
    op.drop_index('ix_complaints_status_risk_level_queued_at', table_name='complaints')
    op.drop_column('complaints', 'risk_level')
    op.drop_column('complaints', 'decided_at')
    op.drop_column('complaints', 'queued_at')

    with op.batch_alter_table('near_duplicate_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_near_duplicate_keys_created_at')
        batch_op.drop_index('ix_near_duplicate_keys_key')
        batch_op.drop_index(batch_op.f('ix_near_duplicate_keys_complaint_id'))

    op.drop_table('near_duplicate_keys')
    with op.batch_alter_table('complaint_risks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_risks_group_id'))

    op.drop_table('complaint_risks')
    op.drop_table('risk_words')
    op.drop_table('duplicate_groups')
    op.drop_table('moderation_wait_buckets')
