"""Who is signed in, the role guard every blueprint uses, and the Actor a request acts as."""

from urllib.parse import urlsplit

from flask import abort, redirect, request, session, url_for
from flask_login import current_user

from db.accounts import User
from portal.actors import Actor
from portal.extensions import login_manager

HOME_BY_ROLE = {
    "staff": "admin.index",
    "agency_admin": "agency.home",
    "assister": "assister.home",
    "consumer": "consumer.home",
}


@login_manager.user_loader
def load_user(user_id):
    # Usually loaded with the session row already (portal/sessions.py): no second query.
    row = getattr(session, "row", None)
    user = row.user if row is not None else None
    if user is not None and user.id == int(user_id):
        return user if user.is_active else None
    return User.get_or_none(User.id == int(user_id), User.is_active == True)  # noqa: E712


def current_actor():
    """The signed-in user (or nobody) with the address and browser the request came from."""
    # The user row itself, not the current_user proxy, which follows a later login_user or
    # logout_user in the same request: an actor is who acted when it was made. The loader hands
    # back the user this request has already loaded.
    user = load_user(current_user.get_id()) if current_user.is_authenticated else None
    return Actor(
        user=user,
        ip=request.remote_addr,
        user_agent=request.user_agent.string,
    )


def home_for(user):
    return url_for(HOME_BY_ROLE[user.role])


def require_role(*roles):
    """A before_request guard: sign in first; a signed-in user of another role gets 403."""

    def guard():
        if not current_user.is_authenticated:
            timed_out = 1 if getattr(session, "timed_out", False) else None
            return redirect(
                url_for("auth.sign_in", next=request.full_path.rstrip("?"), timeout=timed_out)
            )
        if current_user.role not in roles:
            abort(403)
        return None

    return guard


def safe_next(target):
    """`target` when it is a path on this site, else None: never an open redirect elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    # A backslash too: browsers read "/\\host" as "//host", another site.
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return None if "\\" in target else target
