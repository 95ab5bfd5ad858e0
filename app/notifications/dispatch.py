"""Sending what is due: claim rows under a lease, deliver them, record each outcome.

A message is claimed by one statement that only one scheduler can win (FOR UPDATE SKIP
LOCKED on PostgreSQL; SQLite's write lock, taken at BEGIN IMMEDIATE, serialises it), so
two schedulers never send the same row. A claim whose lease ran out (its scheduler died)
is claimed again. No transaction is held open while talking to the SMTP server.
"""

import logging
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import aliased, joinedload

from app import clock
from app.bookings.models import Booking
from app.database import set_deferred_begin
from app.extensions import db
from app.notifications.compose import Skip, compose
from app.notifications.delivery import DeliveryError, OutgoingEmail, open_transport
from app.notifications.models import MessageStatus, OutboxMessage
from app.notifications.settings import setting

log = logging.getLogger(__name__)


@dataclass
class BatchReport:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0
    outcomes: dict = field(default_factory=dict)


def deliver_due(scheduler_id: str, limit: int | None = None) -> BatchReport:
    """Claim up to `limit` due messages, send them and record the outcomes."""
    # Taken before the claim, so never later than the lease the claim writes.
    lease_until = clock.now() + timedelta(seconds=setting("NOTIFY_LEASE_SECONDS"))
    ids = claim_due(scheduler_id, limit or setting("NOTIFY_BATCH_SIZE"))
    report = BatchReport(claimed=len(ids))
    if not ids:
        return report
    emails = _compose_claimed(ids, scheduler_id, report)
    _send(emails, lease_until, report)
    _record(scheduler_id, report)
    return report


def drain(scheduler_id: str, before_each_batch: Callable[[], None] = lambda: None) -> int:
    """Deliver batches until nothing is due; the number of messages claimed."""
    total = 0
    while True:
        before_each_batch()
        claimed = deliver_due(scheduler_id).claimed
        if not claimed:
            return total
        total += claimed


def claim_due(scheduler_id: str, limit: int) -> list[int]:
    now = clock.now()
    claimable = or_(
        and_(OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == MessageStatus.SENDING, OutboxMessage.lease_until <= now),
    )
    due = (select(OutboxMessage.id).where(claimable).order_by(OutboxMessage.due_at, OutboxMessage.id)
           .limit(limit).with_for_update(skip_locked=True))
    _skip_superseded_reminders(now)
    claim = (update(OutboxMessage).where(OutboxMessage.id.in_(due.scalar_subquery()))
             .values(status=MessageStatus.SENDING, claimed_by=scheduler_id,
                     lease_until=now + timedelta(seconds=setting("NOTIFY_LEASE_SECONDS")),
                     attempts=OutboxMessage.attempts + 1)
             .returning(OutboxMessage.id)
             .execution_options(synchronize_session=False))
    ids = sorted(db.session.execute(claim).scalars())
    db.session.commit()
    return ids


def _skip_superseded_reminders(now: datetime) -> None:
    """After downtime several reminders of one booking may be due at once: only the nearest counts.
    Rows another scheduler has locked are left to it (SKIP LOCKED), so two never wait on each other."""
    nearer = aliased(OutboxMessage)
    nearer_is_due = (select(nearer.id).where(
        nearer.booking_id == OutboxMessage.booking_id, nearer.kind == "reminder",
        nearer.due_at > OutboxMessage.due_at, nearer.due_at <= now,
        nearer.status.in_([MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.SENT])).exists())
    superseded = (select(OutboxMessage.id).where(
        OutboxMessage.kind == "reminder", OutboxMessage.status == MessageStatus.PENDING,
        OutboxMessage.due_at <= now, nearer_is_due).with_for_update(skip_locked=True))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(superseded.scalar_subquery()))
                       .values(status=MessageStatus.SKIPPED,
                               skip_reason="superseded by a nearer reminder that is also due")
                       .execution_options(synchronize_session=False))


def _compose_claimed(ids: list[int], scheduler_id: str,
                     report: BatchReport) -> list[tuple[int, OutgoingEmail]]:
    # Composing only reads: on SQLite it must not hold the write lock the other schedulers'
    # claims wait for.
    set_deferred_begin(True)
    try:
        return _compose_in_read_transaction(ids, scheduler_id, report)
    finally:
        set_deferred_begin(False)


def _compose_in_read_transaction(ids: list[int], scheduler_id: str,
                                 report: BatchReport) -> list[tuple[int, OutgoingEmail]]:
    messages = db.session.scalars(
        select(OutboxMessage).options(
            joinedload(OutboxMessage.recipient),
            joinedload(OutboxMessage.booking).options(joinedload(Booking.venue), joinedload(Booking.creator)))
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == scheduler_id,
               OutboxMessage.status == MessageStatus.SENDING)
        .order_by(OutboxMessage.due_at, OutboxMessage.id)).all()
    emails = []
    for message in messages:
        composed = _compose_or_failure(message)
        if isinstance(composed, DeliveryError):
            report.outcomes[message.id] = ("failure", composed)
        elif isinstance(composed, Skip):
            report.outcomes[message.id] = (MessageStatus.SKIPPED, composed.reason)
        else:
            emails.append((message.id, composed))
    db.session.commit()
    return emails


def _compose_or_failure(message: OutboxMessage) -> OutgoingEmail | Skip | DeliveryError:
    try:
        return compose(message)
    except Exception as error:  # noqa: BLE001 - one broken message must not block the batch
        log.exception("could not compose outbox message %s", message.id)
        return DeliveryError(f"could not compose: {type(error).__name__}: {error}", permanent=True)


def _send(emails: list[tuple[int, OutgoingEmail]], lease_until: datetime, report: BatchReport) -> None:
    """Send over a few connections at once, so that one server round trip does not wait for another."""
    # Stop well before the lease ends: past it another scheduler may take the same rows.
    deadline = lease_until - timedelta(seconds=2 * setting("SMTP_TIMEOUT_SECONDS"))
    app = current_app._get_current_object()
    lanes = _lanes(emails, setting("NOTIFY_SMTP_CONNECTIONS"))
    with ThreadPoolExecutor(max_workers=len(lanes) or 1) as pool:
        for outcomes in pool.map(lambda lane: _send_lane(app, lane, deadline), lanes):
            report.outcomes.update(outcomes)


def _lanes(emails: list[tuple[int, OutgoingEmail]], count: int) -> list[list[tuple[int, OutgoingEmail]]]:
    """Split the batch over `count` connections, keeping order where it matters: one recipient's
    emails share a lane (a confirmation arrives before its cancellation), and so do all waitlist
    offers (sent in join order)."""
    lanes: list[list[tuple[int, OutgoingEmail]]] = [[] for _ in range(count)]
    for message_id, email in emails:
        lane = 0 if email.kind == "waitlist_offer" else zlib.crc32(email.recipient.encode()) % count
        lanes[lane].append((message_id, email))
    return [lane for lane in lanes if lane]


def _send_lane(app: Flask, emails: list[tuple[int, OutgoingEmail]], deadline: datetime) -> dict:
    outcomes: dict = {}
    with app.app_context():
        transport = open_transport()
        try:
            for message_id, email in emails:
                outcomes[message_id] = _send_one(transport, email, deadline)
        finally:
            transport.close()
    return outcomes


def _send_one(transport, email: OutgoingEmail, deadline: datetime) -> tuple:
    if clock.now() >= deadline:
        return ("release", "")
    try:
        transport.send(email)
    except DeliveryError as error:
        return ("failure", error)
    return (MessageStatus.SENT, "")


def _record(scheduler_id: str, report: BatchReport) -> None:
    now = clock.now()
    mine = and_(OutboxMessage.claimed_by == scheduler_id, OutboxMessage.status == MessageStatus.SENDING)
    by_outcome: dict[str, list[int]] = {}
    for message_id, (outcome, detail) in report.outcomes.items():
        if outcome == "failure":
            _record_failure(message_id, detail, mine, report)
            continue
        by_outcome.setdefault(outcome, []).append(message_id)
        if outcome == MessageStatus.SKIPPED:
            _update(message_id, mine, status=MessageStatus.SKIPPED, skip_reason=detail[:200],
                    lease_until=None)
    sent = by_outcome.get(MessageStatus.SENT, [])
    if sent:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(sent), mine)
                           .values(status=MessageStatus.SENT, sent_at=now, lease_until=None)
                           .execution_options(synchronize_session=False))
    released = by_outcome.get("release", [])
    if released:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(released), mine)
                           .values(status=MessageStatus.PENDING, lease_until=None,
                                   attempts=OutboxMessage.attempts - 1)
                           .execution_options(synchronize_session=False))
    db.session.commit()
    report.sent, report.released = len(sent), len(released)
    report.skipped = len(by_outcome.get(MessageStatus.SKIPPED, []))


def _record_failure(message_id: int, error: DeliveryError, mine, report: BatchReport) -> None:
    attempts = db.session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == message_id))
    detail = str(error)[:2000]
    if error.permanent or attempts >= setting("NOTIFY_MAX_ATTEMPTS"):
        log.error("giving up on outbox message %s after %s attempts: %s", message_id, attempts, detail)
        _update(message_id, mine, status=MessageStatus.FAILED, last_error=detail, lease_until=None)
        report.failed += 1
        return
    _update(message_id, mine, status=MessageStatus.PENDING, last_error=detail, lease_until=None,
            due_at=clock.now() + retry_delay(attempts))
    report.retried += 1


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the base after the first attempt, doubling, capped."""
    seconds = setting("NOTIFY_RETRY_BASE_SECONDS") * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, setting("NOTIFY_RETRY_MAX_SECONDS")))


def _update(message_id: int, mine, **values) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id, mine).values(**values)
                       .execution_options(synchronize_session=False))
