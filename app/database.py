"""Database plumbing: UTC datetimes, SQLite settings and transaction locking."""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from types import ModuleType
from typing import TypeVar

from sqlalchemy import DateTime, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

# Safe (read-only) requests begin SQLite transactions deferred; all others take
# the write lock at BEGIN IMMEDIATE so that a check followed by a write can't race.
_sqlite_deferred_begin: ContextVar[bool] = ContextVar("sqlite_deferred_begin", default=False)

SQLITE_BUSY_TIMEOUT_MS = 30_000

# Database objects written by hand in migrations (e.g. PostgreSQL exclusion constraints) are
# named with this prefix; Alembic's autogenerate leaves them alone.
HAND_WRITTEN_PREFIX = "ex_"


Statement = TypeVar("Statement")


def per_dialect(build: Callable[[ModuleType], Statement]) -> dict[str, Statement]:
    """A statement that differs by database (an upsert, say), built once for each one the app
    runs on from its dialect module, to be looked up by `connection.dialect.name`."""
    return {"postgresql": build(postgresql), "sqlite": build(sqlite)}


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC: timestamptz on PostgreSQL, naive UTC text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def set_deferred_begin(deferred: bool) -> None:
    _sqlite_deferred_begin.set(deferred)


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself instead of pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN" if _sqlite_deferred_begin.get() else "BEGIN IMMEDIATE")


def include_object(_object, name: str | None, _type: str, _reflected: bool, _compare_to) -> bool:
    """Alembic autogenerate filter: compare everything except the hand-written objects."""
    return not (name or "").startswith(HAND_WRITTEN_PREFIX)
