"""A user's server-side sessions: list them, end one, end all (sign-out everywhere)."""

import re

from flask_babel import gettext as _

from db import database
from db.accounts import UserSession
from portal.errors import NotFound
from portal.services import audit

# A session is named on the account page by the SHA-256 of its id (portal/sessions.py).
ID_HASH = re.compile(r"[0-9a-f]{64}")


def active_for(user):
    return (
        UserSession.select()
        .where(UserSession.user == user)
        .order_by(UserSession.last_seen_at.desc())
    )


def end(actor, user, id_hash):
    """End one of `user`'s sessions (the user from their account page)."""
    if not ID_HASH.fullmatch(id_hash):
        # Not a name this page gives: no session has it (and PostgreSQL refuses a NUL in it).
        raise NotFound(_("That session has already ended."))
    with database.atomic():
        ended = (
            UserSession.delete()
            .where(UserSession.user == user, UserSession.id_hash == id_hash)
            .execute()
        )
        if not ended:
            raise NotFound(_("That session has already ended."))
        audit.record(actor, "session.ended", obj=user)


def end_all(actor, user, keep_id_hash=None):
    """End every session of `user` except `keep_id_hash`; return how many ended."""
    with database.atomic():
        query = UserSession.delete().where(UserSession.user == user)
        if keep_id_hash:
            query = query.where(UserSession.id_hash != keep_id_hash)
        ended = query.execute()
        audit.record(actor, "sessions.ended_all", obj=user, detail=f"{ended} session(s)")
    return ended
