"""The web pages for creators and managers."""

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static")
