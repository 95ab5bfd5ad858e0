"""The forms of the account pages: fields, labels and the checks a browser user sees first.

Limits come from the API's schemas, and every form's data then goes through the same
schema and service as the API, so a page can never accept what the API refuses.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.auth.schemas import PASSWORD_MIN_LENGTH
from app.web.i18n import LANGUAGE_LABELS

COMMON_TIMEZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Tokyo", "Asia/Seoul",
                    "Asia/Singapore", "Europe/London", "Europe/Paris", "Europe/Berlin",
                    "America/New_York", "America/Los_Angeles", "Australia/Sydney", "UTC")
REMINDER_CHOICES = (
    SelectChoice(15, _l("15 minutes before")), SelectChoice(30, _l("30 minutes before")),
    SelectChoice(60, _l("1 hour before")), SelectChoice(120, _l("2 hours before")),
    SelectChoice(360, _l("6 hours before")), SelectChoice(1440, _l("1 day before")),
    SelectChoice(2880, _l("2 days before")), SelectChoice(10080, _l("1 week before")),
)
MAX_REMINDERS = 5


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SignUpForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=200)],
        description=_l("At least %(count)d characters.", count=PASSWORD_MIN_LENGTH))


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    next = HiddenField()


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Language"),
                         choices=[SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()])
    timezone = StringField(_l("Time zone"), validators=[DataRequired()], render_kw={"list": "timezones"},
                           description=_l("An IANA name, for example Asia/Shanghai."))
    reminder_minutes = MultiCheckboxField(_l("Email me a reminder"), coerce=int,
                                          choices=list(REMINDER_CHOICES))

    def offer_reminders(self, minutes: list[int]) -> None:
        """Keep reminder times set through the API among the choices, so saving keeps them."""
        known = {choice.value for choice in REMINDER_CHOICES}
        extra = [SelectChoice(m, _l("%(count)d minutes before", count=m)) for m in minutes if m not in known]
        self.reminder_minutes.choices = sorted([*REMINDER_CHOICES, *extra], key=lambda c: c.value)

    def validate_reminder_minutes(self, field: MultiCheckboxField) -> None:
        if len(field.data or []) > MAX_REMINDERS:
            raise ValidationError(_l("Choose at most %(count)d reminders.", count=MAX_REMINDERS))


class ActionForm(FlaskForm):
    """A form that is only a button: carries the CSRF token."""
