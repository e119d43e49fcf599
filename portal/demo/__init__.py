"""Demo data for `make run`: a staff user, six agencies and 21 assisters across Minnesota (their
listings in Find local help: portal/demo/listings.py), 40 consumers, associations.

Everything goes through the services, as a real user's actions would, so the demo's audit log and
rules are the product's own.
"""

import random
from dataclasses import replace
from datetime import date, timedelta

from db import database
from db.accounts import User
from portal.actors import SYSTEM
from portal.demo.applications import (
    draft_application,
    minnesotacare_couple,
    mixed_status_family,
    ready_to_enroll,
    reported_new_baby,
    zero_cost_sharing,
)
from portal.demo.certification import certification
from portal.demo.listings import certified_and_trained, directory
from portal.demo.premiums import premium_history
from portal.rules import latest_plan_year
from portal.services import (
    accounts,
    agencies,
    assisters,
    associations,
    consumers,
    notices,
    plan_data,
    standing,
)

PASSWORD = "demo passphrase 2026"
SIGN_INS = [
    ("staff", "staff", PASSWORD),
    ("broker", "assister", PASSWORD),
    ("navigator", "assister", PASSWORD),
    ("cac", "assister", PASSWORD),
    ("consumer", "consumer", PASSWORD),
    ("agency", "agency administrator", PASSWORD),
]
# The demo assister whose certification is in its renewal window.
RENEWING = "navigator"

AGENCIES = [
    {
        "name": "North Star Navigators",
        "kind": "navigator",
        "street": "1450 Energy Park Dr",
        "city": "Saint Paul",
        "zip_code": "55108",
        "county": "Ramsey",
        "phone": "651-555-0140",
        "email": "help@northstarnavigators.example",
        "website": "https://northstarnavigators.example.org",
        "hours": "Mon–Fri 8:00–17:00, Sat 9:00–13:00",
        "languages": "English, Spanish, Hmong",
    },
    {
        "name": "Lakes Community Health Center",
        "kind": "cac",
        "street": "220 W 1st St",
        "city": "Duluth",
        "zip_code": "55802",
        "county": "St. Louis",
        "phone": "218-555-0190",
        "email": "coverage@lakeschc.example",
        "website": "https://lakeschc.example.org",
        "hours": "Mon–Thu 9:00–18:00",
        "languages": "English, Somali",
    },
]

# (username or None, type, first, last, agency index or None, city, county, zip, languages)
ASSISTERS = [
    ("broker", "broker", "Grace", "Lindqvist", None, "Minneapolis", "Hennepin", "55401", "English"),
    (None, "broker", "Samuel", "Okafor", None, "Bloomington", "Hennepin", "55420", "English"),
    (None, "broker", "Maria", "Delgado", None, "Rochester", "Olmsted", "55901", "English, Spanish"),
    (None, "broker", "Tom", "Berglund", None, "Saint Cloud", "Stearns", "56301", "English"),
    (
        "navigator",
        "navigator",
        "Nora",
        "Vang",
        0,
        "Saint Paul",
        "Ramsey",
        "55108",
        "English, Hmong",
    ),
    (None, "navigator", "Ahmed", "Hassan", 0, "Saint Paul", "Ramsey", "55104", "English, Somali"),
    (
        None,
        "navigator",
        "Lucia",
        "Ramirez",
        0,
        "Minneapolis",
        "Hennepin",
        "55407",
        "English, Spanish",
    ),
    (None, "navigator", "Peter", "Johnson", 0, "Mankato", "Blue Earth", "56001", "English"),
    ("cac", "cac", "Claire", "Anderson", 1, "Duluth", "St. Louis", "55802", "English"),
    (None, "cac", "Fatima", "Ali", 1, "Duluth", "St. Louis", "55805", "English, Somali"),
    (None, "cac", "Daniel", "Thao", 1, "Hibbing", "St. Louis", "55746", "English, Hmong"),
    (None, "cac", "Emily", "Nelson", 1, "Virginia", "St. Louis", "55792", "English"),
]

FIRST_NAMES = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Elijah",
    "Sophia",
    "James",
    "Isabella",
    "Benjamin",
    "Mia",
    "Lucas",
    "Amelia",
    "Henry",
    "Harper",
    "Alexander",
    "Evelyn",
    "Mateo",
    "Abigail",
    "Ethan",
]
LAST_NAMES = [
    "Johnson",
    "Olson",
    "Peterson",
    "Larson",
    "Nguyen",
    "Garcia",
    "Mohamed",
    "Xiong",
    "Hanson",
    "Schmidt",
    "Lee",
    "Martinez",
    "Yang",
    "Carlson",
    "Her",
    "Lopez",
    "Swanson",
    "Hernandez",
]
STREETS = ["Grand Ave", "Lake St", "University Ave", "Main St", "Summit Ave", "Cedar Ave"]


# The answers every person is asked that change nothing for most.


def seed():
    """Create the demo data unless it is already there; return whether anything was created."""
    # Plans load on their own, so a demo seeded before there were plans gets them too.
    plans_added = plan_data.load_plans(SYSTEM, latest_plan_year()).added
    if User.select().where(User.username == "staff").exists():
        return plans_added
    rng = random.Random(2026)
    with database.atomic():
        staff = accounts.create_user(
            SYSTEM, "staff", "staff@assister-portal.test", "Sam Staff", "staff", PASSWORD
        )
        staff_actor = replace(SYSTEM, user=staff)
        made_agencies = [agencies.create_agency(staff_actor, values) for values in AGENCIES]
        made_assisters = [_assister(staff_actor, rng, row, made_agencies) for row in ASSISTERS]
        directory(staff_actor, made_agencies, made_assisters, PASSWORD)
        certification(staff_actor, made_agencies[0], PASSWORD, standing.minnesota_today())
        made_consumers = [
            _consumer_with_associations(staff_actor, rng, number, made_assisters)
            for number in range(40)
        ]
        draft_application(made_consumers[0], made_assisters)
        ready_to_enroll(made_consumers[1], made_assisters[0])
        mixed_status_family(made_consumers[39], made_assisters[4])
        zero_cost_sharing(made_consumers[38], made_assisters[0])
        reported_new_baby(made_consumers[37], made_assisters[4])
        minnesotacare_couple(made_consumers[36], made_assisters[4])
        premium_history(made_consumers[36], staff_actor, date.today())
    return True


def _assister(staff_actor, rng, row, made_agencies):
    username, kind, first, last, agency_index, city, county, zip_code, languages = row
    user = None
    if username:
        user = accounts.create_user(
            SYSTEM,
            username,
            f"{username}@assister-portal.test",
            f"{first} {last}",
            "assister",
            PASSWORD,
        )
    certified_on = date.today() - timedelta(days=rng.randint(30, 300))
    years = 2
    if username == RENEWING:
        # Her year ends 60 days from now: renewal is open (S8).
        certified_on, years = date.today() - timedelta(days=305), 1
    return assisters.create_assister(
        staff_actor,
        {
            "user": user,
            "assister_type": kind,
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}@assisters.example".lower(),
            "phone": f"612-555-{rng.randint(100, 999):04d}",
            "street": f"{rng.randint(100, 9999)} {rng.choice(STREETS)}",
            "city": city,
            "state": "MN",
            "zip_code": zip_code,
            "county": county,
            "languages": languages,
            "agency": made_agencies[agency_index] if agency_index is not None else None,
            "license_number": f"MN-{rng.randint(10000000, 99999999)}" if kind == "broker" else None,
            **certified_and_trained(kind, certified_on, years),
        },
    )


def _consumer_with_associations(staff_actor, rng, number, made_assisters):
    first, last = FIRST_NAMES[number % len(FIRST_NAMES)], rng.choice(LAST_NAMES)
    username = "consumer" if number == 0 else f"consumer{number:02d}"
    user = accounts.create_user(
        SYSTEM, username, f"{username}@consumers.example", f"{first} {last}", "consumer", PASSWORD
    )
    consumer = consumers.create_consumer(
        staff_actor,
        {
            "user": user,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@consumers.example",
            "phone": f"763-555-{rng.randint(1000, 9999)}",
            "date_of_birth": date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            "preferred_language": _contact_language(rng, number),
        },
    )
    if consumer.preferred_language == "Spanish":
        # Their pages, mail and notices in Spanish (S13), as migration 041 did for such records.
        accounts.set_language(user, "es")
    consumer_actor = replace(SYSTEM, user=user, ip="127.0.0.1", user_agent="demo seed")
    # The first assister of each type (the demo sign-ins) gets most clients, in every status.
    for kind_index in rng.sample(range(3), k=rng.randint(0, 3)):
        assister = made_assisters[kind_index * 4 + (0 if rng.random() < 0.7 else rng.randint(1, 3))]
        association = associations.associate(consumer_actor, consumer, assister)
        fate = rng.random()
        if fate < 0.4:
            assister_actor = replace(SYSTEM, user=assister.user)
            associations.record_first_opening(assister_actor, association)
            if assister.user is not None:
                # Opened clients' notices so far are read: the work queue's "Unread notices"
                # then lists the clients sent a notice since (their applications, below).
                _read_notices(assister.user, association)
        elif fate < 0.55:
            associations.end_association(consumer_actor, association, "Removed by consumer")
        elif fate < 0.6:
            associations.end_association(
                staff_actor, association, "Assister asked the Broker Line to end it"
            )
    return consumer


def _contact_language(rng, number):
    """A third of the consumers speak Spanish; `consumer` and `consumer01`, whose tours the
    README tells in English, never. Drawn for every consumer, so the rest of the seed is the
    same whoever speaks what."""
    drawn = rng.choice(["English", "English", "Spanish"])
    return "English" if number < 2 else drawn


def _read_notices(user, association):
    for notice in notices.for_reader(association.consumer, user):
        notices.mark_read(user, notice, association)
