"""Agencies and the certified assisters (brokers, navigators, CACs) who help consumers."""

import peewee as pw

from db import BaseModel, utcnow
from db.accounts import User

ASSISTER_TYPES = (
    ("broker", "Broker"),
    ("navigator", "Navigator"),
    ("cac", "Certified application counselor"),
)

# The languages a listing can say it is offered in: Minnesota's most spoken, after the state's
# language-access list, and American Sign Language. Stored comma-separated in `languages`.
LANGUAGES = (
    "English",
    "Spanish",
    "Hmong",
    "Somali",
    "Vietnamese",
    "Karen",
    "Oromo",
    "Amharic",
    "Russian",
    "Chinese",
    "Arabic",
    "Lao",
    "Khmer",
    "American Sign Language",
)

# An individual's certification (S8): applied for and waiting for the agency administrator
# (navigators and CACs) or staff (brokers) to confirm it, confirmed, or refused. Only a confirmed
# assister can be in good standing; until then `certified_on` and `certification_expires_on` hold
# the period applied for.
CERTIFICATION_STATUSES = (
    ("pending", "Waiting for confirmation"),
    ("confirmed", "Confirmed"),
    ("refused", "Refused"),
)

# Where a navigator or CAC stands on their agency's roster: waiting for the agency administrator's
# approval, approved for portal access, or marked inactive by the agency (their access ends at
# once). Brokers, who work independently of agency administrators, have none.
ROSTER_STATUSES = (
    ("pending", "Waiting for approval"),
    ("approved", "Approved for portal access"),
    ("inactive", "Inactive"),
)

AGENCY_KINDS = (
    ("navigator", "Navigator organization"),
    ("cac", "CAC organization"),
    ("broker", "Broker agency"),
)


class Listing(BaseModel):
    """How an agency or an assister appears in Find local help (S7): whether they chose to be
    listed, whether staff hid them, and the point the directory measures distance from (their
    ZIP code's centroid, kept by portal/services/directory.py whenever the ZIP code changes)."""

    listed = pw.BooleanField(default=True)
    hidden_by_staff = pw.BooleanField(default=False)
    hidden_reason = pw.CharField(max_length=500, null=True)
    latitude = pw.FloatField(null=True)
    longitude = pw.FloatField(null=True)


class Agency(Listing):
    name = pw.CharField(max_length=200, unique=True)
    kind = pw.CharField(max_length=20, choices=AGENCY_KINDS)
    street = pw.CharField(max_length=200)
    city = pw.CharField(max_length=100)
    state = pw.CharField(max_length=2, default="MN")
    zip_code = pw.CharField(max_length=10)
    county = pw.CharField(max_length=100)
    phone = pw.CharField(max_length=20)
    email = pw.CharField(max_length=254, null=True)
    hours = pw.CharField(max_length=200, null=True)
    languages = pw.CharField(max_length=200, default="English")
    website = pw.CharField(max_length=200, null=True)
    is_active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        # A search's columns, the box's first: Find local help reads them from the index alone.
        indexes = (
            (("latitude", "longitude", "listed", "hidden_by_staff", "is_active", "kind", "name",
              "id"), False),
        )

    def __str__(self):
        return self.name


class Assister(Listing):
    # The account arrives with activation; until then the assister exists only as a record.
    user = pw.ForeignKeyField(User, null=True, unique=True, backref="assister_profile")
    agency = pw.ForeignKeyField(Agency, null=True, backref="assisters")
    # Indexed with the last name for the admin's list (below, migration 042).
    assister_type = pw.CharField(max_length=20, choices=ASSISTER_TYPES)
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    # Unique: services refuse a clash in any case (portal/services/assisters.py); the index
    # settles two registrations sent at once (a double click) that both found none.
    email = pw.CharField(max_length=254, unique=True)
    phone = pw.CharField(max_length=20)
    street = pw.CharField(max_length=200)
    city = pw.CharField(max_length=100)
    state = pw.CharField(max_length=2, default="MN")
    zip_code = pw.CharField(max_length=10)
    county = pw.CharField(max_length=100)
    languages = pw.CharField(max_length=200, default="English")
    license_number = pw.CharField(max_length=40, null=True)
    certified_on = pw.DateField()
    certification_expires_on = pw.DateField()
    # Random digits plus a Verhoeff check digit: permanent, shared with consumers, never listed.
    reference_number = pw.CharField(max_length=10, unique=True)
    is_active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)
    # How the listing reads: the street or only the city (an independent broker working from
    # home), the phone consumers should call (their own when empty), and office hours.
    listing_shows_street = pw.BooleanField(default=True)
    listing_phone = pw.CharField(max_length=20, null=True)
    hours = pw.CharField(max_length=200, null=True)
    # Certification and training (S8): see CERTIFICATION_STATUSES and ROSTER_STATUSES; the year of
    # the course whose assessment they mastered (the activation email waits for the current
    # year's); and the hashed Training ID that signs a learner without an account into the course.
    certification_status = pw.CharField(
        max_length=20, choices=CERTIFICATION_STATUSES, default="confirmed"
    )
    roster_status = pw.CharField(max_length=20, choices=ROSTER_STATUSES, null=True)
    mastered_course_year = pw.IntegerField(null=True)
    training_id_hash = pw.CharField(max_length=64, null=True, unique=True)

    class Meta:
        # A search's columns, the box's first: Find local help reads them from the index alone.
        indexes = (
            (("latitude", "longitude", "listed", "hidden_by_staff", "is_active",
              "certification_status", "roster_status", "certification_expires_on", "user",
              "agency", "assister_type", "first_name", "last_name", "id"), False),
            # The admin's Assisters list (migration 042): orders and filters, the id last.
            (("certification_expires_on", "id"), False),
        )

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def organization(self):
        return self.agency.name if self.agency_id else "Independent"

    def __str__(self):
        return f"{self.full_name} ({self.get_assister_type_display()})"

    def get_assister_type_display(self):
        return dict(ASSISTER_TYPES)[self.assister_type]



# The admin's Assisters list (migration 042): by name, searched from a name's or an email's
# start, and filtered by type or county, in lower-case name order; the row id last.
for _name, _columns in (
    ("assister_admin_last_name", (pw.fn.LOWER(Assister.last_name), Assister.id)),
    ("assister_admin_first_name", (pw.fn.LOWER(Assister.first_name), Assister.id)),
    ("assister_admin_email", (pw.fn.LOWER(Assister.email), Assister.id)),
    (
        "assister_admin_type",
        (Assister.assister_type, pw.fn.LOWER(Assister.last_name), Assister.id),
    ),
    ("assister_admin_county", (Assister.county, pw.fn.LOWER(Assister.last_name), Assister.id)),
):
    Assister.add_index(Assister.index(*_columns, name=_name))


class AgencyAdmin(BaseModel):
    """An agency administrator (S8): keeps the agency's roster and sees its clients. The account
    arrives with activation, as an assister's does."""

    agency = pw.ForeignKeyField(Agency, backref="admins")
    user = pw.ForeignKeyField(User, null=True, unique=True, backref="agency_admin_profile")
    first_name = pw.CharField(max_length=100)
    last_name = pw.CharField(max_length=100)
    email = pw.CharField(max_length=254, unique=True)
    phone = pw.CharField(max_length=20)
    is_active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def __str__(self):
        return f"{self.full_name} ({self.agency.name})"


class RegistrationNumber(BaseModel):
    """The secret, single-use number in the activation email, for an assister or an agency
    administrator (exactly one of the two). Re-sending voids the previous one."""

    assister = pw.ForeignKeyField(Assister, null=True, backref="registration_numbers")
    agency_admin = pw.ForeignKeyField(AgencyAdmin, null=True, backref="registration_numbers")
    number_hash = pw.CharField(max_length=64, unique=True)
    created_at = pw.DateTimeField(default=utcnow)
    expires_at = pw.DateTimeField()
    used_at = pw.DateTimeField(null=True)
    voided_at = pw.DateTimeField(null=True)
