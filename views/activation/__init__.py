"""Assister account activation ("Register for an Account"), as the manual's steps."""

from flask import Blueprint

bp = Blueprint("activation", __name__, url_prefix="/register")
