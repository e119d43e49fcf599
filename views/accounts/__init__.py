"""Consumer account creation, email verification, and forgotten password or username."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
