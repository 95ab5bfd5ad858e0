"""Readable, translated sentences for the codes and messages that services and schemas give."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from wtforms import FieldList, Form

from app.errors import DomainError
from app.web.i18n import chosen_locale

CODE_MESSAGES = {
    "conflict": _l("That time is already taken. Choose another time or join the waiting list."),
    "outside_opening_hours": _l("The venue is not open for the whole of that time."),
    "closed": _l("The venue is closed then."),
    "too_short": _l("That is shorter than this venue's shortest booking."),
    "too_long": _l("That is longer than this venue's longest booking."),
    "off_grid": _l("Bookings here start on the venue's time grid (for example on the hour or half hour)."),
    "too_soon": _l("That starts too soon: this venue needs more notice."),
    "too_far": _l("That is too far ahead: this venue does not take bookings that early."),
    "over_capacity": _l("Your group is larger than the venue holds."),
    "quota_exceeded": _l("You already hold as many bookings here as one creator may."),
    "venue_inactive": _l("This venue no longer takes bookings."),
    "invalid_range": _l("The end must be after the start."),
    "invalid_state": _l("That is no longer possible: the booking has changed meanwhile."),
    "email_taken": _l("An account with this email already exists."),
    "unauthenticated": _l("Wrong email or password."),
    "forbidden": _l("You are not allowed to do that."),
    "not_found": _l("We could not find that."),
    "validation_failed": _l("Some fields need attention."),
}

# The fixed messages of the API's schemas, so that the same check reads well in Chinese too.
SCHEMA_MESSAGES = {
    "Not a valid email address.": _l("Enter a valid email address."),
    "Too simple: use more different characters.":
        _l("This password is too simple: use more different characters."),
    "Too simple: a run of neighbouring keys is easy to guess.":
        _l("This password is too simple: a run of neighbouring keys is easy to guess."),
    "Too common: a well-known word with digits or symbols added is easy to guess.":
        _l("This password is too common: a well-known word with digits or symbols added is easy to guess."),
    "Must not contain your email address.": _l("The password must not contain your email address."),
    "Unknown time zone; use an IANA name such as Asia/Shanghai.":
        _l("Unknown time zone; use a name such as Asia/Shanghai."),
    "Missing data for required field.": _l("This field is required."),
    "Use a 24-hour time written HH:MM, e.g. 09:30.":
        _l("Write times as HH:MM on a 24-hour clock, e.g. 09:30."),
    "Must divide a day (1440 minutes) evenly, e.g. 15, 30, 60 or 90.":
        _l("Must divide a day evenly, e.g. 15, 30, 60 or 90 minutes."),
    "Must not be blank.": _l("This field is required."),
}


def code_message(code: str, fallback: str | None = None) -> str:
    message = CODE_MESSAGES.get(code)
    return str(message) if message is not None else (fallback or gettext("That is not possible."))


def error_message(error: DomainError) -> str:
    return code_message(error.code, error.detail)


def schema_message(message: str) -> str:
    """The schema's message in the reader's language; a message without a translation is shown
    as it is to English readers and as a general sentence to others."""
    translated = SCHEMA_MESSAGES.get(message)
    if translated is not None:
        return str(translated)
    return message if chosen_locale() == "en" else gettext("This value is not accepted.")


def _texts(messages) -> list[str]:
    """Every message of a schema error, however deeply nested (lists in lists of spans...)."""
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _texts(value)]
    if isinstance(messages, list):
        return [text for value in messages for text in _texts(value)]
    return [schema_message(str(messages))]


def attach_schema_errors(form: Form, error: ValidationError) -> None:
    """Show a schema's field errors next to the matching form fields (else above the form)."""
    for name, messages in error.normalized_messages().items():
        field = getattr(form, str(name), None)
        texts = list(dict.fromkeys(_texts(messages)))
        if field is not None and not isinstance(field, FieldList):
            field.errors = [*field.errors, *texts]
        else:
            form.form_errors.extend(texts)
