"""Consumers (the account holders who apply for coverage) and the people in their household."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User

RELATIONSHIPS = (
    ("self", "Self"),
    ("spouse", "Spouse"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Sibling"),
    ("other", "Other relative"),
)


class Consumer(BaseModel):
    user = pw.ForeignKeyField(User, null=True, unique=True, backref="consumer_profile")
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    email = pw.CharField(max_length=254)
    phone = pw.CharField(max_length=20, null=True)
    date_of_birth = pw.DateField(null=True)
    preferred_language = pw.CharField(max_length=20, default="English")
    created_at = pw.DateTimeField(default=utcnow)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def __str__(self):
        return self.full_name


class HouseholdMember(BaseModel):
    consumer = pw.ForeignKeyField(Consumer, backref="household_members")
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    relationship = pw.CharField(max_length=20, choices=RELATIONSHIPS)
    date_of_birth = pw.DateField()

    def __str__(self):
        return f"{self.first_name} {self.last_name}"
