"""Messages are written with the change that causes them, once, and reminders follow the booking."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.bookings import service
from app.extensions import db
from app.notifications import events
from app.notifications.models import MessageStatus, OutboxMessage


def rows(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


@contextmanager
def statements_sent():
    """The SQL statements sent to the database inside the block, one per cursor execution."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queued_by(announce) -> tuple[list[tuple], list[str]]:
    """The outbox rows `announce` queues, and the statements it sends; undone afterwards."""
    savepoint = db.session.begin_nested()
    with statements_sent() as statements:
        announce()
    queued = [(row.kind, row.recipient_id, row.dedupe_key, row.booking_id, row.due_at, row.payload,
               row.status) for row in rows()]
    savepoint.rollback()
    return queued, statements


def on_the_outbox(statements: list[str], verb: str) -> list[str]:
    return [statement for statement in statements
            if statement.startswith(verb) and "outbox_messages" in statement]


def test_a_confirmed_booking_queues_its_confirmation_and_a_reminder_per_lead_time(book, creator, venue):
    booking = book(creator, venue)

    assert [(row.kind, row.recipient_id) for row in rows("confirmed")] == [("confirmed", creator.id)]
    reminders = rows("reminder")
    assert sorted(row.due_at for row in reminders) == [booking.start - timedelta(minutes=1440),
                                                       booking.start - timedelta(minutes=60)]
    assert {row.status for row in reminders} == {MessageStatus.PENDING}


def test_a_request_goes_to_every_manager_and_gets_no_reminders_until_approved(
        book, creator, approval_venue, manager, make_user):
    second_manager = make_user("manager")
    approval_venue.managers.append(second_manager)
    db.session.commit()

    booking = book(creator, approval_venue)

    assert {row.recipient_id for row in rows("request_received")} == {manager.id, second_manager.id}
    assert rows("reminder") == []
    service.approve_booking(manager, booking.id)
    db.session.commit()
    assert len(rows("reminder")) == 2
    assert [row.recipient_id for row in rows("confirmed")] == [creator.id]


def test_reminders_too_late_to_be_useful_are_not_queued(book, creator, venue):
    book(creator, venue, "2026-12-01T13:00", "2026-12-01T14:00")  # four hours from now

    assert [row.payload["minutes"] for row in rows("reminder")] == [60]


def test_the_same_event_cannot_queue_the_same_message_twice(book, creator, venue):
    from app.notifications.events import booking_changed

    booking = book(creator, venue)
    booking_changed(booking, "confirmed")
    db.session.commit()

    assert len(rows("confirmed")) == 1
    assert len(rows("reminder")) == 2


def test_a_cancellation_cancels_the_pending_reminders(book, creator, venue):
    booking = book(creator, venue)

    service.cancel_booking(creator, booking.id, "plans changed")
    db.session.commit()

    assert {row.status for row in rows("reminder")} == {MessageStatus.CANCELLED}
    assert [row.recipient_id for row in rows("cancelled")] == [creator.id]


def test_a_reschedule_moves_the_pending_reminders(book, creator, venue):
    booking = book(creator, venue)
    reminder_ids = {row.id for row in rows("reminder")}

    service.update_booking(creator, booking.id, {"start": booking.start + timedelta(days=1),
                                                 "end": booking.end + timedelta(days=1)})
    db.session.commit()

    reminders = rows("reminder")
    assert {row.id for row in reminders} == reminder_ids
    assert sorted(row.due_at for row in reminders) == [booking.start - timedelta(minutes=1440),
                                                       booking.start - timedelta(minutes=60)]
    assert [row.kind for row in rows("rescheduled")] == ["rescheduled"]


def test_a_reschedule_back_to_pending_cancels_the_reminders_until_approved_again(
        book, creator, venue, manager):
    booking = book(creator, venue)
    venue.requires_approval = True
    db.session.commit()

    service.update_booking(creator, booking.id, {"start": booking.start + timedelta(days=1),
                                                 "end": booking.end + timedelta(days=1)})
    db.session.commit()
    assert {row.status for row in rows("reminder")} == {MessageStatus.CANCELLED}

    service.approve_booking(manager, booking.id)
    db.session.commit()
    pending = [row for row in rows("reminder") if row.status == MessageStatus.PENDING]
    assert sorted(row.due_at for row in pending) == [booking.start - timedelta(minutes=1440),
                                                     booking.start - timedelta(minutes=60)]


def test_a_creator_without_reminders_gets_none(book, make_user, venue):
    quiet = make_user(reminder_minutes=[])

    book(quiet, venue)

    assert rows("reminder") == []


def test_the_rows_name_the_change_and_carry_no_invitation(book, creator, venue):
    booking = book(creator, venue)
    service.cancel_booking(creator, booking.id)
    db.session.commit()

    assert [row.payload for row in rows("confirmed")] == [{"sequence": 0}]
    assert [row.payload for row in rows("cancelled")] == [{"sequence": 1}]
    assert sorted(row.payload["minutes"] for row in rows("reminder")) == [60, 1440]
    assert all(row.payload == {"minutes": row.payload["minutes"]} for row in rows("reminder"))


@pytest.mark.parametrize("requires_approval", [False, True], ids=["confirmed", "request"])
def test_a_new_booking_queues_what_a_change_would_in_one_statement_without_reading_the_outbox(
        creator, manager, make_venue, requires_approval):
    venue = make_venue(managers=[manager], requires_approval=requires_approval)
    booking = service.new_booking(creator, venue, datetime(2026, 12, 3, 2, tzinfo=UTC),
                                  datetime(2026, 12, 3, 4, tzinfo=UTC), {"title": "Shoot"})
    service.insert_new([booking])
    kind = "request_received" if requires_approval else "confirmed"

    created, created_statements = queued_by(lambda: events.booking_created(booking))
    changed, changed_statements = queued_by(lambda: events.booking_changed(booking, kind))

    assert created == changed
    assert [row[0] for row in created] == ([kind] if requires_approval else [kind, "reminder", "reminder"])
    assert on_the_outbox(created_statements, "SELECT") == []
    assert len(on_the_outbox(changed_statements, "SELECT")) == 1
    assert len(on_the_outbox(created_statements, "INSERT")) == 1
    assert len(on_the_outbox(changed_statements, "INSERT")) == 1
