"""Pages to find a venue and look at it."""

from flask import Blueprint, render_template

bp = Blueprint("catalogue", __name__)


@bp.get("/")
def home():
    return render_template("web/home.html")
