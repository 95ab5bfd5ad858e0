"""Every change that alters a feed's bytes changes its validators, made through the real API;
feeds the change does not touch still answer 304."""

from dataclasses import dataclass, field

import pytest

from app.auth.models import Role


@dataclass
class Feeds:
    """The feeds a test watches, with the validators each last answered."""

    client: object
    paths: dict[str, str]
    seen: dict[str, dict] = field(default_factory=dict)

    def fetch_all(self) -> None:
        for name, path in self.paths.items():
            response = self.client.get(path)
            assert response.status_code == 200, name
            self.seen[name] = response

    def changed(self) -> set[str]:
        """The feeds whose validators both changed, refreshing those; the others answered 304."""
        changed = set()
        for name, path in self.paths.items():
            before = self.seen[name]
            by_etag = self.client.get(path, headers={"If-None-Match": before.headers["ETag"]})
            by_date = self.client.get(path, headers={"If-Modified-Since": before.headers["Last-Modified"]})
            assert by_etag.status_code == by_date.status_code, name
            if by_etag.status_code == 200:
                changed.add(name)
                self.seen[name] = by_etag
            else:
                assert by_etag.status_code == 304, name
        return changed

    def body(self, name: str) -> bytes:
        return self.seen[name].data


@pytest.fixture
def people(make_user):
    return {"manager": make_user(Role.MANAGER), "creator": make_user(display_name="Xu Ming"),
            "outsider": make_user(), "admin": make_user(Role.ADMIN), "newcomer": make_user(Role.MANAGER)}


@pytest.fixture
def venue(make_venue, people):
    make_venue(slug="elsewhere")
    return make_venue(slug="rockbund", managers=[people["manager"]], requires_approval=True)


@pytest.fixture
def feeds(client, people, venue, feed_url_of) -> Feeds:
    paths = {name: feed_url_of(user) for name, user in people.items() if name != "admin"}
    paths |= {"venue": "/feeds/venues/rockbund.ics", "elsewhere": "/feeds/venues/elsewhere.ics"}
    watched = Feeds(client, paths)
    watched.fetch_all()
    return watched


@pytest.fixture
def act(client, clock, auth_headers, people):
    """Call the API as one of the people, a few minutes after the previous change."""
    def call(who: str, method: str, path: str, body: dict, status: int = 200):
        clock.advance(minutes=7)
        response = client.open(f"/api/v1{path}", method=method, headers=auth_headers(people[who]), json=body)
        assert response.status_code == status, response.json
        return response.json
    return call


@pytest.fixture
def booking_id(act, venue, feeds):
    booking = act("creator", "POST", "/bookings", {
        "venue_id": venue.id, "start": "2026-12-03T14:00:00", "end": "2026-12-03T16:00:00",
        "title": "Lookbook"}, status=201)
    return booking["id"]


BOOKING_FEEDS = {"creator", "manager", "venue"}


def test_an_unchanged_feed_answers_304(clock, feeds, booking_id):
    feeds.changed()
    clock.advance(hours=3)
    assert feeds.changed() == set()


def test_a_new_booking_changes_the_feeds_that_show_it(feeds, act, venue):
    act("creator", "POST", "/bookings", {
        "venue_id": venue.id, "start": "2026-12-03T14:00:00", "end": "2026-12-03T16:00:00",
        "title": "Lookbook"}, status=201)
    assert feeds.changed() == BOOKING_FEEDS
    assert b"Lookbook" in feeds.body("creator") and b"Lookbook" in feeds.body("manager")


@pytest.mark.parametrize(("who", "method", "action", "body"), [
    ("manager", "POST", "/approve", {}),
    ("creator", "PATCH", "", {"start": "2026-12-03T15:00:00", "end": "2026-12-03T17:00:00"}),
    ("creator", "PATCH", "", {"title": "Spring lookbook"}),
    ("creator", "POST", "/cancel", {}),
], ids=["approved", "rescheduled", "title edited", "cancelled"])
def test_a_change_of_a_booking_changes_the_feeds_that_show_it(feeds, act, booking_id, who, method,
                                                              action, body):
    feeds.changed()
    act(who, method, f"/bookings/{booking_id}{action}", body)
    assert BOOKING_FEEDS - {"venue"} <= feeds.changed() <= BOOKING_FEEDS


def test_renaming_a_venue_changes_its_feed_and_the_personal_feeds_showing_it(feeds, act, venue,
                                                                             booking_id):
    feeds.changed()
    act("manager", "PATCH", f"/venues/{venue.id}", {"name": "Rockbund Art Museum"})
    assert feeds.changed() == BOOKING_FEEDS
    assert b"Rockbund Art Museum" in feeds.body("creator")


def test_adding_and_removing_a_manager_changes_their_feed(feeds, act, venue, people, booking_id):
    feeds.changed()
    both = [people["manager"].id, people["newcomer"].id]
    act("admin", "PUT", f"/venues/{venue.id}/managers", {"user_ids": both})
    # The venue's feed takes the venue's own updated_at, which a change of managers moves.
    assert feeds.changed() - {"venue"} == {"newcomer"}
    assert b"Lookbook" in feeds.body("newcomer")
    act("admin", "PUT", f"/venues/{venue.id}/managers", {"user_ids": [people["manager"].id]})
    assert feeds.changed() - {"venue"} == {"newcomer"}
    assert b"Lookbook" not in feeds.body("newcomer")


def test_a_creator_renaming_themselves_changes_the_feeds_of_their_venues_managers(feeds, act, booking_id):
    feeds.changed()
    act("creator", "PATCH", "/me", {"display_name": "Xu Ming 徐明"})
    assert feeds.changed() == {"creator", "manager"}
    assert "Xu Ming 徐明".encode() in feeds.body("manager")


def test_a_booking_sliding_out_of_the_window_changes_the_feeds(clock, feeds, booking_id):
    feeds.changed()
    clock.advance(days=31)  # 1 January, 09:00 in Shanghai: the window starts on 3 December, its day
    feeds.changed()
    assert b"Lookbook" in feeds.body("creator")
    clock.advance(days=1)
    assert feeds.changed() >= BOOKING_FEEDS
    assert b"Lookbook" not in feeds.body("creator") and b"BEGIN:VEVENT" not in feeds.body("venue")


def test_rotating_the_secret_changes_the_validators(client, feeds, act):
    old_etag = feeds.seen["creator"].headers["ETag"]
    new_url = act("creator", "POST", "/me/feeds/rotate", {})["url"].removeprefix("https://spaces.test")
    assert client.get(feeds.paths["creator"]).status_code == 404
    assert client.get(new_url, headers={"If-None-Match": old_etag}).status_code == 200
