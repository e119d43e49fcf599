"""Who is acting: every service that writes or reads private data is told, for the audit log."""

from dataclasses import dataclass

from db.accounts import User


@dataclass(frozen=True)
class Actor:
    user: User | None
    ip: str | None = None
    user_agent: str | None = None

    @property
    def role(self):
        return self.user.role if self.user else "system"


SYSTEM = Actor(user=None)
