"""Input and output shapes of the accounts API."""

from functools import cache
from zoneinfo import available_timezones

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.auth.models import LOCALES
from app.auth.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, password_problem

MAX_REMINDERS = 5
LONGEST_REMINDER_MINUTES = 60 * 24 * 14


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_timezone(name: str) -> None:
    if name not in _zone_names():
        raise ValidationError("Unknown time zone; use an IANA name such as Asia/Shanghai.")


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


def _display_name(**kwargs) -> fields.String:
    return fields.String(validate=[validate.Length(min=1, max=120), _not_blank], **kwargs)


class TrimmedEmail(fields.Email):
    """An email address; the spaces phone keyboards add around it are dropped."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value.strip() if isinstance(value, str) else value, attr, data, **kwargs)


class RegisterIn(Schema):
    email = TrimmedEmail(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, metadata={
        "description": f"{PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters, not easy to guess "
                       "(no keyboard runs, well-known passwords or the email's name)."})
    display_name = _display_name(required=True)
    locale = fields.String(load_default="en", validate=validate.OneOf(LOCALES))

    @validates_schema(skip_on_field_errors=False)
    def password_hard_to_guess(self, data: dict, **_kwargs) -> None:
        if "password" in data:
            problem = password_problem(data["password"], data.get("email"))
            if problem:
                raise ValidationError(problem, field_name="password")


class UserOut(Schema):
    id = fields.Integer()
    email = fields.String()
    display_name = fields.String()
    role = fields.String()
    locale = fields.String()
    timezone = fields.String()
    reminder_minutes = fields.List(fields.Integer())
    created_at = fields.DateTime()


class ProfileIn(Schema):
    display_name = _display_name()
    locale = fields.String(validate=validate.OneOf(LOCALES))
    timezone = fields.String(validate=validate_timezone)
    reminder_minutes = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=LONGEST_REMINDER_MINUTES)),
        validate=validate.Length(max=MAX_REMINDERS),
        metadata={"description": "Minutes before a booking's start when a reminder is emailed."})


class TokenRequestIn(Schema):
    email = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
