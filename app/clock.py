"""The one source of the current time, so tests can move it."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app


def system_now() -> datetime:
    return datetime.now(UTC)


class FrozenClock:
    """A clock for tests: stands still until told to move."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self.current = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment.astimezone(UTC)


def now() -> datetime:
    """The current time, aware, in UTC: from app.config['CLOCK'] when set."""
    clock: Callable[[], datetime] = current_app.config.get("CLOCK") or system_now
    return clock()
