"""Small builders for the notifications tests."""

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.outbox import queue


def queue_confirmations(booking, count: int) -> None:
    """`count` distinct confirmation messages about one booking, due now."""
    for number in range(count):
        queue("confirmed", booking.creator_id, f"test:{booking.id}:{number}", booking_id=booking.id)
    db.session.commit()


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def attached_invitation(email) -> bytes:
    """The text/calendar attachment of a received email, as bytes."""
    [attachment] = [part for part in email.iter_attachments() if part.get_content_type() == "text/calendar"]
    content = attachment.get_content()
    return content.encode() if isinstance(content, str) else content
