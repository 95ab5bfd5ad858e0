"""Database plumbing: SQLite write transactions lock at BEGIN, WAL and foreign keys are on,
UTC datetimes round-trip, and every database refuses orphan rows."""

import multiprocessing
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.auth.models import ApiToken
from app.database import UTCDateTime, configure_engine, set_deferred_begin
from app.extensions import db

PROCESSES = 4
SLOTS = 25


def sqlite_engine(path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    configure_engine(engine)
    return engine


@pytest.fixture
def engine(tmp_path):
    engine = sqlite_engine(tmp_path / "locking.db")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE claims (slot INTEGER NOT NULL, claimant INTEGER NOT NULL)")
    yield engine
    engine.dispose()


def test_sqlite_connections_use_wal_and_enforce_foreign_keys(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def fail_fast_when_locked(connection) -> None:
    connection.connection.dbapi_connection.execute("PRAGMA busy_timeout = 0")


def test_a_write_transaction_holds_the_write_lock_from_begin(engine):
    with engine.connect() as holder, engine.connect() as other:
        fail_fast_when_locked(other)
        holder.begin()

        with pytest.raises(OperationalError, match="database is locked"):
            other.begin()

        holder.commit()
        other.begin()
        other.rollback()


def test_a_read_transaction_neither_waits_for_nor_blocks_a_writer(engine):
    with engine.connect() as writer, engine.connect() as reader:
        fail_fast_when_locked(reader)
        writer.begin()
        writer.exec_driver_sql("INSERT INTO claims VALUES (1, 1)")
        set_deferred_begin(True)
        try:
            with reader.begin():
                assert reader.exec_driver_sql("SELECT count(*) FROM claims").scalar() == 0
        finally:
            set_deferred_begin(False)
        writer.commit()


def _claim_free_slots(path, claimant: int, start) -> None:
    """Check that a slot is free, then claim it: the pattern a booking follows."""
    engine = sqlite_engine(path)
    start.wait()
    with engine.connect() as connection:
        for slot in range(SLOTS):
            with connection.begin():
                taken = connection.execute(text("SELECT count(*) FROM claims WHERE slot = :slot"),
                                           {"slot": slot}).scalar()
                if not taken:
                    connection.execute(text("INSERT INTO claims VALUES (:slot, :claimant)"),
                                       {"slot": slot, "claimant": claimant})
    engine.dispose()


def test_check_then_insert_from_several_processes_never_overlaps(engine, tmp_path):
    forking = multiprocessing.get_context("fork")
    start = forking.Barrier(PROCESSES)
    workers = [forking.Process(target=_claim_free_slots, args=(tmp_path / "locking.db", number, start))
               for number in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    with engine.connect() as connection:
        claims = connection.exec_driver_sql("SELECT slot, count(*) FROM claims GROUP BY slot").all()
    assert claims == [(slot, 1) for slot in range(SLOTS)]


def test_every_database_refuses_rows_that_point_nowhere(app, clock):
    db.session.add(ApiToken(user_id=999, token_hash="0" * 64, created_at=clock(), expires_at=clock()))

    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_utc_datetimes_come_back_aware_and_in_utc():
    column = UTCDateTime()
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2026, 12, 1, 9, 0, tzinfo=shanghai)

    for dialect in (create_engine("sqlite://").dialect, create_engine("postgresql+psycopg://").dialect):
        stored = column.process_bind_param(moment, dialect)
        loaded = column.process_result_value(stored, dialect)
        assert loaded == moment
        assert loaded.tzinfo == UTC


def test_a_naive_datetime_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 12, 1, 9, 0), create_engine("sqlite://").dialect)
