"""Venue search: a casefolded search_text column, the listing order index, trigram index on PostgreSQL

Revision ID: 0005_venue_search
Revises: 0004_calendars
Create Date: 2026-11-26 10:13:10.877184

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_venue_search'
down_revision = '0004_calendars'
branch_labels = None
depends_on = None

venues = sa.table('venues', sa.column('id', sa.Integer), sa.column('name', sa.String),
                  sa.column('name_zh', sa.String), sa.column('description', sa.Text),
                  sa.column('description_zh', sa.Text), sa.column('search_text', sa.Text))


def upgrade():
    with op.batch_alter_table('venues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index('ix_venues_name_id', ['name', 'id'], unique=False)

    # Same text as app.venues.models.searchable_text, computed in Python so that it casefolds
    # every script alike on both databases.
    bind = op.get_bind()
    for row in bind.execute(sa.select(venues)).all():
        text = "\n".join(part or "" for part in (row.name, row.name_zh, row.description,
                                                 row.description_zh)).casefold()
        bind.execute(venues.update().where(venues.c.id == row.id).values(search_text=text))

    if bind.dialect.name == "postgresql":
        # Lets PostgreSQL answer selective `LIKE '%words%'` searches from an index (ex_: kept
        # out of autogenerate, which cannot express operator classes on both databases).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ex_venues_search_text_trgm ON venues USING gin (search_text gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ex_venues_search_text_trgm")
    with op.batch_alter_table('venues', schema=None) as batch_op:
        batch_op.drop_index('ix_venues_name_id')
        batch_op.drop_column('search_text')
