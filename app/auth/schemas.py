"""Input and output shapes of the accounts API."""

from zoneinfo import available_timezones

from marshmallow import Schema, fields, validate, validates

from app.auth.models import LOCALES

PASSWORD_MIN_LENGTH = 10


def validate_timezone(name: str) -> None:
    if name not in available_timezones():
        raise validate.ValidationError("Unknown time zone; use an IANA name such as Asia/Shanghai.")


class RegisterIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=PASSWORD_MIN_LENGTH, max=200))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    locale = fields.String(load_default="en", validate=validate.OneOf(LOCALES))

    @validates("password")
    def password_not_trivial(self, value: str, **_kwargs) -> None:
        if len(set(value)) < 4:
            raise validate.ValidationError("Password is too simple: use more different characters.")

    @validates("display_name")
    def display_name_not_blank(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise validate.ValidationError("Display name must not be blank.")


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
    display_name = fields.String(validate=validate.Length(min=1, max=120))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    timezone = fields.String(validate=validate_timezone)
    reminder_minutes = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=60 * 24 * 14)),
        validate=validate.Length(max=5))


class TokenRequestIn(Schema):
    email = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
