"""Sign-in accounts: one user per person, with the role that decides what they may open."""

import peewee as pw

from db import BaseModel, utcnow

ROLES = (
    ("staff", "Marketplace staff"),
    ("agency_admin", "Agency administrator"),
    ("assister", "Assister"),
    ("consumer", "Consumer"),
)


class User(BaseModel):
    username = pw.CharField(max_length=64, unique=True)
    email = pw.CharField(max_length=254)
    full_name = pw.CharField(max_length=200)
    # Indexed with the username for the admin's Users list (below, migration 042).
    role = pw.CharField(max_length=20, choices=ROLES)
    password_hash = pw.CharField(max_length=255)
    is_active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)
    last_sign_in_at = pw.DateTimeField(null=True)
    # Consumers verify their address by a link; accounts made by staff or activation start verified.
    email_verified_at = pw.DateTimeField(null=True)
    password_changed_at = pw.DateTimeField(null=True)
    # Lock-out after repeated failures (S10): until this time, or until staff unlock.
    locked_until = pw.DateTimeField(null=True)
    # Failures before this moment no longer count (set by a success or a staff unlock).
    failures_counted_from = pw.DateTimeField(null=True)
    # Multi-factor authentication: the registered mode ("email" or "totp"), or none yet.
    mfa_mode = pw.CharField(max_length=10, null=True)
    mfa_email = pw.CharField(max_length=254, null=True)
    mfa_registered_at = pw.DateTimeField(null=True)
    totp_secret = pw.CharField(max_length=64, null=True)
    # The last accepted TOTP time step: a code is accepted once only (pyotp alone allows replay).
    totp_last_step = pw.BigIntegerField(null=True)
    # After staff reset MFA, the user must register again before this moment (end of that day).
    mfa_reset_until = pw.DateTimeField(null=True)
    # The language of the consumer's pages, mail and notices (S13): "en" or "es", chosen on the
    # pages and kept here so that mail sent while they are away is in it too (migration 041).
    language = pw.CharField(max_length=5, default="en")

    class Meta:
        # "user" is a reserved word in PostgreSQL.
        table_name = "user_account"

    def __str__(self):
        return f"{self.full_name} ({self.username})"

    # What flask-login asks of a user object.
    is_authenticated = True
    is_anonymous = False

    def get_id(self):
        return str(self.id)



# The admin's Users list (migration 042): its orders, search and filters, the row id last.
for _name, _columns in (
    ("user_admin_username", (User.username, User.id)),
    ("user_admin_lower_username", (pw.fn.LOWER(User.username), User.id)),
    ("user_admin_email", (pw.fn.LOWER(User.email), User.id)),
    ("user_admin_sign_in", (User.last_sign_in_at, User.id)),
    ("user_admin_role", (User.role, User.username, User.id)),
    ("user_admin_active", (User.is_active, User.username, User.id)),
):
    User.add_index(User.index(*_columns, name=_name))


class SecurityAnswer(BaseModel):
    """An answer to a security question, hashed; compared without regard to case or spacing."""

    user = pw.ForeignKeyField(User, backref="security_answers")
    position = pw.SmallIntegerField()
    question = pw.CharField(max_length=200)
    answer_hash = pw.CharField(max_length=255)

    class Meta:
        indexes = ((("user", "position"), True),)


TOKEN_PURPOSES = (
    ("email_verification", "Email verification"),
    ("password_reset", "Password reset"),
)


class AccountToken(BaseModel):
    """A single-use emailed link (email verification, password reset). Only its hash is kept."""

    user = pw.ForeignKeyField(User, backref="tokens")
    purpose = pw.CharField(max_length=30, choices=TOKEN_PURPOSES)
    token_hash = pw.CharField(max_length=64, unique=True)
    created_at = pw.DateTimeField(default=utcnow)
    expires_at = pw.DateTimeField()
    used_at = pw.DateTimeField(null=True)


class OneTimeCode(BaseModel):
    """An emailed MFA access code: 6 digits, 10 minutes, single use, a few tries; hash only."""

    user = pw.ForeignKeyField(User, backref="one_time_codes")
    code_hash = pw.CharField(max_length=64)
    created_at = pw.DateTimeField(default=utcnow)
    expires_at = pw.DateTimeField()
    attempts = pw.SmallIntegerField(default=0)
    used_at = pw.DateTimeField(null=True)
    voided_at = pw.DateTimeField(null=True)


class AuthFailure(BaseModel):
    """A failed password or code: counted in a window for lock-out, kept for the audit trail."""

    user = pw.ForeignKeyField(User, null=True, backref="+")
    kind = pw.CharField(max_length=20)
    at = pw.DateTimeField(default=utcnow)
    ip = pw.CharField(max_length=45, null=True)

    class Meta:
        indexes = ((("user", "at"), False),)


class UserSession(BaseModel):
    """A server-side session. The cookie holds a random id; only its SHA-256 is stored here."""

    id_hash = pw.CharField(max_length=64, primary_key=True)
    user = pw.ForeignKeyField(User, null=True, backref="sessions")
    data = pw.TextField(default="{}")
    created_at = pw.DateTimeField(default=utcnow)
    last_seen_at = pw.DateTimeField(default=utcnow, index=True)
    ip = pw.CharField(max_length=45, null=True)
    user_agent = pw.CharField(max_length=300, null=True)
