"""The home page search and the venue page, in English and Chinese."""

from datetime import UTC, datetime

import pytest

from app.bookings import service as bookings
from app.bookings.models import Booking
from app.extensions import db
from tests.web.conftest import page_text

ZH = {"Accept-Language": "zh-CN"}


@pytest.fixture
def studio(make_venue):
    return make_venue(name="Light Box Studio", name_zh="光盒摄影棚", kind="photo_studio", district="Xuhui",
                      cluster="West Bund", capacity=8, amenities=["green_screen", "wifi"],
                      description="A daylight studio.", description_zh="自然光摄影棚。")


@pytest.fixture
def museum(make_venue):
    return make_venue(name="River Museum", name_zh="江河博物馆", kind="museum", district="Huangpu",
                      capacity=40)


def hold(venue, creator, start: datetime, end: datetime) -> Booking:
    """A booking made through the booking service, to make time taken."""
    booking = bookings.create_booking(creator, {"venue_id": venue.id, "start": start, "end": end,
                                                "title": "Taken"})
    db.session.commit()
    return booking


def test_home_lists_venues_with_their_kind(client, studio, museum):
    text = page_text(client.get("/"))
    assert "2 venues" in text
    assert "Light Box Studio Photo studio · Xuhui · West Bund" in text


def test_home_shows_chinese_names_to_chinese_readers(client, studio):
    text = page_text(client.get("/", headers=ZH))
    assert "光盒摄影棚 摄影棚 · Xuhui" in text
    assert "查找场地" in text


@pytest.mark.parametrize("query, expected", [
    ("kind=museum", "River Museum"),
    ("district=Xuhui", "Light Box Studio"),
    ("cluster=West+Bund", "Light Box Studio"),
    ("min_capacity=20", "River Museum"),
    ("amenity=green_screen", "Light Box Studio"),
    ("q=daylight", "Light Box Studio"),
    ("q=博物馆", "River Museum"),
])
def test_each_filter_narrows_the_list(client, studio, museum, query, expected):
    text = page_text(client.get(f"/?{query}"))
    assert "1 venue" in text
    assert expected in text


def test_free_between_leaves_out_venues_taken_then(client, studio, museum, make_user):
    hold(museum, make_user(), datetime(2026, 12, 2, 2, tzinfo=UTC), datetime(2026, 12, 2, 4, tzinfo=UTC))
    text = page_text(client.get("/?free_day=2026-12-02&free_from=10:30&free_to=11:30"))
    assert "1 venue" in text
    assert "Light Box Studio" in text and "River Museum" not in text


def test_free_between_needs_the_day_and_both_times(client, studio):
    response = client.get("/?free_day=2026-12-02", headers=ZH)
    assert "请填写日期以及开始和结束时间" in page_text(response)


def test_a_bad_filter_value_is_explained_not_crashed(client, studio):
    response = client.get("/?kind=castle")
    assert response.status_code == 200
    assert "0 venues" in page_text(response)


def test_venue_page_in_english(client, studio):
    text = page_text(client.get(f"/venues/{studio.id}"))
    assert "Light Box Studio" in text
    assert "A daylight studio." in text
    assert "Bookings last from 30 minutes to 8 hours and start every 30 minutes." in text
    assert "Free times are confirmed at once." in text
    assert "Monday 08:00–22:00" in text


def test_venue_page_in_chinese_uses_the_chinese_texts(client, studio):
    text = page_text(client.get(f"/venues/{studio.id}", headers=ZH))
    assert "光盒摄影棚" in text
    assert "自然光摄影棚。" in text
    assert "每次预订时长 30 分钟 至 8 小时" in text
    assert "星期一 08:00–22:00" in text


def test_week_view_offers_free_slots_that_open_the_booking_form(client, studio):
    html = client.get(f"/venues/{studio.id}?duration=60").get_data(as_text=True)
    # The clock stands at Tuesday 09:00 in Shanghai: the first free hour starts then.
    assert f'/venues/{studio.id}/book?start=2026-12-01T09:00&amp;end=2026-12-01T10:00' in html
    assert "2026-12-01T08:30" not in html


def test_week_view_leaves_out_taken_time(client, studio, make_user):
    hold(studio, make_user(), datetime(2026, 12, 2, 2, tzinfo=UTC), datetime(2026, 12, 2, 3, tzinfo=UTC))
    html = client.get(f"/venues/{studio.id}?duration=60").get_data(as_text=True)
    assert "start=2026-12-02T10:00" not in html
    assert "start=2026-12-02T11:00" in html


def test_week_view_shows_days_in_the_readers_language(client, studio):
    assert "12月1日周二" in page_text(client.get(f"/venues/{studio.id}", headers=ZH))
    assert "Tue, Dec 1" in page_text(client.get(f"/venues/{studio.id}"))


def test_unknown_or_inactive_venue_is_a_friendly_404(client, make_venue):
    hidden = make_venue(is_active=False)
    for path in ("/venues/999", f"/venues/{hidden.id}"):
        response = client.get(path, headers=ZH)
        assert response.status_code == 404
        assert "找不到该页面" in page_text(response)


def test_results_come_in_pages_that_keep_the_filters(client, make_venue):
    for number in range(26):
        make_venue(name=f"Studio {number:02d}", amenities=["wifi"])
    first = client.get("/?amenity=wifi").get_data(as_text=True)
    assert "Studio 23" in first and "Studio 24" not in first
    assert 'href="/?amenity=wifi&amp;page=2"' in first
    second = page_text(client.get("/?amenity=wifi&page=2"))
    assert "Studio 24" in second and "Studio 25" in second and "Studio 00" not in second
