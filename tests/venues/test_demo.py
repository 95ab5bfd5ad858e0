"""`flask demo load`: real venues of every kind in both clusters, loaded idempotently."""

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.service import verify_credentials
from app.demo import DEMO_USERS
from app.extensions import db
from app.models import Closure, OpeningHours, Venue, VenueAmenity, venue_managers
from app.venues.models import VenueKind


def snapshot() -> dict:
    """Every row the demo writes, so that two loads can be compared exactly."""
    db.session.expire_all()
    return {
        "venues": [tuple(row) for row in db.session.execute(select(Venue.__table__).order_by(Venue.id))],
        "hours": [tuple(row) for row in db.session.execute(select(OpeningHours.__table__)
                                                           .order_by(OpeningHours.id))],
        "amenities": sorted(tuple(row) for row in db.session.execute(select(VenueAmenity.__table__))),
        "managers": sorted(tuple(row) for row in db.session.execute(select(venue_managers))),
        "closures": [tuple(row) for row in db.session.execute(select(Closure.__table__)
                                                              .order_by(Closure.id))],
        "users": [tuple(row) for row in db.session.execute(select(User.__table__).order_by(User.id))],
    }


@pytest.fixture
def loaded(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result


def test_prints_every_login(loaded):
    for user in DEMO_USERS:
        assert f"{user.email}" in loaded.output
        assert user.password in loaded.output


def test_printed_passwords_work(loaded):
    for user in DEMO_USERS:
        assert verify_credentials(user.email, user.password).role == user.role


def test_covers_every_kind_and_both_clusters(loaded):
    venues = db.session.scalars(select(Venue)).all()

    assert len(venues) >= 20
    assert {venue.kind for venue in venues} == {kind.value for kind in VenueKind}
    assert {"Huangpu", "Yangpu"} <= {venue.cluster for venue in venues}
    assert all(venue.name_zh and venue.description and venue.description_zh and venue.address
               for venue in venues)
    assert all(30.9 < venue.latitude < 31.5 and 121.2 < venue.longitude < 121.8 for venue in venues)


def test_has_the_rule_variety_the_demo_needs(loaded):
    venues = db.session.scalars(select(Venue)).all()

    assert any(venue.requires_approval for venue in venues)
    assert any(not venue.requires_approval for venue in venues)
    assert any(venue.max_concurrent > 1 for venue in venues)
    assert any(venue.competing_requests for venue in venues)
    assert any(venue.closed_on_public_holidays for venue in venues)
    assert any(venue.buffer_minutes > 0 for venue in venues)
    assert any(span.crosses_midnight for venue in venues for span in venue.opening_hours)


def test_two_managers_each_manage_several_venues(loaded):
    managers = db.session.scalars(select(User).where(User.role == Role.MANAGER)).all()
    venues = db.session.scalars(select(Venue)).all()

    assert len(managers) == 2
    for manager in managers:
        assert sum(venue.can_manage(manager) for venue in venues) >= 3


def test_loading_twice_changes_nothing(runner, loaded, clock):
    before = snapshot()
    clock.advance(days=1)

    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code == 0
    assert snapshot() == before


def test_loading_again_repairs_edited_demo_data(runner, loaded):
    venue = db.session.scalar(select(Venue).where(Venue.slug == "yu-garden"))
    venue.name, venue.amenities = "Edited", ["wifi"]
    db.session.commit()

    runner.invoke(args=["demo", "load"])

    db.session.expire_all()
    venue = db.session.scalar(select(Venue).where(Venue.slug == "yu-garden"))
    assert venue.name == "Yu Garden"
    assert venue.amenities == ["historic_site", "outdoor"]


def test_demo_venues_are_served_by_the_api(client, loaded):
    response = client.get("/api/v1/venues", query_string={"cluster": "Yangpu", "kind": "livestream_room"})

    assert response.json["total"] >= 2
    overnight = [span for venue in response.json["items"] for span in venue["opening_hours"]
                 if span["close"] <= span["open"]]
    assert {"weekday": 0, "open": "20:00", "close": "02:00"} in overnight
