"""GET /api/v1/venues: every filter, pagination and visibility."""

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.venues import service
from app.venues.models import Venue


def names(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [venue["name"] for venue in response.json["items"]]


@pytest.fixture
def catalogue(make_venue):
    make_venue(name="Bund Promenade", name_zh="外滩观景平台", kind="landmark", district="Huangpu",
               cluster="Huangpu", capacity=200, amenities=["outdoor", "wifi"],
               description="Riverside walk facing the Lujiazui skyline.")
    make_venue(name="Yu Garden", name_zh="豫园", kind="landmark", district="Huangpu", cluster="Huangpu",
               capacity=80, amenities=["outdoor"], description="Ming dynasty garden.",
               description_zh="明代江南古典园林。")
    make_venue(name="Bilibili Live Room A", name_zh="哔哩哔哩直播间A", kind="livestream_room",
               district="Yangpu", cluster="Yangpu", capacity=4,
               amenities=["green_screen", "wifi", "ring_light"],
               description="Soundproofed streaming room.")
    make_venue(name="Columbia Circle Studio", name_zh="上生新所摄影棚", kind="photo_studio",
               district="Changning", cluster=None, capacity=None, amenities=["wifi"],
               description="100% daylight_studio, no flash_")
    make_venue(name="Closed Museum", kind="museum", district="Huangpu", is_active=False)


@pytest.mark.usefixtures("catalogue")
class TestFilters:
    def test_lists_active_venues_by_name(self, client):
        response = client.get("/api/v1/venues")

        assert names(response) == ["Bilibili Live Room A", "Bund Promenade", "Columbia Circle Studio",
                                   "Yu Garden"]
        assert (response.json["page"], response.json["per_page"], response.json["total"]) == (1, 20, 4)

    def test_kind(self, client):
        assert names(client.get("/api/v1/venues?kind=landmark")) == ["Bund Promenade", "Yu Garden"]

    def test_district_ignores_case(self, client):
        assert names(client.get("/api/v1/venues?district=yangpu")) == ["Bilibili Live Room A"]

    def test_cluster(self, client):
        assert names(client.get("/api/v1/venues?cluster=Huangpu")) == ["Bund Promenade", "Yu Garden"]

    def test_kind_and_district_together(self, client):
        assert names(client.get("/api/v1/venues?kind=landmark&district=Yangpu")) == []

    def test_q_matches_english_name_ignoring_case(self, client):
        assert names(client.get("/api/v1/venues?q=bund")) == ["Bund Promenade"]

    def test_q_matches_chinese_name(self, client):
        assert names(client.get("/api/v1/venues", query_string={"q": "豫园"})) == ["Yu Garden"]

    def test_q_matches_chinese_description(self, client):
        assert names(client.get("/api/v1/venues", query_string={"q": "古典园林"})) == ["Yu Garden"]

    def test_q_matches_english_description(self, client):
        assert names(client.get("/api/v1/venues?q=LUJIAZUI")) == ["Bund Promenade"]

    def test_q_words_must_all_match(self, client):
        assert names(client.get("/api/v1/venues?q=live+room")) == ["Bilibili Live Room A"]
        assert names(client.get("/api/v1/venues?q=live+garden")) == []

    @pytest.mark.parametrize("wildcard", ["100%", "daylight_", "flash_", "%", "_"])
    def test_q_treats_like_wildcards_literally(self, client, wildcard):
        matched = names(client.get("/api/v1/venues", query_string={"q": wildcard}))

        assert matched == ["Columbia Circle Studio"]

    def test_min_capacity_excludes_unknown_capacity(self, client):
        assert names(client.get("/api/v1/venues?min_capacity=80")) == ["Bund Promenade", "Yu Garden"]

    def test_one_amenity(self, client):
        assert names(client.get("/api/v1/venues?amenity=outdoor")) == ["Bund Promenade", "Yu Garden"]

    def test_repeated_amenities_must_all_be_present(self, client):
        response = client.get("/api/v1/venues?amenity=wifi&amenity=green_screen")

        assert names(response) == ["Bilibili Live Room A"]

    def test_amenity_nobody_has(self, client):
        assert names(client.get("/api/v1/venues?amenity=piano")) == []

    def test_inactive_venues_only_for_admins_who_ask(self, client, admin_headers):
        assert "Closed Museum" not in names(client.get("/api/v1/venues?include_inactive=true"))
        assert "Closed Museum" not in names(client.get("/api/v1/venues", headers=admin_headers))
        assert "Closed Museum" in names(client.get("/api/v1/venues?include_inactive=true",
                                                   headers=admin_headers))


def test_managers_see_their_own_inactive_venues_when_asking(client, make_venue, make_user, auth_headers):
    manager = make_user(Role.MANAGER)
    make_venue(name="Mine", managers=[manager], is_active=False)
    make_venue(name="Not mine", is_active=False)

    response = client.get("/api/v1/venues?include_inactive=true", headers=auth_headers(manager))

    assert names(response) == ["Mine"]


def test_pages_are_stable_and_complete(client, make_venue):
    for _ in range(7):
        make_venue(name="Same name")

    pages = [client.get(f"/api/v1/venues?per_page=3&page={page}").json for page in (1, 2, 3, 4)]

    ids = [venue["id"] for page in pages for venue in page["items"]]
    assert ids == sorted(ids) and len(ids) == 7
    assert [len(page["items"]) for page in pages] == [3, 3, 1, 0]
    assert {page["total"] for page in pages} == {7}


def test_per_page_100_is_allowed(client):
    response = client.get("/api/v1/venues?per_page=100")

    assert response.status_code == 200
    assert response.json["per_page"] == 100


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "page=-1", "page=abc",
                                   "min_capacity=0", "min_capacity=many", "kind=nightclub",
                                   "amenity=no%20way!", "include_inactive=maybe"])
def test_bad_query_is_422(client, query):
    response = client.get(f"/api/v1/venues?{query}")

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert query.split("=")[0] in response.json["errors"]


def test_search_statement_takes_more_conditions(app, make_venue):
    wanted = make_venue(name="Wanted", capacity=10)
    make_venue(name="Other", capacity=10)

    statement = service.venue_search(None, min_capacity=5).where(Venue.slug == wanted.slug)
    page = service.paginate(statement.order_by(Venue.id), page=1, per_page=10)

    assert [venue.id for venue in page.items] == [wanted.id]
    assert page.total == 1
    assert db.session.scalars(select(Venue.id).where(Venue.id.in_(statement.with_only_columns(Venue.id)))
                              ).all() == [wanted.id]


def test_available_span_mixing_naive_and_offset_times_is_422(client):
    response = client.get("/api/v1/venues", query_string={"available_from": "2026-12-02T10:00",
                                                          "available_to": "2026-12-02T12:00Z"})

    assert response.status_code == 422
    assert "available_to" in response.json["errors"]
