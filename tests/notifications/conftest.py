"""Fixtures for the notifications tests: a real SMTP server in the test process, people,
a venue with a manager, and bookings made through the bookings service."""

import socket
import threading
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from app.auth.models import Role
from app.bookings import service
from app.bookings.models import Booking
from app.extensions import db


class SmtpSink:
    """An aiosmtpd handler that keeps every accepted message and can refuse the next few."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []
        self.refuse_next = 0
        self.refusal = "451 4.3.0 Try again later"
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            if self.refuse_next:
                self.refuse_next -= 1
                return self.refusal
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 OK"

    def of_kind(self, kind: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["X-Notification-Kind"] == kind]

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink(_free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp_sink):
    return {**app_config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_sink.port,
            "SMTP_SECURITY": "none", "MAIL_FROM": "Spaces <bookings@spaces.test>"}


@pytest.fixture
def creator(make_user):
    return make_user(display_name="Lin Creator", email="lin@example.com")


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER, display_name="Wang Manager", email="wang@example.com")


@pytest.fixture
def venue(make_venue, manager):
    return make_venue(managers=[manager], name="Bund Studio", name_zh="外滩工作室",
                      address="1 Zhongshan East Road")


@pytest.fixture
def approval_venue(make_venue, manager):
    return make_venue(managers=[manager], requires_approval=True, pending_expiry_hours=48)


@pytest.fixture
def book():
    """A booking made through the bookings service; local times 'YYYY-MM-DDTHH:MM'; committed."""

    def book(user, venue, start: str = "2026-12-03T10:00", end: str = "2026-12-03T12:00",
             title: str = "Shoot") -> Booking:
        booking = service.create_booking(user, {
            "venue_id": venue.id, "start": datetime.fromisoformat(start),
            "end": datetime.fromisoformat(end), "title": title})
        db.session.commit()
        return booking

    return book
