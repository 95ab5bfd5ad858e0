"""A creator's pages: book a time (once or weekly), see and change their bookings, add them to
a calendar, and wait for a taken time to free up."""

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from app import clock
from app.auth.current import require_user
from app.bookings import series as series_service
from app.bookings import service as bookings
from app.bookings import waitlist
from app.bookings.models import BookingStatus
from app.bookings.schemas import BookingIn, BookingPatchIn, SeriesIn, WaitlistIn
from app.calendars import feeds
from app.calendars.feed_secrets import current_secret, feed_urls, rotate_secret
from app.calendars.responses import feed_response
from app.errors import Conflict, DomainError, ValidationFailed
from app.extensions import db
from app.venues import service as venues
from app.web.display import input_value, venue_name
from app.web.forms import BookingForm, ReasonForm, RescheduleForm
from app.web.messages import attach_schema_errors, code_message, error_message
from app.web.session import login_required

bp = Blueprint("bookings", __name__)

LIST_SIZE = 100


@bp.route("/venues/<int:venue_id>/book", methods=["GET", "POST"])
@login_required
def new_booking(venue_id: int):
    user = require_user()
    venue = venues.get_visible_venue(venue_id, user)
    form = BookingForm()
    if request.method == "GET":
        form.start.data, form.end.data = _time_arg("start"), _time_arg("end")
    problem = None
    if form.validate_on_submit():
        try:
            return _book(form, venue)
        except ValidationError as error:
            attach_schema_errors(form, error)
        except DomainError as error:
            problem = _problem(error, form)
            db.session.rollback()
    status = 200 if request.method == "GET" else 422
    return render_template("web/book.html", form=form, venue=venue, problem=problem,
                           title=venue_name(venue)), status


def _time_arg(name: str) -> datetime | None:
    try:
        return datetime.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _book(form: BookingForm, venue):
    user = require_user()
    data = {"venue_id": venue.id, "start": form.start.data.isoformat(), "end": form.end.data.isoformat(),
            "title": form.title.data, "party_size": form.party_size.data, "notes": form.notes.data or ""}
    if form.repeat_weekly.data:
        data |= {"rrule": f"FREQ=WEEKLY;COUNT={form.weeks.data or 4}",
                 "on_conflict": "skip" if form.skip_taken.data else "fail"}
        result = series_service.create_series(user, SeriesIn().load(data))
        db.session.commit()
        skipped = [(datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"]),
                    code_message(item["code"])) for item in result.skipped]
        return render_template("web/series_result.html", venue=venue, booked=result.bookings,
                               skipped=skipped, title=venue_name(venue))
    booking = bookings.create_booking(user, BookingIn().load(data))
    db.session.commit()
    flash(_("Request sent: the manager will answer soon.") if booking.status == "pending"
          else _("Booked and confirmed."), "success")
    return redirect(url_for("web.bookings.my_bookings", _anchor=f"booking-{booking.id}"))


def _problem(error: DomainError, form) -> dict:
    """What went wrong, in words, with the taken times of a conflict to show."""
    if isinstance(error, ValidationFailed):
        for name, messages in (error.extra.get("errors") or {}).items():
            target = getattr(form, name, None)
            if target is not None and isinstance(messages, list):
                target.errors = [*target.errors, *messages]
    conflicts = [(datetime.fromisoformat(c["start"]), datetime.fromisoformat(c["end"]))
                 for c in error.extra.get("conflicts", [])]
    return {"code": error.code, "message": error_message(error), "conflicts": conflicts,
            "can_wait": isinstance(error, Conflict) and "occurrence" not in error.extra}


@bp.get("/bookings")
@login_required
def my_bookings():
    user = require_user()
    mine, _total = bookings.bookings_for(user, {"scope": "mine"}, 1, LIST_SIZE)
    now = clock.now()
    upcoming = [b for b in mine if b.end > now and BookingStatus(b.status).is_open]
    past = sorted((b for b in mine if b not in upcoming), key=lambda b: b.start, reverse=True)
    entries, _count = waitlist.entries_of(user, 1, LIST_SIZE)
    return render_template("web/my_bookings.html", upcoming=upcoming, past=past, entries=entries,
                           feed=feed_urls(current_secret(user)), now=now)


@bp.post("/bookings/<int:booking_id>/cancel")
@login_required
def cancel(booking_id: int):
    form = ReasonForm()
    try:
        bookings.cancel_booking(require_user(), booking_id, (form.reason.data or "").strip() or None)
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("The booking is cancelled."), "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("web.bookings.my_bookings"))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)


@bp.route("/bookings/<int:booking_id>/edit", methods=["GET", "POST"])
@login_required
def reschedule(booking_id: int):
    user = require_user()
    booking = bookings.booking_visible_to(user, booking_id)
    form = RescheduleForm()
    if request.method == "GET":
        form.title.data, form.notes.data = booking.title, booking.notes
        form.start.data = datetime.fromisoformat(input_value(booking.start, booking.venue))
        form.end.data = datetime.fromisoformat(input_value(booking.end, booking.venue))
    problem = None
    if form.validate_on_submit():
        changes = {"title": form.title.data, "notes": form.notes.data or "",
                   "start": form.start.data.isoformat(), "end": form.end.data.isoformat()}
        try:
            bookings.update_booking(user, booking.id, BookingPatchIn().load(changes))
            db.session.commit()
        except ValidationError as error:
            attach_schema_errors(form, error)
        except DomainError as error:
            db.session.rollback()
            problem = _problem(error, form)
        else:
            flash(_("Your booking is changed."), "success")
            return redirect(url_for("web.bookings.my_bookings", _anchor=f"booking-{booking.id}"))
    status = 200 if request.method == "GET" else 422
    return render_template("web/reschedule.html", form=form, booking=booking, venue=booking.venue,
                           problem=problem), status


@bp.get("/bookings/<int:booking_id>.ics")
@login_required
def booking_ics(booking_id: int):
    return feed_response(feeds.booking_download(booking_id, require_user()))


@bp.post("/calendar/rotate")
@login_required
def rotate_feed():
    rotate_secret(require_user())
    flash(_("Your calendar link is new. The old one no longer works: subscribe again with this one."),
          "success")
    return redirect(url_for("web.bookings.my_bookings", _anchor="calendar"))


@bp.post("/waitlist")
@login_required
def join_waitlist():
    data = {"venue_id": request.form.get("venue_id"), "start": request.form.get("start"),
            "end": request.form.get("end")}
    try:
        waitlist.join(require_user(), WaitlistIn().load(data))
    except ValidationError:
        flash(_("That time could not be read; please choose it again."), "error")
        return redirect(url_for("web.bookings.my_bookings"))
    except DomainError as error:
        flash(error_message(error), "error")
        return redirect(url_for("web.bookings.my_bookings"))
    db.session.commit()
    flash(_("You are on the waiting list: we will email you if this time frees up."), "success")
    return redirect(url_for("web.bookings.my_bookings", _anchor="waitlist"))


@bp.post("/waitlist/<int:entry_id>/leave")
@login_required
def leave_waitlist(entry_id: int):
    waitlist.leave(require_user(), entry_id)
    db.session.commit()
    flash(_("You have left the waiting list for that time."), "success")
    return redirect(url_for("web.bookings.my_bookings", _anchor="waitlist"))


@bp.post("/series/<series_id>/cancel")
@login_required
def cancel_series(series_id: str):
    outcome = series_service.act_on_series(require_user(), series_id, "cancel", None)
    db.session.commit()
    flash(_("%(count)d bookings of the series are cancelled.", count=len(outcome["changed"])), "success")
    return redirect(url_for("web.bookings.my_bookings"))
