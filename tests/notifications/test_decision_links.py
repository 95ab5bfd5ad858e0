"""One-click approve and reject from the manager's email: signed, expiring, single use; the
GET page changes nothing, the POST acts once through the bookings service."""

import re

import pytest

from app.bookings import service
from app.bookings.models import BookingStatus
from app.extensions import db
from app.notifications.dispatch import drain
from tests.notifications.helpers import outbox


@pytest.fixture
def request_email(book, creator, approval_venue, smtp_sink):
    """A pending request and the links of the email its manager received."""
    booking = book(creator, approval_venue, title="Night shoot on the Bund")
    drain("a")
    [email] = smtp_sink.of_kind("request_received")
    body = email.get_body(("plain",)).get_content()
    links = dict(re.findall(r"^(Approve|Reject):\s+https://spaces\.test(/decisions/\S+)", body,
                            re.MULTILINE))
    return booking, links["Approve"], links["Reject"]


def status_of(booking) -> str:
    db.session.refresh(booking)
    return booking.status


def test_the_link_opens_a_confirmation_page_that_changes_nothing(client, request_email):
    booking, approve, _reject = request_email

    page = client.get(approve)

    assert page.status_code == 200
    assert "Night shoot on the Bund" in page.text and 'method="post"' in page.text
    assert status_of(booking) == BookingStatus.PENDING
    assert client.get(approve).status_code == 200


def test_posting_the_approve_link_approves_once(client, request_email, creator):
    booking, approve, _reject = request_email

    done = client.post(approve, data={"note": "See you there"})

    assert done.status_code == 200 and "Approved" in done.text
    assert status_of(booking) == BookingStatus.CONFIRMED
    assert booking.decision_note == "See you there"
    assert [row.recipient_id for row in outbox("confirmed")] == [creator.id]
    again = client.post(approve)
    assert again.status_code == 409 and "already" in again.text


def test_the_other_link_of_the_same_email_is_spent_too(client, request_email):
    _booking, approve, reject = request_email
    client.post(approve)

    refused = client.post(reject, data={"note": "Changed my mind"})

    assert refused.status_code == 409


def test_posting_the_reject_link_rejects_with_the_reason(client, request_email):
    booking, _approve, reject = request_email

    assert client.post(reject, data={"note": "  "}).status_code == 422
    assert status_of(booking) == BookingStatus.PENDING
    done = client.post(reject, data={"note": "Closed for a private event"})

    assert done.status_code == 200 and "Rejected" in done.text
    assert status_of(booking) == BookingStatus.REJECTED
    assert booking.decision_note == "Closed for a private event"


def test_a_tampered_link_is_refused(client, request_email):
    booking, approve, _reject = request_email
    tampered = approve[:-3] + ("AAA" if not approve.endswith("AAA") else "BBB")

    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400 and "damaged" in response.text
    assert status_of(booking) == BookingStatus.PENDING


def test_an_expired_link_is_refused(client, request_email, clock):
    booking, approve, _reject = request_email
    clock.advance(hours=72)

    response = client.post(approve)

    assert response.status_code == 410 and "expired" in response.text
    assert status_of(booking) == BookingStatus.PENDING


def test_a_request_decided_elsewhere_is_refused_readably(client, request_email, manager):
    booking, approve, _reject = request_email
    service.reject_booking(manager, booking.id, "Double booked")
    db.session.commit()

    response = client.get(approve)

    assert response.status_code == 409 and "already rejected" in response.text


def test_a_manager_no_longer_managing_the_venue_is_refused(client, request_email, approval_venue):
    booking, approve, _reject = request_email
    approval_venue.managers = []
    db.session.commit()

    assert client.post(approve).status_code == 403
    assert status_of(booking) == BookingStatus.PENDING


def test_the_page_speaks_the_managers_language(client, manager, request_email):
    manager.locale = "zh-CN"
    db.session.commit()
    _booking, approve, _reject = request_email

    page = client.get(approve)

    assert 'lang="zh-CN"' in page.text and "批准此申请" in page.text
