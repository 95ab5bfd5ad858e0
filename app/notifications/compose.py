"""Turning an outbox row into an email, or into the reason it should no longer be sent."""

from dataclasses import dataclass
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import select

from app import clock
from app.bookings.models import Booking, BookingStatus
from app.calendars.invitations import render_invitation
from app.extensions import db
from app.notifications import decision_links
from app.notifications.delivery import OutgoingEmail
from app.notifications.formatting import format_span, format_time_until, venue_name
from app.notifications.models import OutboxMessage
from app.notifications.waitlist import offer_context, reason_offer_is_stale
from app.venues.models import venue_managers

MAIL_TEMPLATES = Path(__file__).parent / "templates" / "mail"


class _SmtpPolicy(Compat32):
    """compat32 with CRLF line ends (SMTP wants them in DATA given as bytes) that writes short ASCII
    headers as they are: re-encoding every header was the largest cost of flattening an email."""

    def _fold(self, name: str, value, sanitize: bool) -> str:
        if isinstance(value, str) and value.isascii() and "\n" not in value and len(name) + len(value) < 76:
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


SMTP_POLICY = _SmtpPolicy(linesep="\r\n")
_environment = Environment(loader=FileSystemLoader(MAIL_TEMPLATES), autoescape=select_autoescape(["html"]),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                           keep_trailing_newline=True)


@dataclass(frozen=True)
class Skip:
    reason: str


def compose(message: OutboxMessage) -> OutgoingEmail | Skip:
    """The email for this message as things stand now, or why it is no longer worth sending.

    A message about a booking attaches the booking's iTIP invitation, rendered now from its
    current state (see _invitation). Built with the email.mime classes: a quarter of the CPU
    time of EmailMessage.set_content, whose header parsing dominated the cost of sending a
    reminder.
    """
    reason = _reason_to_skip(message)
    if reason:
        return Skip(reason)
    context = _context(message)
    locale = message.recipient.locale
    subject, text = _render_text(f"{locale}/{message.kind}.txt", context)
    html = _environment.get_template(f"{locale}/{message.kind}.html").render(context, subject=subject)
    body = _multipart("alternative", message, _text_part(text, "plain"), _text_part(html, "html"))
    invitation = _invitation(message)
    if invitation is None:
        return _finished(body, message, subject)
    return _finished(_multipart("mixed", message, body, invitation), message, subject)


def _multipart(subtype: str, message: OutboxMessage, *parts: Message) -> MIMEMultipart:
    # Every part is base64, whose alphabet has no "_": this boundary can never occur inside
    # one, so the generator need not search the text for a safe boundary.
    multipart = MIMEMultipart(subtype, boundary=f"=_outbox-{message.id}-{subtype}", _subparts=parts)
    for part in parts:
        del part["MIME-Version"]
    return multipart


def _text_part(text: str, subtype: str) -> MIMEText:
    return MIMEText(text, subtype, "utf-8")


def _render_text(name: str, context: dict) -> tuple[str, str]:
    """A text template gives the body and, through `{% set subject %}`, the subject line."""
    module = _environment.get_template(name).make_module(context)
    return " ".join(str(module.subject).split()), str(module)


def _reason_to_skip(message: OutboxMessage) -> str:
    booking, now = message.booking, clock.now()
    if not message.recipient.is_active:
        return "recipient is inactive"
    if message.kind == "reminder" and booking.status != BookingStatus.CONFIRMED:
        return f"booking is {booking.status}"
    if message.kind == "reminder" and booking.start <= now:
        return "booking has already started"
    if message.kind == "request_received" and booking.status != BookingStatus.PENDING:
        return f"request is already {booking.status}"
    if message.kind in ("confirmed", "rescheduled") and not BookingStatus(booking.status).is_open:
        # The message that closed it follows, with the CANCEL: "confirmed" would only mislead.
        return f"booking is {booking.status}"
    if message.kind == "digest" and not pending_requests_for(message.recipient_id):
        return "no pending requests"
    return reason_offer_is_stale(message) if message.kind == "waitlist_offer" else ""


def _context(message: OutboxMessage) -> dict:
    locale = message.recipient.locale
    context = {"recipient": message.recipient, "locale": locale, "kind": message.kind,
               "base_url": current_app.config["BASE_URL"], "payload": message.payload}
    if message.booking is not None:
        context.update(_booking_context(message.booking, locale))
    if message.kind == "reminder":
        context["lead_time"] = format_time_until(message.booking.start, clock.now(), locale)
    if message.kind == "request_received":
        context.update(_decision_urls(message))
    if message.kind == "digest":
        context["requests"] = [_booking_context(booking, locale)
                               for booking in pending_requests_for(message.recipient_id)]
    if message.kind == "waitlist_offer":
        context.update(offer_context(message, locale))
    return context


def _booking_context(booking: Booking, locale: str) -> dict:
    return {"booking": booking, "venue_name": venue_name(booking.venue, locale),
            "when": format_span(booking.start, booking.end, booking.venue.timezone, locale),
            "creator_name": booking.creator.display_name,
            "booking_url": f"{current_app.config['BASE_URL']}/bookings/{booking.id}"}


def _decision_urls(message: OutboxMessage) -> dict:
    return {f"{action}_url": decision_links.link_url(decision_links.issue(
        message.id, message.booking_id, message.recipient_id, action)) for action in decision_links.ACTIONS}


def pending_requests_for(manager_id: int) -> list[Booking]:
    """Pending requests at the venues this user manages, soonest first."""
    return list(db.session.scalars(
        select(Booking).join(venue_managers, venue_managers.c.venue_id == Booking.venue_id)
        .where(venue_managers.c.user_id == manager_id, Booking.status == BookingStatus.PENDING,
               Booking.start > clock.now())
        .order_by(Booking.start, Booking.id)))


def message_id(message: OutboxMessage) -> str:
    """Stable per outbox row, so a retried send carries the same Message-ID."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<outbox-{message.id}@{host}>"


def _finished(email: Message, message: OutboxMessage, subject: str) -> OutgoingEmail:
    from_header, sender = _sender(current_app.config["MAIL_FROM"])
    email["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    email["From"] = from_header
    email["To"] = formataddr((message.recipient.display_name, message.recipient.email), "utf-8")
    email["Date"] = format_datetime(clock.now())
    email["Message-ID"] = message_id(message)
    email["X-Notification-Kind"] = message.kind
    if message.booking_id is not None:
        email["X-Booking-Id"] = str(message.booking_id)
    return OutgoingEmail(message_id=email["Message-ID"], kind=message.kind, sender=sender,
                         recipient=message.recipient.email, data=email.as_bytes(policy=SMTP_POLICY))


@lru_cache(maxsize=4)
def _sender(mail_from: str) -> tuple[str, str]:
    """The From header and the envelope sender for MAIL_FROM: parsed once, not for every email."""
    name_and_address = parseaddr(mail_from)
    return formataddr(name_and_address, "utf-8"), name_and_address[1]


def _invitation(message: OutboxMessage) -> MIMEText | None:
    """The booking's iTIP invitation as it stands now, as a text/calendar attachment.

    CANCEL once the booking is closed (cancelled, rejected, expired), else REQUEST, with the
    booking's current SEQUENCE: a message queued before a later change carries that change,
    and no email offers a REQUEST for a booking already withdrawn. An invitation that older
    versions stored in the payload is ignored.
    """
    booking = message.booking
    if booking is None:
        return None
    method = "REQUEST" if BookingStatus(booking.status).is_open else "CANCEL"
    part = _text_part(render_invitation(booking, method).decode(), "calendar")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part
