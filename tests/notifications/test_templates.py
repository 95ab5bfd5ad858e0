"""Every kind of email, in both languages: multipart text and HTML in the reader's language,
times in the venue's zone, the sorting headers, and a valid iTIP invitation where it concerns
a booking."""

from datetime import datetime, timedelta

import pytest

from app.auth.models import Role
from app.bookings import service, waitlist
from app.extensions import db
from app.notifications.events import NOTIFICATION_KINDS
from app.notifications.scheduler import run_tick
from tests.calendars.ical_validation import assert_valid_calendar, property_values

GREETING = {"en": "Hello", "zh-CN": "您好"}
BOOKING_TIME = {"en": "Thu 3 Dec 2026, 10:00–12:00 (Asia/Shanghai)",
                "zh-CN": "2026年12月3日 周四 10:00–12:00 (Asia/Shanghai)"}
VENUE_NAME = {"en": "Bund Studio", "zh-CN": "外滩工作室"}


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def every_kind_of_email(clock, make_user, make_venue, book, locale: str) -> None:
    """One story that makes the service send each kind of email once (or more)."""
    manager = make_user(Role.MANAGER, locale=locale)
    creator, waiting = make_user(locale=locale), make_user(locale=locale)
    venue = make_venue(managers=[manager], requires_approval=True, pending_expiry_hours=48,
                       name="Bund Studio", name_zh="外滩工作室")
    tick = lambda: run_tick("templates", clock())  # noqa: E731

    shoot = book(creator, venue, "2026-12-03T10:00", "2026-12-03T12:00")         # request_received
    tick()                                                                        # digest
    service.approve_booking(manager, shoot.id)                                    # confirmed
    waitlist.join(waiting, {"venue_id": venue.id, "start": local("2026-12-03T10:00"),
                            "end": local("2026-12-03T12:00")})
    db.session.commit()
    moved = book(creator, venue, "2026-12-04T10:00", "2026-12-04T11:00")
    service.update_booking(creator, moved.id, {"start": local("2026-12-04T14:00"),
                                               "end": local("2026-12-04T15:00")})  # rescheduled
    db.session.commit()
    tick()
    service.reject_booking(manager, moved.id, "Closed for filming")                # rejected
    db.session.commit()
    tick()
    clock.set(shoot.start - timedelta(minutes=50))                                 # reminders
    tick()
    service.cancel_booking(creator, shoot.id, "Rain")                              # cancelled, offer
    db.session.commit()
    tick()
    book(creator, venue, "2026-12-10T10:00", "2026-12-10T11:00")
    clock.advance(hours=49)                                                        # expired
    tick()


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_every_email_renders_in_the_readers_language_with_a_valid_invitation(
        clock, make_user, make_venue, book, smtp_sink, locale):
    every_kind_of_email(clock, make_user, make_venue, book, locale)

    messages = smtp_sink.messages
    assert {message["X-Notification-Kind"] for message in messages} == set(NOTIFICATION_KINDS)
    invitations = []
    for message in messages:
        text, html = message.get_body(("plain",)), message.get_body(("html",))
        assert message["Subject"].strip() and message["Message-ID"].endswith("@spaces.test>")
        assert GREETING[locale] in text.get_content() and GREETING[locale] in html.get_content()
        assert f'lang="{locale}"' in html.get_content()
        attachments = list(message.iter_attachments())
        if message["X-Notification-Kind"] in ("digest", "waitlist_offer"):
            assert "X-Booking-Id" not in message and attachments == []
            continue
        assert message["X-Booking-Id"].isdigit()
        [invitation] = attachments
        assert invitation.get_content_type() == "text/calendar"
        data = invitation.get_content().encode() if isinstance(invitation.get_content(), str) \
            else invitation.get_content()
        assert property_values(data, "METHOD", "VCALENDAR") == [invitation.get_param("method")]
        invitations.append(data)
    assert_valid_calendar(*invitations)


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_times_are_written_in_the_venue_zone_for_the_locale(book, make_user, venue, smtp_sink, locale):
    from app.notifications.dispatch import drain

    book(make_user(locale=locale), venue, "2026-12-03T10:00", "2026-12-03T12:00")
    drain("a")

    [confirmation] = smtp_sink.of_kind("confirmed")
    body = confirmation.get_body(("plain",)).get_content()
    assert BOOKING_TIME[locale] in body and VENUE_NAME[locale] in body
