"""What every record edited through a wizard carries (portal/services/editing.py uses it): where
the user left off, which steps are complete, its version, and the one-editor hold."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User


class EditedInSteps(BaseModel):
    # Every save names the version it was based on; a stale one is refused (two tabs, two workers).
    version = pw.IntegerField(default=1)
    # Where the user left off (Resume) and which steps are complete.
    current_step = pw.CharField(max_length=20)
    completed_steps = pw.CharField(max_length=200, default="")
    # One editor at a time: who holds the record, since when, and their last activity.
    held_by = pw.ForeignKeyField(User, null=True, backref="+")
    held_since = pw.DateTimeField(null=True)
    held_seen_at = pw.DateTimeField(null=True)
    created_by = pw.ForeignKeyField(User, backref="+")
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)

    @property
    def completed(self):
        return set(self.completed_steps.split())
