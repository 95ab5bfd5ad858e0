"""Drop ix_bookings_venue_id: the composite indexes on (venue_id, holds_time, ...) serve every
lookup by venue, and one index fewer is one write fewer on every booking

Revision ID: 0008_drop_bookings_venue_index
Revises: 0007_feed_stamps
Create Date: 2026-12-01 22:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_drop_bookings_venue_index'
down_revision = '0007_feed_stamps'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookings_venue_id'))


def downgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_venue_id'), ['venue_id'], unique=False)
