"""What the scheduler does besides sending: expiry, the daily digest, waitlist offers, its
heartbeat for /healthz, and the command that runs it."""

from datetime import datetime, timedelta

from app.bookings import service, waitlist
from app.bookings.models import BookingStatus
from app.extensions import db
from app.notifications.digest import queue_daily_digests
from app.notifications.models import MessageStatus
from app.notifications.scheduler import run_tick
from tests.notifications.helpers import outbox


def tick(clock, name: str = "scheduler-a") -> int:
    return run_tick(name, clock())


def test_a_stale_request_expires_and_its_creator_is_told(book, creator, approval_venue, smtp_sink, clock):
    request = book(creator, approval_venue)
    clock.advance(hours=47)
    tick(clock)
    assert smtp_sink.of_kind("expired") == []

    clock.advance(hours=1)
    tick(clock)

    db.session.refresh(request)
    assert request.status == BookingStatus.EXPIRED
    [email] = smtp_sink.of_kind("expired")
    assert email["X-Booking-Id"] == str(request.id) and email["To"].endswith("<lin@example.com>")


def test_each_manager_gets_one_digest_per_local_day_listing_the_pending_requests(
        book, creator, approval_venue, manager, smtp_sink, clock):
    first = book(creator, approval_venue, "2026-12-04T10:00", "2026-12-04T11:00", title="Fashion week")
    second = book(creator, approval_venue, "2026-12-03T15:00", "2026-12-03T16:00", title="Podcast")

    tick(clock)
    tick(clock, "scheduler-b")
    clock.advance(hours=10)  # 19:00 the same day in Shanghai
    tick(clock)

    [digest] = smtp_sink.of_kind("digest")
    body = digest.get_body(("plain",)).get_content()
    assert digest["To"].endswith("<wang@example.com>")
    assert body.index("Podcast") < body.index("Fashion week")
    assert f"/bookings/{first.id}" in body and f"/bookings/{second.id}" in body
    clock.advance(hours=14)  # 09:00 the next day
    tick(clock)
    assert len(smtp_sink.of_kind("digest")) == 2


def test_no_digest_before_the_digest_hour_nor_without_pending_requests(
        book, creator, approval_venue, venue, smtp_sink, clock):
    book(creator, venue)  # confirmed at once: nothing to decide
    tick(clock)
    assert outbox("digest") == []

    clock.set(datetime.fromisoformat("2026-12-01T23:30+00:00"))  # 07:30 in Shanghai
    book(creator, approval_venue)
    tick(clock)
    assert outbox("digest") == []
    clock.advance(minutes=30)
    tick(clock)
    assert len(outbox("digest")) == 1


def test_a_digest_with_nothing_left_pending_is_skipped(
        book, creator, approval_venue, manager, smtp_sink, clock):
    request = book(creator, approval_venue)
    tick(clock)  # queues and sends the first digest
    clock.advance(days=1)

    queue_daily_digests()
    service.approve_booking(manager, request.id)
    db.session.commit()
    tick(clock)

    assert [row.status for row in outbox("digest")] == [MessageStatus.SENT, MessageStatus.SKIPPED]


def test_freed_time_is_offered_to_the_waitlist_in_join_order(
        book, creator, venue, make_user, smtp_sink, clock):
    booking = book(creator, venue)
    early, late = make_user(email="early@example.com"), make_user(email="late@example.com")
    for user in (early, late):
        waitlist.join(user, {"venue_id": venue.id, "start": datetime.fromisoformat("2026-12-03T10:00"),
                             "end": datetime.fromisoformat("2026-12-03T11:00")})
        db.session.commit()
        clock.advance(minutes=1)

    service.cancel_booking(creator, booking.id)
    db.session.commit()
    tick(clock)

    offers = smtp_sink.of_kind("waitlist_offer")
    assert [offer["To"].split("<")[1] for offer in offers] == ["early@example.com>", "late@example.com>"]
    assert "/venues/" in offers[0].get_body(("plain",)).get_content()


def test_an_offer_for_time_taken_again_before_it_is_sent_is_skipped(
        book, creator, venue, make_user, smtp_sink, clock):
    booking = book(creator, venue)
    hopeful = make_user()
    waitlist.join(hopeful, {"venue_id": venue.id, "start": datetime.fromisoformat("2026-12-03T10:00"),
                            "end": datetime.fromisoformat("2026-12-03T11:00")})
    service.cancel_booking(creator, booking.id)
    db.session.commit()
    book(make_user(), venue)  # someone else was quicker

    tick(clock)

    assert smtp_sink.of_kind("waitlist_offer") == []
    assert [row.skip_reason for row in outbox("waitlist_offer")] == ["the time is no longer free"]


def test_healthz_shows_the_scheduler_heartbeat_and_backlog(client, book, creator, venue, smtp_sink, clock):
    assert client.get("/healthz").json["scheduler"] == {
        "status": "never", "last_heartbeat": None, "pending": 0, "failed": 0}
    book(creator, venue)
    assert client.get("/healthz").json["scheduler"]["pending"] == 1

    tick(clock)
    assert client.get("/healthz").json["scheduler"] == {
        "status": "ok", "last_heartbeat": clock().isoformat(), "pending": 0, "failed": 0}
    clock.advance(seconds=61)
    assert client.get("/healthz").json["scheduler"]["status"] == "stale"


def test_healthz_says_unknown_when_the_database_cannot_tell():
    from app import create_app
    from tests.conftest import make_config

    app = create_app(make_config("sqlite:////nonexistent-directory/app.db"))

    assert app.test_client().get("/healthz").json["scheduler"]["status"] == "unknown"


def test_the_scheduler_command_runs_one_round_with_drain(runner, book, creator, venue, smtp_sink):
    book(creator, venue)

    result = runner.invoke(args=["scheduler", "run", "--drain"])

    assert result.exit_code == 0, result.output
    assert "1 messages handled" in result.output
    assert len(smtp_sink.of_kind("confirmed")) == 1


def test_the_scheduler_jobs_have_explicit_ids_and_never_overlap(app, clock):
    from app.notifications.scheduler import build_scheduler

    scheduler = build_scheduler(app, "a", clock())
    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(jobs) == {"notifications.send_due", "notifications.housekeeping"}
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())
    assert jobs["notifications.send_due"].trigger.interval == timedelta(seconds=5)
