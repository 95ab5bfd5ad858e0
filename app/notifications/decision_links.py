"""Signed, expiring, single-use approve and reject links for the managers' request emails."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.auth.models import User
from app.bookings import service
from app.bookings.models import Booking, BookingStatus
from app.errors import DomainError, Forbidden, InvalidState, NotFound, ValidationFailed
from app.extensions import db
from app.notifications.models import SpentDecisionLink
from app.notifications.settings import setting

SALT = "booking-decision-link"
ACTIONS = ("approve", "reject")


class LinkRefused(DomainError):
    status, code, title = 400, "link_invalid", "This link is not valid"


class LinkExpired(DomainError):
    status, code, title = 410, "link_expired", "This link has expired"


class LinkUsed(DomainError):
    status, code, title = 409, "link_used", "This link has already been used"


@dataclass(frozen=True)
class DecisionLink:
    message_id: int
    booking_id: int
    manager_id: int
    action: str
    expires_at: datetime


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(message_id: int, booking_id: int, manager_id: int, action: str) -> str:
    """A token for one action on one booking by one manager, carried by one outbox message."""
    expires_at = clock.now() + timedelta(hours=setting("DECISION_LINK_HOURS"))
    return _serializer().dumps({"m": message_id, "b": booking_id, "u": manager_id, "a": action,
                                "e": int(expires_at.timestamp())})


def link_url(token: str) -> str:
    return f"{current_app.config['BASE_URL']}/decisions/{token}"


def read(token: str) -> DecisionLink:
    """The link a token stands for; refuses tampered, expired and already used tokens."""
    try:
        data = _serializer().loads(token)
        link = DecisionLink(int(data["m"]), int(data["b"]), int(data["u"]), str(data["a"]),
                            datetime.fromtimestamp(int(data["e"]), UTC))
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise LinkRefused("The link is damaged or was not issued by us.") from error
    if link.action not in ACTIONS:
        raise LinkRefused("The link is damaged or was not issued by us.")
    if clock.now() >= link.expires_at:
        raise LinkExpired("The link has expired; please decide in the bookings page instead.")
    if db.session.scalar(select(SpentDecisionLink).where(SpentDecisionLink.message_id == link.message_id)):
        raise LinkUsed("A decision was already made with the links of this email.")
    return link


def open_link(token: str) -> tuple[DecisionLink, Booking, User]:
    """The link, its booking and its manager, if the link can still be used; changes nothing."""
    link = read(token)
    booking, manager = db.session.get(Booking, link.booking_id), db.session.get(User, link.manager_id)
    if booking is None or manager is None:
        raise NotFound("The booking no longer exists.")
    if not manager.is_active or not booking.venue.can_manage(manager):
        raise Forbidden("You no longer manage this venue.")
    if booking.status != BookingStatus.PENDING:
        raise InvalidState(f"This request is already {booking.status}.")
    return link, booking, manager


def act(token: str, note: str) -> tuple[DecisionLink, Booking, User]:
    """Spend the token and approve or reject through the bookings service, in one transaction."""
    link, booking, manager = open_link(token)
    if link.action == "reject" and not note:
        raise ValidationFailed({"reason": ["Please give the creator a reason."]})
    _spend(link, manager.id)
    if link.action == "approve":
        service.approve_booking(manager, booking.id, note=note or None)
    else:
        service.reject_booking(manager, booking.id, reason=note)
    return link, booking, manager


def _spend(link: DecisionLink, manager_id: int) -> None:
    db.session.add(SpentDecisionLink(message_id=link.message_id, action=link.action,
                                     booking_id=link.booking_id, used_by_id=manager_id, used_at=clock.now()))
    try:
        db.session.flush()
    except IntegrityError as error:  # another click of the same email won the race
        db.session.rollback()
        raise LinkUsed("A decision was already made with the links of this email.") from error
