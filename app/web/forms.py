"""The forms of the pages: fields, labels and the checks a browser user sees first.

Limits come from the API's schemas, and every form's data then goes through the same
schema and service as the API, so a page can never accept what the API refuses.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.auth.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from app.auth.schemas import MAX_REMINDERS
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
# What <input type="datetime-local"> sends and shows (the first format is used to show a value).
BROWSER_DATETIME = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SignUpForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH)],
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


class SearchForm(FlaskForm):
    """The venue search on the home page (GET: no CSRF token needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), description=_l("Words in the name or description."))
    # The search schema checks the values; the choices only offer what exists.
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    district = SelectField(_l("District"), choices=[], validate_choice=False)
    cluster = SelectField(_l("Cluster"), choices=[], validate_choice=False)
    min_capacity = IntegerField(_l("People"), validators=[Optional(), NumberRange(min=1)])
    amenity = MultiCheckboxField(_l("Must have"), choices=[], validate_choice=False)
    free_day = DateField(_l("Free on"), validators=[Optional()])
    free_from = TimeField(_l("From"), validators=[Optional()])
    free_to = TimeField(_l("Until"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        # Across fields, and also when they are empty (where field validators stop early).
        valid = super().validate(extra_validators)
        given = [self.free_day.data, self.free_from.data, self.free_to.data]
        if any(given) and not all(given):
            self.free_to.errors = [*self.free_to.errors,
                                   _l("Give the day and both times to find venues free then.")]
            return False
        if all(given) and self.free_to.data <= self.free_from.data:
            self.free_to.errors = [*self.free_to.errors, _l("The end must be after the start.")]
            return False
        return valid


class BookingForm(FlaskForm):
    title = StringField(_l("What is it for?"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: spring lookbook shoot."))
    start = DateTimeLocalField(_l("Start"), format=BROWSER_DATETIME, validators=[DataRequired()])
    end = DateTimeLocalField(_l("End"), format=BROWSER_DATETIME, validators=[DataRequired()])
    party_size = IntegerField(_l("People"), default=1, validators=[DataRequired(), NumberRange(min=1)])
    notes = TextAreaField(_l("Notes for the manager"), validators=[Optional(), Length(max=5000)])
    repeat_weekly = BooleanField(_l("Repeat every week"))
    weeks = IntegerField(_l("Number of weeks"), default=4,
                         validators=[Optional(), NumberRange(min=2, max=52)])
    skip_taken = BooleanField(_l("Skip weeks that are taken and book the rest"), default=True)


class RescheduleForm(FlaskForm):
    title = StringField(_l("What is it for?"), validators=[DataRequired(), Length(max=200)])
    start = DateTimeLocalField(_l("Start"), format=BROWSER_DATETIME, validators=[DataRequired()])
    end = DateTimeLocalField(_l("End"), format=BROWSER_DATETIME, validators=[DataRequired()])
    notes = TextAreaField(_l("Notes for the manager"), validators=[Optional(), Length(max=5000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for declining"), validators=[DataRequired(), Length(max=2000)],
                           description=_l("The creator sees this."))


class RulesForm(FlaskForm):
    slot_minutes = IntegerField(_l("Start times every (minutes)"), validators=[DataRequired()])
    min_duration_minutes = IntegerField(_l("Shortest booking (minutes)"), validators=[DataRequired()])
    max_duration_minutes = IntegerField(_l("Longest booking (minutes)"), validators=[DataRequired()])
    buffer_minutes = IntegerField(_l("Free time kept after each booking (minutes)"),
                                  validators=[InputRequired()])
    lead_time_minutes = IntegerField(_l("Notice needed (minutes)"), validators=[InputRequired()])
    horizon_days = IntegerField(_l("Bookable up to (days ahead)"), validators=[DataRequired()])
    max_concurrent = IntegerField(_l("Groups at the same time"), validators=[DataRequired()])
    pending_expiry_hours = IntegerField(_l("Requests lapse after (hours)"), validators=[DataRequired()])
    max_active_per_creator = IntegerField(_l("Upcoming bookings per creator (empty: no limit)"),
                                          validators=[Optional()])
    requires_approval = BooleanField(_l("I approve each request"))
    competing_requests = BooleanField(_l("Let several requests wait for the same time"))
    closed_on_public_holidays = BooleanField(_l("Closed on public holidays"))


class OpeningSpanForm(Form):
    weekday = SelectField(_l("Day"), coerce=int, choices=[])
    open = StringField(_l("Opens"), render_kw={"placeholder": "09:00", "inputmode": "numeric"})
    close = StringField(_l("Closes"), render_kw={"placeholder": "18:00", "inputmode": "numeric"})


class OpeningHoursForm(FlaskForm):
    spans = FieldList(FormField(OpeningSpanForm), min_entries=1)


class ClosureForm(FlaskForm):
    start = DateTimeLocalField(_l("Closed from"), format=BROWSER_DATETIME, validators=[DataRequired()])
    end = DateTimeLocalField(_l("Until"), format=BROWSER_DATETIME, validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])
