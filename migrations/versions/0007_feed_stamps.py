"""Feed stamps: one row per calendar feed, bumped with every change of what it shows

Revision ID: 0007_feed_stamps
Revises: 0006_notifications
Create Date: 2026-11-26 11:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.database


# revision identifiers, used by Alembic.
revision = '0007_feed_stamps'
down_revision = '0006_notifications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feed_stamps',
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changed_at', app.database.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'owner_id', name=op.f('pk_feed_stamps')),
    )


def downgrade():
    op.drop_table('feed_stamps')
