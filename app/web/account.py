"""Pages to sign up, sign in and out, edit one's profile and switch the language."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from app.auth import service
from app.auth.current import current_user, require_user
from app.auth.models import LOCALES
from app.auth.schemas import ProfileIn, RegisterIn
from app.errors import DomainError
from app.extensions import db
from app.web.forms import COMMON_TIMEZONES, ProfileForm, SignInForm, SignUpForm
from app.web.i18n import chosen_locale, remember_locale
from app.web.messages import attach_schema_errors, error_message
from app.web.session import login_required, safe_next, sign_in, sign_out

bp = Blueprint("account", __name__)


@bp.route("/signup", methods=["GET", "POST"])
def sign_up():
    form = SignUpForm()
    if form.validate_on_submit():
        user = _register(form)
        if user is not None:
            sign_in(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.display_name), "success")
            return redirect(url_for("web.catalogue.home"))
    return render_template("web/sign_up.html", form=form), 200 if request.method == "GET" else 422


def _register(form: SignUpForm):
    data = {"email": form.email.data, "password": form.password.data,
            "display_name": form.display_name.data, "locale": chosen_locale()}
    try:
        user = service.create_user(**RegisterIn().load(data))
    except ValidationError as error:
        attach_schema_errors(form, error)
        return None
    except DomainError as error:
        form.email.errors = [*form.email.errors, error_message(error)]
        return None
    db.session.commit()
    return user


@bp.route("/signin", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page():
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = service.verify_credentials(form.email.data, form.password.data)
        except DomainError as error:
            form.form_errors.append(error_message(error))
        else:
            sign_in(user)
            return redirect(safe_next(form.next.data) or url_for("web.catalogue.home"))
    return render_template("web/sign_in.html", form=form), 200 if request.method == "GET" else 422



@bp.post("/signout", endpoint="sign_out")
def sign_out_page():
    sign_out()
    flash(_("You are signed out."), "success")
    return redirect(url_for("web.catalogue.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    user = require_user()
    form = ProfileForm(obj=user)
    form.offer_reminders(user.reminder_minutes)
    if form.validate_on_submit() and _update_profile(user, form):
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("web.account.profile"))
    status = 200 if request.method == "GET" else 422
    return render_template("web/profile.html", form=form, timezones=COMMON_TIMEZONES), status


def _update_profile(user, form: ProfileForm) -> bool:
    data = {"display_name": form.display_name.data, "locale": form.locale.data,
            "timezone": form.timezone.data.strip(), "reminder_minutes": form.reminder_minutes.data}
    try:
        service.update_profile(user, ProfileIn().load(data))
    except ValidationError as error:
        attach_schema_errors(form, error)
        return False
    db.session.commit()
    remember_locale(user.locale)
    return True


@bp.post("/language")
def switch_language():
    locale = request.form.get("locale")
    if locale in LOCALES:
        remember_locale(locale)
        user = current_user()
        if user is not None:
            service.update_profile(user, {"locale": locale})
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("web.catalogue.home"))
