"""The company page's charts stored with the window figures (figures.charts): the categories
of each window, the months of the chart and the resolution counts on the 12-month row. Rows
from before this revision have none; the page computes those from the buckets until the
company's figures are next refreshed (a change, or the new day's refresh)

Revision ID: 0017_company_charts
Revises: 0016_risk_level_for_all
Create Date: 2026-12-07 05:43:33.039438

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_company_charts'
down_revision = '0016_risk_level_for_all'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('company_figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('categories', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('months', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('resolution', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('company_figures', schema=None) as batch_op:
        batch_op.drop_column('resolution')
        batch_op.drop_column('months')
        batch_op.drop_column('categories')

