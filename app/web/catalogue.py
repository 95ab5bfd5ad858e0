"""Pages to find a venue and to look at one: its rules, hours and a week of free times."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from app import clock
from app.auth.current import current_user
from app.bookings.availability import free_slots
from app.extensions import db
from app.venues import service as venues
from app.venues.models import Venue, VenueAmenity
from app.venues.schemas import VenueSearchArgs
from app.web.display import KIND_LABELS, amenity_label, venue_name
from app.web.forms import SearchForm
from app.web.messages import attach_schema_errors

bp = Blueprint("catalogue", __name__)

PER_PAGE = 24
DAYS_SHOWN = 7
DURATION_STEPS = (30, 60, 90, 120, 180, 240, 360, 480)


@bp.get("/")
def home():
    form = SearchForm(request.args)
    _offer_filter_choices(form)
    results, total = [], 0
    if not request.args or form.validate():
        filters = _search_filters(form)
        if filters is not None:
            results, total = _search(filters)
    return render_template("web/home.html", form=form, venues=results, total=total,
                           searched=bool(request.args), pages=_page_links(total))


def _page_links(total: int) -> dict:
    """Links to the previous and next pages of results, keeping every filter."""
    page = max(1, request.args.get("page", 1, type=int))
    args = request.args.to_dict(flat=False)

    def link(number: int) -> str:
        return url_for("web.catalogue.home", **{**args, "page": number})

    return {"previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page * PER_PAGE < total else None}


def _offer_filter_choices(form: SearchForm) -> None:
    anything = ("", _("Any"))
    form.kind.choices = [anything, *((kind, label) for kind, label in KIND_LABELS.items())]
    form.district.choices = [anything, *((d, d) for d in _distinct(Venue.district))]
    form.cluster.choices = [anything, *((c, c) for c in _distinct(Venue.cluster))]
    amenities = db.session.scalars(select(VenueAmenity.amenity).distinct().join(Venue)
                                   .where(Venue.is_active.is_(True)).order_by(VenueAmenity.amenity))
    form.amenity.choices = [(name, amenity_label(name)) for name in amenities]


def _distinct(column) -> list[str]:
    rows = db.session.scalars(select(column).distinct().where(Venue.is_active.is_(True), column.is_not(None),
                                                             column != "").order_by(column))
    return list(rows)


def _search_filters(form: SearchForm) -> dict | None:
    """The filters as the API's search schema reads them, or None (with errors shown) if refused."""
    given = {"q": (form.q.data or "").strip(), "kind": form.kind.data, "district": form.district.data,
             "cluster": form.cluster.data, "min_capacity": form.min_capacity.data,
             "amenity": form.amenity.data or []}
    if form.free_day.data:
        given["available_from"] = datetime.combine(form.free_day.data, form.free_from.data).isoformat()
        given["available_to"] = datetime.combine(form.free_day.data, form.free_to.data).isoformat()
    try:
        filters = VenueSearchArgs().load({k: v for k, v in given.items() if v not in ("", None)})
    except ValidationError as error:
        attach_schema_errors(form, error)
        return None
    filters.pop("page"), filters.pop("per_page"), filters.pop("include_inactive")
    return filters


def _search(filters: dict) -> tuple[list[Venue], int]:
    """The API's search: "free between" is decided by the booking rules engine, venue by venue."""
    page = max(1, request.args.get("page", 1, type=int))
    found = venues.search_venues(current_user(), page=page, per_page=PER_PAGE, **filters)
    return list(found.items), found.total


@bp.get("/venues/<int:venue_id>")
def venue_page(venue_id: int):
    venue = venues.get_visible_venue(venue_id, current_user())
    minutes = _duration(venue)
    first_day = _first_day(venue)
    availability = free_slots(venue, first_day, first_day + timedelta(days=DAYS_SHOWN - 1), minutes,
                              current_user())
    days = _slots_by_day(venue, first_day, availability.slots)
    return render_template("web/venue.html", venue=venue, days=days, minutes=minutes,
                           durations=_durations(venue), first_day=first_day,
                           previous_day=max(_today(venue), first_day - timedelta(days=DAYS_SHOWN)),
                           next_day=first_day + timedelta(days=DAYS_SHOWN), today=_today(venue),
                           closures=_upcoming_closures(venue), title=venue_name(venue))


def _today(venue: Venue) -> date:
    return clock.now().astimezone(ZoneInfo(venue.timezone)).date()


def _first_day(venue: Venue) -> date:
    try:
        chosen = date.fromisoformat(request.args.get("from", ""))
    except ValueError:
        chosen = None
    today = _today(venue)
    if chosen is None or chosen < today or chosen > today + timedelta(days=venue.horizon_days):
        return today
    return chosen


def _durations(venue: Venue) -> list[int]:
    steps = {venue.min_duration_minutes, *DURATION_STEPS}
    return sorted(m for m in steps if venue.min_duration_minutes <= m <= venue.max_duration_minutes
                  and (m % venue.slot_minutes == 0 or m == venue.min_duration_minutes))


def _duration(venue: Venue) -> int:
    offered = _durations(venue)
    asked = request.args.get("duration", type=int)
    if asked in offered:
        return asked
    return 60 if 60 in offered else offered[0]


def _slots_by_day(venue: Venue, first_day: date, slots: list[tuple[datetime, datetime]]) -> list[dict]:
    zone = ZoneInfo(venue.timezone)
    days = [{"date": first_day + timedelta(days=n), "slots": []} for n in range(DAYS_SHOWN)]
    for start, end in slots:
        index = (start.astimezone(zone).date() - first_day).days
        if 0 <= index < DAYS_SHOWN:
            days[index]["slots"].append((start, end))
    return days


def _upcoming_closures(venue: Venue):
    return venues.list_closures(venue, 1, 10, start_from=clock.now()).items
