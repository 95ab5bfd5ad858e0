"""ETag and Last-Modified on feeds: an unchanged feed answers 304, any change answers 200."""

from datetime import timedelta

import pytest

from app.bookings.models import BookingStatus
from app.extensions import db
from tests.calendars.conftest import TOMORROW_10H


@pytest.fixture
def venue(make_venue):
    return make_venue(slug="studio")


@pytest.fixture
def creator(make_user):
    return make_user()


def test_feed_headers(client, creator, feed_url_of):
    response = client.get(feed_url_of(creator))
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Last-Modified"].endswith("GMT")
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["Content-Disposition"] == 'inline; filename="bookings.ics"'


@pytest.mark.parametrize("feed", ["personal", "venue"])
def test_unchanged_feed_answers_304_to_its_etag(client, clock, venue, creator, make_booking, feed_url_of,
                                                feed):
    make_booking(venue, creator)
    path = feed_url_of(creator) if feed == "personal" else "/feeds/venues/studio.ics"
    first = client.get(path)
    clock.advance(minutes=20)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]


def test_unchanged_feed_answers_304_to_its_last_modified(client, clock, venue, creator, make_booking,
                                                        feed_url_of):
    make_booking(venue, creator)
    path = feed_url_of(creator)
    first = client.get(path)
    clock.advance(minutes=20)
    again = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def test_a_change_of_a_booking_answers_200_with_new_validators(client, venue, creator, make_booking,
                                                              change_booking, feed_url_of):
    booking = make_booking(venue, creator)
    path = feed_url_of(creator)
    first = client.get(path)
    change_booking(booking, title="Renamed shoot")
    for header, value in (("If-None-Match", first.headers["ETag"]),
                          ("If-Modified-Since", first.headers["Last-Modified"])):
        again = client.get(path, headers={header: value})
        assert again.status_code == 200, header
        assert b"Renamed shoot" in again.data
    assert again.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize("feed", ["personal", "venue"])
def test_a_cancellation_is_a_change_although_the_booking_leaves(client, venue, creator, make_booking,
                                                                change_booking, feed_url_of, feed):
    make_booking(venue, creator, TOMORROW_10H + timedelta(days=1))
    booking = make_booking(venue, creator)
    path = feed_url_of(creator) if feed == "personal" else "/feeds/venues/studio.ics"
    first = client.get(path)
    change_booking(booking, status=BookingStatus.CANCELLED)
    assert client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_a_booking_sliding_out_of_the_window_is_a_change(client, clock, venue, creator, make_booking,
                                                        feed_url_of):
    make_booking(venue, creator, TOMORROW_10H + timedelta(days=40))
    make_booking(venue, creator)
    path = feed_url_of(creator)
    first = client.get(path)
    clock.advance(days=31, hours=2)
    again = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200
    assert again.data.count(b"BEGIN:VEVENT") == 1
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_a_change_of_the_venue_is_a_change_of_its_feed(client, clock, venue, creator, make_booking):
    make_booking(venue, creator)
    first = client.get("/feeds/venues/studio.ics")
    clock.advance(minutes=5)
    venue.address = "1 New Road"
    venue.updated_at = clock()
    db.session.commit()
    again = client.get("/feeds/venues/studio.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert b"1 New Road" in again.data


def test_a_stale_etag_wins_over_a_fresh_if_modified_since(client, creator, feed_url_of):
    path = feed_url_of(creator)
    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": '"something-else"',
                                      "If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200
