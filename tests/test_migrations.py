"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from sqlalchemy import Column, Connection, Integer, MetaData, Table

from app.extensions import db


def schema_differences(connection: Connection, metadata: MetaData = db.metadata,
                       filtered: bool = True) -> list:
    """What `flask db migrate` would generate, as Alembic's list of differences."""
    options = current_app.extensions["migrate"].configure_args
    opts = {"compare_type": options["compare_type"]}
    if filtered:
        opts["include_object"] = options["include_object"]
    return compare_metadata(MigrationContext.configure(connection, opts=opts), metadata)


def test_the_migrated_database_matches_the_models(app):
    with db.engine.connect() as connection:
        assert schema_differences(connection) == []


def test_a_model_change_without_a_migration_would_be_noticed(app):
    changed = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(changed)
    Table("made_up", changed, Column("id", Integer, primary_key=True))

    with db.engine.connect() as connection:
        assert [difference[0] for difference in schema_differences(connection, changed)] == ["add_table"]


def test_hand_written_ex_objects_are_not_differences(app):
    with db.engine.connect() as connection, connection.begin() as transaction:
        connection.exec_driver_sql("CREATE INDEX ex_users_display_name ON users (display_name)")
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(
                "ALTER TABLE users ADD CONSTRAINT ex_users_one_per_id EXCLUDE USING btree (id WITH =)")
        filtered, unfiltered = schema_differences(connection), schema_differences(connection, filtered=False)
        transaction.rollback()

    assert filtered == []
    assert "ex_users_display_name" in str(unfiltered)
