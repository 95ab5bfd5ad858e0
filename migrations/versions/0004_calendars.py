"""calendars: the secrets behind personal calendar feed URLs

Revision ID: 0004_calendars
Revises: 0003_bookings
Create Date: 2026-11-26 10:01:30.226108

"""
from alembic import op
import sqlalchemy as sa

import app.database


# revision identifiers, used by Alembic.
revision = "0004_calendars"
down_revision = "0003_bookings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feed_secrets",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_feed_secrets_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_feed_secrets")),
        sa.UniqueConstraint("digest", name=op.f("uq_feed_secrets_digest")),
    )


def downgrade():
    op.drop_table("feed_secrets")
