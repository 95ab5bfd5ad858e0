"""The web pages for creators and managers: one blueprint, one child blueprint per area."""

from flask import Blueprint, current_app, request

from app.auth.current import current_user
from app.extensions import csrf
from app.web import account, booking_pages, catalogue, display, manage
from app.web.forms import ActionForm
from app.web.i18n import LANGUAGE_LABELS, chosen_locale

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")
bp.register_blueprint(account.bp)
bp.register_blueprint(catalogue.bp)
bp.register_blueprint(booking_pages.bp)
bp.register_blueprint(manage.bp)
bp.record_once(lambda state: display.register(state.app))

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@bp.before_request
def protect_forms() -> None:
    if request.method in UNSAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


@bp.app_context_processor
def page_globals() -> dict:
    return {"current_user": current_user(), "current_locale": chosen_locale(),
            "language_labels": LANGUAGE_LABELS, "action_form": ActionForm}
