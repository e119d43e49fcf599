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
    role = pw.CharField(max_length=20, choices=ROLES, index=True)
    password_hash = pw.CharField(max_length=255)
    is_active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)
    last_sign_in_at = pw.DateTimeField(null=True)

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
