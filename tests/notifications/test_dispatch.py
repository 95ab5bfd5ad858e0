"""The scheduler's sending: each message once, retried while the server refuses, taken over
when a scheduler dies, and re-checked against the booking when it falls due."""

import threading
from collections import Counter
from datetime import timedelta

from app.bookings import service
from app.extensions import db
from app.notifications.dispatch import claim_due, deliver_due, drain, retry_delay
from app.notifications.models import MessageStatus
from tests.notifications.helpers import outbox, queue_confirmations


def test_due_messages_are_sent_once_and_marked_sent(book, creator, venue, smtp_sink, clock):
    book(creator, venue)

    drain("scheduler-a")
    drain("scheduler-a")

    assert [message["X-Notification-Kind"] for message in smtp_sink.messages] == ["confirmed"]
    row = outbox("confirmed")[0]
    assert (row.status, row.attempts, row.sent_at) == (MessageStatus.SENT, 1, clock())


def test_two_schedulers_deliver_each_of_several_hundred_messages_exactly_once(
        app, book, creator, venue, smtp_sink):
    booking = book(creator, venue)
    queue_confirmations(booking, 300)

    def scheduler(name: str) -> None:
        with app.app_context():
            while deliver_due(name, limit=20).claimed:
                pass
            db.session.remove()

    threads = [threading.Thread(target=scheduler, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = Counter(smtp_sink.message_ids())
    assert len(counts) == 301
    assert set(counts.values()) == {1}
    assert {row.claimed_by for row in outbox("confirmed")} == {"a", "b"}
    assert {row.status for row in outbox("confirmed")} == {MessageStatus.SENT}


def test_refused_messages_are_retried_with_backoff_until_the_server_accepts(
        book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    queue_confirmations(booking, 4)
    smtp_sink.refuse_next = 3

    first = deliver_due("a")

    assert (first.sent, first.retried) == (2, 3)
    waiting = [row for row in outbox("confirmed") if row.status == MessageStatus.PENDING]
    assert {row.due_at for row in waiting} == {clock() + retry_delay(1)}
    assert all("451" in row.last_error for row in waiting)
    assert deliver_due("a").claimed == 0
    clock.advance(seconds=retry_delay(1).total_seconds())
    assert deliver_due("a").sent == 3
    assert len(set(smtp_sink.message_ids())) == len(smtp_sink.messages) == 5


def test_the_backoff_doubles_up_to_a_cap(app):
    assert [retry_delay(attempt) for attempt in (1, 2, 3)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert retry_delay(20) == timedelta(hours=6)


def test_a_message_refused_on_every_attempt_ends_failed_with_the_error_kept(
        app, book, creator, venue, smtp_sink, clock):
    app.config["NOTIFY_MAX_ATTEMPTS"] = 3
    book(creator, venue)
    smtp_sink.refuse_next = 100

    for _attempt in range(3):
        deliver_due("a")
        clock.advance(hours=1)

    row = outbox("confirmed")[0]
    assert (row.status, row.attempts) == (MessageStatus.FAILED, 3)
    assert "451" in row.last_error
    assert deliver_due("a").claimed == 0


def test_a_permanent_refusal_fails_at_once(book, creator, venue, smtp_sink):
    book(creator, venue)
    smtp_sink.refuse_next, smtp_sink.refusal = 1, "550 5.1.1 No such mailbox"

    deliver_due("a")

    row = outbox("confirmed")[0]
    assert (row.status, row.attempts) == (MessageStatus.FAILED, 1)
    assert "550" in row.last_error


def test_rows_leased_by_a_scheduler_that_died_are_delivered_by_another_after_the_lease(
        app, book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    queue_confirmations(booking, 30)

    claimed = claim_due("dies-mid-batch", 20)  # and never marks them

    assert len(claimed) == 20
    assert drain("survivor") == 11
    clock.advance(seconds=app.config.get("NOTIFY_LEASE_SECONDS", 300))
    assert drain("survivor") == 20
    counts = Counter(smtp_sink.message_ids())
    assert len(counts) == 31 and set(counts.values()) == {1}


def test_a_scheduler_stops_sending_before_its_lease_runs_out(app, book, creator, venue, smtp_sink, clock):
    """Past the lease another scheduler may own the rows; what is left goes back to the queue."""
    app.config["NOTIFY_SMTP_CONNECTIONS"] = 1
    booking = book(creator, venue)
    queue_confirmations(booking, 3)
    real_send = type(smtp_sink).handle_DATA

    async def slow_server(sink, server, session, envelope):
        clock.advance(seconds=150)  # each send "takes" half the lease
        return await real_send(sink, server, session, envelope)

    type(smtp_sink).handle_DATA = slow_server
    try:
        report = deliver_due("a")
    finally:
        type(smtp_sink).handle_DATA = real_send

    assert (report.sent, report.released) == (2, 2)
    released = [row for row in outbox("confirmed") if row.status == MessageStatus.PENDING]
    assert len(released) == 2 and {row.attempts for row in released} == {0}


def test_a_reminder_due_while_no_scheduler_ran_is_sent_on_start(book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    clock.set(booking.start - timedelta(hours=20))  # the day-before reminder fell due 4 hours ago

    drain("a")

    [reminder] = smtp_sink.of_kind("reminder")
    assert "starts in 20 hours" in reminder.get_body(("plain",)).get_content()


def test_after_a_long_downtime_only_the_nearest_due_reminder_is_sent(book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    clock.set(booking.start - timedelta(minutes=30))  # both reminders fell due meanwhile

    drain("a")

    [reminder] = smtp_sink.of_kind("reminder")
    assert "starts in 30 minutes" in reminder.get_body(("plain",)).get_content()
    assert sorted((row.status, row.payload["minutes"]) for row in outbox("reminder")) == [
        (MessageStatus.SENT, 60), (MessageStatus.SKIPPED, 1440)]


def test_a_reminder_whose_booking_has_started_is_skipped_with_the_reason(
        book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    clock.set(booking.start + timedelta(minutes=5))

    drain("a")

    assert smtp_sink.of_kind("reminder") == []
    assert {row.payload["minutes"]: (row.status, row.skip_reason) for row in outbox("reminder")} == {
        60: (MessageStatus.SKIPPED, "booking has already started"),
        1440: (MessageStatus.SKIPPED, "superseded by a nearer reminder that is also due")}


def test_a_reminder_is_rechecked_against_the_booking_when_it_falls_due(
        book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    booking.status = "cancelled"  # changed behind the outbox's back
    db.session.commit()
    clock.set(booking.start - timedelta(hours=23))

    drain("a")

    assert smtp_sink.of_kind("reminder") == []
    assert [(row.status, row.skip_reason) for row in outbox("reminder")] == [
        (MessageStatus.SKIPPED, "booking is cancelled"), (MessageStatus.PENDING, "")]


def test_a_booking_cancelled_before_its_confirmation_went_out_gets_only_the_cancellation(
        book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    service.cancel_booking(creator, booking.id)
    db.session.commit()
    clock.set(booking.start - timedelta(minutes=1))

    drain("a")

    assert [message["X-Notification-Kind"] for message in smtp_sink.messages] == ["cancelled"]
    assert [(row.status, row.skip_reason) for row in outbox("confirmed")] == [
        (MessageStatus.SKIPPED, "booking is cancelled")]


def test_a_rescheduled_booking_is_reminded_at_its_new_time(book, creator, venue, smtp_sink, clock):
    booking = book(creator, venue)
    service.update_booking(creator, booking.id, {"start": booking.start + timedelta(days=2),
                                                 "end": booking.end + timedelta(days=2)})
    db.session.commit()

    clock.set(booking.start - timedelta(minutes=61))
    drain("a")
    assert len(smtp_sink.of_kind("reminder")) == 1  # the day-before one, for the new day
    clock.set(booking.start - timedelta(minutes=59))
    drain("a")

    assert len(smtp_sink.of_kind("reminder")) == 2


def test_without_smtp_host_mail_is_written_to_mail_dir(app, book, creator, venue, tmp_path):
    app.config["SMTP_HOST"] = None
    book(creator, venue)

    drain("a")

    row = outbox("confirmed")[0]
    written = list((tmp_path / "mail").glob("*.eml"))
    assert [path.name for path in written] == [f"outbox-{row.id}-confirmed.eml"]
    assert row.status == MessageStatus.SENT
