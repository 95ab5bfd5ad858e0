"""A manager's pages: the approval queue, a calendar of their venues, and the editors of a
venue's rules, opening hours and closures."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from app import clock
from app.auth.current import require_user
from app.auth.models import User
from app.bookings import series as series_service
from app.bookings import service as bookings
from app.bookings.models import Booking, BookingStatus
from app.errors import DomainError, Forbidden
from app.extensions import db
from app.venues import service as venues
from app.venues.models import Venue
from app.venues.schemas import ClosureIn, VenueUpdateIn
from app.web.display import WEEKDAY_LABELS
from app.web.forms import ClosureForm, OpeningHoursForm, RejectForm, RulesForm
from app.web.messages import attach_schema_errors, error_message
from app.web.session import login_required

bp = Blueprint("manage", __name__, url_prefix="/manage")

QUEUE_SIZE = 100
CALENDAR_DAYS = 7
EMPTY_SPAN_ROWS = 3


def _require_manager() -> User:
    user = require_user()
    if user.role not in ("manager", "admin"):
        raise Forbidden("Only venue managers may see this.")
    return user


@bp.get("/")
@login_required
def dashboard():
    user = _require_manager()
    queue = [(booking, _others_at_that_time(user, booking))
             for booking in bookings.approval_queue(user, QUEUE_SIZE)]
    return render_template("web/manage_dashboard.html", venues=venues.managed_venues(user),
                           reject_form=RejectForm(), queue=queue)


def _others_at_that_time(user: User, booking: Booking) -> list[Booking]:
    """Open bookings and requests of the same venue that overlap this one (buffer included)."""
    filters = {"scope": "managed", "venue_id": booking.venue_id, "from": booking.start,
               "to": booking.held_until}
    rows, _total = bookings.bookings_for(user, filters, 1, QUEUE_SIZE)
    return [b for b in rows if b.id != booking.id and BookingStatus(b.status).is_open]


@bp.post("/bookings/<int:booking_id>/approve")
@login_required
def approve(booking_id: int):
    note = (request.form.get("note") or "").strip() or None
    _decide(lambda user: bookings.approve_booking(user, booking_id, note), _("Approved."))
    return redirect(url_for("web.manage.dashboard"))


@bp.post("/bookings/<int:booking_id>/reject")
@login_required
def reject(booking_id: int):
    form = RejectForm()
    if not form.validate():
        flash(_("Give the creator a reason for declining."), "error")
    else:
        _decide(lambda user: bookings.reject_booking(user, booking_id, form.reason.data.strip()),
                _("Declined."))
    return redirect(url_for("web.manage.dashboard"))


@bp.post("/series/<series_id>/<any(approve, reject):action>")
@login_required
def decide_series(series_id: str, action: str):
    reason = (request.form.get("reason") or "").strip()
    if action == "reject" and not reason:
        flash(_("Give the creator a reason for declining."), "error")
        return redirect(url_for("web.manage.dashboard"))
    user = _require_manager()
    outcome = series_service.act_on_series(user, series_id, action, reason or None)
    db.session.commit()
    flash(_("%(changed)d changed, %(unchanged)d could not be changed.",
            changed=len(outcome["changed"]), unchanged=len(outcome["unchanged"])), "success")
    for item in outcome["unchanged"]:
        flash(f"#{item['id']}: {error_message(DomainError(item['reason'], code=item['code']))}", "error")
    return redirect(url_for("web.manage.dashboard"))


def _decide(action, done: str) -> None:
    user = _require_manager()
    try:
        action(user)
    except DomainError as error:
        db.session.rollback()
        flash(error_message(error), "error")
        return
    db.session.commit()
    flash(done, "success")


@bp.get("/calendar")
@login_required
def calendar():
    user = _require_manager()
    zone = ZoneInfo(current_app.config["APP_TIMEZONE"])
    first_day = _day_arg(zone)
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=zone)
    end = start + timedelta(days=CALENDAR_DAYS)
    rows, _total = bookings.bookings_for(user, {"scope": "managed", "from": start, "to": end}, 1, QUEUE_SIZE)
    days = [{"date": first_day + timedelta(days=n), "bookings": []} for n in range(CALENDAR_DAYS)]
    for booking in (b for b in rows if BookingStatus(b.status).is_open):
        index = (booking.start.astimezone(zone).date() - first_day).days
        days[max(0, index)]["bookings"].append(booking)
    return render_template("web/manage_calendar.html", days=days, first_day=first_day, now=clock.now(),
                           previous_day=first_day - timedelta(days=CALENDAR_DAYS),
                           next_day=first_day + timedelta(days=CALENDAR_DAYS))


def _day_arg(zone: ZoneInfo) -> date:
    try:
        return date.fromisoformat(request.args.get("from", ""))
    except ValueError:
        return clock.now().astimezone(zone).date()


@bp.get("/venues/<int:venue_id>")
@login_required
def venue_settings(venue_id: int):
    venue = venues.get_managed_venue(venue_id, require_user())
    return _settings_page(venue, RulesForm(data=venue.rules), _hours_form(venue), ClosureForm())


def _settings_page(venue: Venue, rules_form: RulesForm, hours_form: OpeningHoursForm,
                   closure_form: ClosureForm, status: int = 200):
    for entry in hours_form.spans:
        entry.form.weekday.choices = [(n, str(label)) for n, label in enumerate(WEEKDAY_LABELS)]
    closures = venues.list_closures(venue, 1, 50, start_from=clock.now()).items
    return render_template("web/manage_venue.html", venue=venue, rules_form=rules_form,
                           hours_form=hours_form, closure_form=closure_form, closures=closures), status


def _hours_form(venue: Venue, formdata=None) -> OpeningHoursForm:
    spans = [{"weekday": row.weekday, "open": f"{row.open_time:%H:%M}", "close": f"{row.close_time:%H:%M}"}
             for row in venue.opening_hours]
    spans += [{"weekday": 0, "open": "", "close": ""}] * EMPTY_SPAN_ROWS
    return OpeningHoursForm(formdata=formdata, data={"spans": spans})


@bp.post("/venues/<int:venue_id>/rules")
@login_required
def save_rules(venue_id: int):
    user = require_user()
    venue = venues.get_managed_venue(venue_id, user)
    form = RulesForm()
    if form.validate() and _update(user, venue, {"rules": _rules_data(form)}, form):
        flash(_("The rules are saved."), "success")
        return redirect(url_for("web.manage.venue_settings", venue_id=venue.id))
    return _settings_page(venue, form, _hours_form(venue), ClosureForm(formdata=None), 422)


def _rules_data(form: RulesForm) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _update(user: User, venue: Venue, changes: dict, form) -> bool:
    try:
        venues.update_venue(user, venue, VenueUpdateIn().load(changes))
    except ValidationError as error:
        db.session.rollback()
        messages = error.normalized_messages()
        attach_schema_errors(form, ValidationError(messages.get("rules", messages)))
        return False
    except DomainError as error:
        db.session.rollback()
        errors = error.extra.get("errors")
        if errors:
            attach_schema_errors(form, ValidationError(errors.get("rules", errors)))
        else:
            form.form_errors.append(error_message(error))
        return False
    db.session.commit()
    return True


@bp.post("/venues/<int:venue_id>/hours")
@login_required
def save_hours(venue_id: int):
    user = require_user()
    venue = venues.get_managed_venue(venue_id, user)
    form = _hours_form(venue, request.form)
    rows = [entry.form for entry in form.spans]
    spans = [{"weekday": row.weekday.data, "open": row.open.data.strip(), "close": row.close.data.strip()}
             for row in rows if row.open.data.strip() or row.close.data.strip()]
    if _update(user, venue, {"opening_hours": spans}, form):
        flash(_("The opening hours are saved."), "success")
        return redirect(url_for("web.manage.venue_settings", venue_id=venue.id))
    rules_form = RulesForm(formdata=None, data=venue.rules)
    return _settings_page(venue, rules_form, form, ClosureForm(formdata=None), 422)


@bp.post("/venues/<int:venue_id>/closures")
@login_required
def add_closure(venue_id: int):
    user = require_user()
    venue = venues.get_managed_venue(venue_id, user)
    form = ClosureForm()
    if form.validate():
        data = {"start": form.start.data.isoformat(), "end": form.end.data.isoformat(),
                "reason": form.reason.data or ""}
        try:
            venues.add_closure(user, venue, ClosureIn().load(data))
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error_message(error))
        else:
            db.session.commit()
            flash(_("The closure is added."), "success")
            return redirect(url_for("web.manage.venue_settings", venue_id=venue.id))
    return _settings_page(venue, RulesForm(formdata=None, data=venue.rules), _hours_form(venue), form, 422)


@bp.post("/venues/<int:venue_id>/closures/<int:closure_id>/delete")
@login_required
def delete_closure(venue_id: int, closure_id: int):
    venue = venues.get_managed_venue(venue_id, require_user())
    venues.delete_closure(venue, closure_id)
    db.session.commit()
    flash(_("The closure is removed."), "success")
    return redirect(url_for("web.manage.venue_settings", venue_id=venue.id))
