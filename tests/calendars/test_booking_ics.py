"""GET /api/v1/bookings/{id}.ics: one booking as an iCalendar file, for those who may see it."""

import pytest

from app.auth.models import Role
from app.bookings.models import BookingStatus
from tests.calendars.ical_validation import assert_valid_calendar, property_values


@pytest.fixture
def setting(make_venue, make_user, make_booking):
    manager = make_user(Role.MANAGER)
    creator = make_user(display_name="Chen Jing")
    venue = make_venue(managers=[manager], name="Rockbund", name_zh="洛克·外滩源")
    booking = make_booking(venue, creator, title="Podcast recording")
    return {"booking": booking, "creator": creator, "manager": manager}


def path(booking) -> str:
    return f"/api/v1/bookings/{booking.id}.ics"


@pytest.mark.parametrize("who", ["creator", "manager", "admin"])
def test_those_who_may_see_the_booking_get_it(client, make_user, auth_headers, setting, who):
    viewer = make_user(Role.ADMIN) if who == "admin" else setting[who]
    response = client.get(path(setting["booking"]), headers=auth_headers(viewer))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    booking_id = setting["booking"].id
    assert response.headers["Content-Disposition"] == f'inline; filename="booking-{booking_id}.ics"'
    [report] = assert_valid_calendar(response.data)
    assert [event["uid"] for event in report["events"]] == [f"booking-{booking_id}@spaces.test"]
    assert property_values(response.data, "SUMMARY") == ["Podcast recording"]


def test_the_manager_sees_who_booked(client, auth_headers, setting):
    data = client.get(path(setting["booking"]), headers=auth_headers(setting["manager"])).data
    assert "Chen Jing" in property_values(data, "DESCRIPTION")[0]


def test_anyone_else_gets_404(client, make_user, auth_headers, setting):
    response = client.get(path(setting["booking"]), headers=auth_headers(make_user()))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_unknown_booking_is_404(client, make_user, auth_headers):
    assert client.get("/api/v1/bookings/999999.ics", headers=auth_headers(make_user())).status_code == 404


def test_unauthenticated_is_401(client, setting):
    response = client.get(path(setting["booking"]))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_a_cancelled_booking_says_so(client, auth_headers, setting, change_booking):
    change_booking(setting["booking"], status=BookingStatus.CANCELLED)
    data = client.get(path(setting["booking"]), headers=auth_headers(setting["creator"])).data
    [report] = assert_valid_calendar(data)
    assert (report["events"][0]["status"], report["events"][0]["sequence"]) == ("CANCELLED", 1)


def test_unchanged_download_answers_304(client, auth_headers, setting):
    headers = auth_headers(setting["creator"])
    first = client.get(path(setting["booking"]), headers=headers)
    again = client.get(path(setting["booking"]), headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert first.headers["Cache-Control"] == "private, no-cache"
