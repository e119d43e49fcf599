"""Server-side sessions (S2.3, S10): a row per session, the cookie holds only a random id.

Nothing lives in a worker's memory, so any worker can serve any request, and ending a session
(sign-out, a password change, staff) takes effect everywhere at once. The id changes at sign-in
and again after MFA (`rotate`); idle and absolute lifetimes are enforced on every request.
"""

import hashlib
import secrets
from datetime import timedelta

import peewee as pw
from flask import request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from db import utcnow
from db.accounts import User, UserSession
from db.assisters import Assister
from db.consumers import Consumer

# Writing last_seen on every request would make each page view a write; a minute is precise
# enough for a 15-minute idle timeout.
TOUCH_EVERY = timedelta(seconds=60)


def hash_id(session_id):
    return hashlib.sha256(session_id.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, row=None, timed_out=False):
        def on_update(self):
            self.modified = True

        super().__init__(initial, on_update)
        self.row = row
        self.timed_out = timed_out
        self.modified = False
        self.rotate_requested = False

    @property
    def id_hash(self):
        return self.row.id_hash if self.row is not None else None


def with_user(id_hash):
    """The session row for `id_hash` with its user, and the user's assister and consumer
    profiles (None when the user has none): one statement on every request instead of three."""
    # The user is found by the id the session row holds, looked up on its own, rather than by a
    # join on the column: PostgreSQL's generic plan could otherwise merge-join the sessions with
    # `user_account` from its first row, trusting statistics taken while only the early users were
    # signed in, and read the whole table to reach a later one.
    signed_in_user = UserSession.select(UserSession.user).where(UserSession.id_hash == id_hash)
    return (
        UserSession.select(UserSession, User, Assister, Consumer)
        .join(User, pw.JOIN.LEFT_OUTER, on=(User.id == signed_in_user), attr="user")
        .join(Assister, pw.JOIN.LEFT_OUTER, on=(Assister.user == User.id), attr="assister")
        .switch(User)
        .join(Consumer, pw.JOIN.LEFT_OUTER, on=(Consumer.user == User.id), attr="consumer")
        .where(UserSession.id_hash == id_hash)
    )


def load_row(id_hash):
    """The session row for `id_hash` (or None), with `row.user` and its `.assister` and
    `.consumer` loaded."""
    return with_user(id_hash).first()


def rotate(session):
    """Give the session a new id at the end of this request (sign-in, MFA): fixation defence."""
    session.rotate_requested = True
    session.modified = True


class DatabaseSessionInterface(SessionInterface):
    serializer = TaggedJSONSerializer()

    def open_session(self, app, request):
        session_id = request.cookies.get(self.get_cookie_name(app))
        if not session_id:
            return ServerSession()
        row = load_row(hash_id(session_id))
        if row is None:
            return ServerSession()
        now = utcnow()
        idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
        absolute = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
        if now - row.last_seen_at > idle or now - row.created_at > absolute:
            UserSession.delete().where(UserSession.id_hash == row.id_hash).execute()
            return ServerSession(timed_out=row.user_id is not None)
        return ServerSession(self.serializer.loads(row.data), row=row)

    def save_session(self, app, session, response):
        name = self.get_cookie_name(app)
        domain, path = self.get_cookie_domain(app), self.get_cookie_path(app)
        if not session and session.modified:
            # Cleared (sign-out): the row goes, and so does the cookie.
            if session.row is not None:
                UserSession.delete().where(UserSession.id_hash == session.row.id_hash).execute()
            response.delete_cookie(name, domain=domain, path=path)
            return
        if not session:
            return
        now = utcnow()
        user_id = session.get("_user_id")
        if session.row is None or session.rotate_requested:
            self._replace(session, now, user_id, response, app)
            return
        if session.modified or now - session.row.last_seen_at > TOUCH_EVERY:
            UserSession.update(
                data=self.serializer.dumps(dict(session)), user=user_id, last_seen_at=now
            ).where(UserSession.id_hash == session.row.id_hash).execute()

    def _replace(self, session, now, user_id, response, app):
        old = session.row
        session_id = secrets.token_urlsafe(32)
        # A rotation that changes who is signed in starts the absolute lifetime afresh.
        same_user = old is not None and old.user_id == (int(user_id) if user_id else None)
        UserSession.create(
            id_hash=hash_id(session_id),
            user=user_id,
            data=self.serializer.dumps(dict(session)),
            created_at=old.created_at if same_user else now,
            last_seen_at=now,
            ip=request.remote_addr,
            user_agent=(request.user_agent.string or "")[:300] or None,
        )
        if old is not None:
            UserSession.delete().where(UserSession.id_hash == old.id_hash).execute()
        response.set_cookie(
            self.get_cookie_name(app),
            session_id,
            httponly=self.get_cookie_httponly(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
        )
