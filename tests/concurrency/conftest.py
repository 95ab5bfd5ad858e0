"""Fixtures for racing real clients against a real multi-process server.

The server (gunicorn, several workers) shares the test run's database and runs on the real
clock, so the app fixture's clock reads the real time too.
"""

import pytest

from app.clock import FrozenClock, system_now
from tests.live_server import live_server


@pytest.fixture(scope="module")
def server(migrated_database):
    with live_server(migrated_database, workers=4, threads=4) as running:
        yield running


@pytest.fixture
def clock():
    return FrozenClock(system_now())
