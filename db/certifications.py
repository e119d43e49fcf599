"""Certification registration (S8): agencies' applications, individuals' certification periods,
and the rosters agency administrators upload."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User
from db.assisters import CERTIFICATION_STATUSES, Agency, AgencyAdmin, Assister

# Agencies that apply online: navigator and CAC organizations (brokers are certified one by one).
APPLYING_KINDS = (
    ("navigator", "Navigator organization"),
    ("cac", "Certified application counselor organization"),
)

APPLICATION_STATUSES = (
    ("pending", "Waiting for review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
)

CERTIFICATION_KINDS = (
    ("initial", "First certification"),
    ("renewal", "Renewal"),
)

class AgencyApplication(BaseModel):
    """An organization's application to be certified as an agency, reviewed by staff. Approval
    makes the agency and its first agency administrator (the contact named here)."""

    legal_name = pw.CharField(max_length=200)
    kind = pw.CharField(max_length=20, choices=APPLYING_KINDS)
    street = pw.CharField(max_length=200)
    city = pw.CharField(max_length=100)
    state = pw.CharField(max_length=2, default="MN")
    zip_code = pw.CharField(max_length=10)
    county = pw.CharField(max_length=100)
    # Comma-separated, as an agency's languages are.
    counties_served = pw.CharField(max_length=2000)
    languages = pw.CharField(max_length=200, default="English")
    phone = pw.CharField(max_length=20)
    website = pw.CharField(max_length=200, null=True)
    contact_first_name = pw.CharField(max_length=100)
    contact_last_name = pw.CharField(max_length=100)
    contact_email = pw.CharField(max_length=254)
    contact_phone = pw.CharField(max_length=20)
    submitted_at = pw.DateTimeField(default=utcnow)
    status = pw.CharField(max_length=20, choices=APPLICATION_STATUSES, default="pending",
                          index=True)
    decided_at = pw.DateTimeField(null=True)
    decided_by = pw.ForeignKeyField(User, null=True, backref="+")
    reason = pw.CharField(max_length=1000, null=True)
    agency = pw.ForeignKeyField(Agency, null=True, unique=True, backref="+")

    def __str__(self):
        return self.legal_name


class Certification(BaseModel):
    """One certification period of an assister, first or renewed: applied for, then confirmed
    (by the agency administrator for navigators and CACs, by staff for brokers) or refused.
    The assister's `certified_on` and `certification_expires_on` copy the confirmed period that
    runs now; this table keeps every period."""

    assister = pw.ForeignKeyField(Assister, backref="certifications")
    kind = pw.CharField(max_length=20, choices=CERTIFICATION_KINDS, default="initial")
    starts_on = pw.DateField()
    expires_on = pw.DateField()
    status = pw.CharField(max_length=20, choices=CERTIFICATION_STATUSES, default="pending")
    # A broker's license as they gave it with this application.
    license_number = pw.CharField(max_length=40, null=True)
    license_expires_on = pw.DateField(null=True)
    requested_at = pw.DateTimeField(default=utcnow)
    decided_at = pw.DateTimeField(null=True)
    decided_by = pw.ForeignKeyField(User, null=True, backref="+")
    reason = pw.CharField(max_length=1000, null=True)

    class Meta:
        indexes = (
            # Staff's "expiring in 30 / 60 / 90 days" and the review queue.
            (("status", "expires_on"), False),
            (("assister", "starts_on"), False),
        )


# One period waiting for a decision per assister: a renewal requested twice at once (a double
# click) is one row, whichever request wins.
Certification.add_index(
    Certification.index(
        Certification.assister, unique=True, name="certification_one_pending_per_assister"
    ).where(Certification.status == "pending")
)


class RosterUpload(BaseModel):
    """A roster CSV an agency administrator uploaded, with what came of it: the report they saw
    is kept, and the file's digest says when the same file comes again."""

    agency = pw.ForeignKeyField(Agency, backref="roster_uploads")
    uploaded_by = pw.ForeignKeyField(AgencyAdmin, backref="+")
    uploaded_at = pw.DateTimeField(default=utcnow)
    filename = pw.CharField(max_length=255)
    sha256 = pw.CharField(max_length=64)
    rows_applied = pw.IntegerField(default=0)
    rows_unchanged = pw.IntegerField(default=0)
    rows_refused = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("agency", "sha256"), False),)
