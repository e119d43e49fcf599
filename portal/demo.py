"""Demo data for `make run`: a staff user, two agencies, 12 assisters, 40 consumers, associations.

Everything goes through the services, as a real user's actions would, so the demo's audit log and
rules are the product's own.
"""

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from db import database
from db.accounts import User
from db.applications import Application
from portal.actors import SYSTEM
from portal.rules import latest_plan_year
from portal.services import (
    accounts,
    agencies,
    applications,
    assisters,
    associations,
    consumers,
    plan_data,
    submission,
)

PASSWORD = "demo passphrase 2026"
SIGN_INS = [
    ("staff", "staff", PASSWORD),
    ("broker", "assister", PASSWORD),
    ("navigator", "assister", PASSWORD),
    ("cac", "assister", PASSWORD),
    ("consumer", "consumer", PASSWORD),
]

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
        "hours": "Mon–Fri 8:00–17:00, Sat 9:00–13:00",
        "languages": "English, Spanish, Hmong",
    },
    {
        "name": "Lakes Community Health Center",
        "kind": "cac",
        "street": "220 W 1st St",
        "city": "Duluth",
        "zip_code": "55802",
        "county": "Saint Louis",
        "phone": "218-555-0190",
        "email": "coverage@lakeschc.example",
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
    ("cac", "cac", "Claire", "Anderson", 1, "Duluth", "Saint Louis", "55802", "English"),
    (None, "cac", "Fatima", "Ali", 1, "Duluth", "Saint Louis", "55805", "English, Somali"),
    (None, "cac", "Daniel", "Thao", 1, "Hibbing", "Saint Louis", "55746", "English, Hmong"),
    (None, "cac", "Emily", "Nelson", 1, "Virginia", "Saint Louis", "55792", "English"),
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
NOTHING_SPECIAL = {"american_indian": False, "incarcerated": False}
NO_COVERAGE = {
    "has_medicare": False, "has_other_public_coverage": False, "employer_offer": False,
    "employer_premium_monthly": None,
}


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
        made_consumers = [
            _consumer_with_associations(staff_actor, rng, number, made_assisters)
            for number in range(40)
        ]
        _draft_application(made_consumers[0], made_assisters)
        _ready_to_enroll(made_consumers[1], made_assisters[0])
        _mixed_status_family(made_consumers[39], made_assisters[4])
        _zero_cost_sharing(made_consumers[38], made_assisters[0])
    return True


def _draft_application(consumer, made_assisters):
    """The demo consumer has the demo navigator and broker, and an application they started and
    left at Income (Resume application) — with themselves and a child in the household."""
    consumer_actor = _acting(consumer)
    for assister in (made_assisters[0], made_assisters[4]):  # the demo broker and navigator
        _assisted_by(consumer, assister)
    application = applications.start(consumer_actor, consumer)
    primary = applications.members(application)[0]
    contact = applications.StepChanges(
        # A working-age parent, whatever the random birth date on the account.
        member_fields={primary.id: {"date_of_birth": date(1988, 4, 12)}},
        application_fields={
            "street": "1450 Grand Ave", "city": "Saint Paul", "zip_code": "55105",
            "county": "Ramsey", "phone": consumer.phone, "email": consumer.email,
        },
    )
    application = applications.save_step(consumer_actor, application, "contact", 1, contact)
    household = applications.StepChanges(
        member_fields={
            primary.id: {"applying": True, "tax_filing": "filer", "pregnant": False,
                         "immigration_status": "citizen", **NOTHING_SPECIAL},
        },
        new_members=({
            "first_name": "Maya", "last_name": consumer.last_name,
            "date_of_birth": date(2016, 6, 9), "relationship": "child", "applying": True,
            "tax_filing": "dependent", "pregnant": False, "immigration_status": "citizen",
            "former_foster_care": False, **NOTHING_SPECIAL,
        },),
    )
    applications.save_step(
        consumer_actor, application, "household", application.version, household, leave=True
    )


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
            "certified_on": certified_on,
            "certification_expires_on": certified_on + timedelta(days=365 * 2),
            "is_active": True,
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
            "preferred_language": rng.choice(["English", "English", "Spanish"]),
        },
    )
    consumer_actor = replace(SYSTEM, user=user, ip="127.0.0.1", user_agent="demo seed")
    # The first assister of each type (the demo sign-ins) gets most clients, in every status.
    for kind_index in rng.sample(range(3), k=rng.randint(0, 3)):
        assister = made_assisters[kind_index * 4 + (0 if rng.random() < 0.7 else rng.randint(1, 3))]
        association = associations.associate(consumer_actor, consumer, assister)
        fate = rng.random()
        if fate < 0.4:
            assister_actor = replace(SYSTEM, user=assister.user)
            associations.record_first_opening(assister_actor, association)
        elif fate < 0.55:
            associations.end_association(consumer_actor, association, "Removed by consumer")
        elif fate < 0.6:
            associations.end_association(
                staff_actor, association, "Assister asked the Broker Line to end it"
            )
    return consumer


def _acting(consumer):
    return replace(SYSTEM, user=consumer.user, ip="127.0.0.1", user_agent="demo seed")


def _assisted_by(consumer, assister):
    """The consumer authorized the assister (replacing one of the same type), who has opened
    the client's record."""
    if any(a.assister_id == assister.id for a in associations.current_for_consumer(consumer)):
        return
    association = associations.associate(_acting(consumer), consumer, assister, replace=True)
    associations.record_first_opening(replace(SYSTEM, user=assister.user), association)


def _submit(consumer, steps):
    """The consumer's application with `steps(primary member)` saved in order, signed and
    submitted. A step's changes may be a function of the household's members as saved by then."""
    consumer_actor = _acting(consumer)
    application = applications.start(consumer_actor, consumer)
    for step, changes in steps(applications.members(application)[0]).items():
        if callable(changes):
            changes = changes(applications.members(application))
        application = applications.save_step(
            consumer_actor, application, step, application.version, changes
        )
    submission.view_rights(consumer_actor, application)
    submission.submit(
        consumer_actor,
        Application.get_by_id(application.id),
        application.version,
        submission.Signature(signed_name=consumer.full_name, attested=True),
    )


def _ready_to_enroll(consumer, broker):
    """consumer01 authorized the demo broker and submitted an application that makes them
    eligible for a plan with premium tax credit: the broker can choose Enroll in a plan. As a
    lawfully present immigrant, they are asked for proof of status (Verification deadlines)."""
    _assisted_by(consumer, broker)
    # $3,300 a month: about 253% of the guideline, a plan with premium tax credit.
    _single_adult(
        consumer, date(1990, 9, 3), ("220 Main St", "Rochester", "55901", "Olmsted"),
        Decimal("3300.00"), immigration_status="lawfully_present",
    )


def _zero_cost_sharing(consumer, broker):
    """consumer38 and the demo broker: an American Indian adult at about 287% of the guideline,
    with the premium tax credit and zero cost sharing, so every plan in the shop shows no
    deductible and no out-of-pocket costs."""
    _assisted_by(consumer, broker)
    _single_adult(
        consumer, date(1988, 6, 21), ("412 Paul Bunyan Dr NW", "Bemidji", "56601", "Beltrami"),
        Decimal("3750.00"), immigration_status="citizen", american_indian=True,
    )


def _single_adult(consumer, born, address, monthly_income, **answers):
    """A submitted application of one adult filing alone, with no other coverage."""
    street, city, zip_code, county = address
    _submit(consumer, lambda primary: {
        "contact": applications.StepChanges(
            member_fields={primary.id: {"date_of_birth": born}},
            application_fields={
                "street": street, "city": city, "zip_code": zip_code,
                "county": county, "phone": consumer.phone, "email": consumer.email,
            },
        ),
        "household": applications.StepChanges(member_fields={primary.id: {
            "applying": True, "tax_filing": "filer", "pregnant": False,
            **NOTHING_SPECIAL, **answers,
        }}),
        "income": applications.StepChanges(member_fields={primary.id: {
            "income_amount": monthly_income, "income_frequency": "monthly",
            "deductions_yearly": Decimal("0.00"),
        }}),
        "coverage": applications.StepChanges(member_fields={primary.id: NO_COVERAGE}),
        "summary": applications.StepChanges(),
    })


def _mixed_status_family(consumer, navigator):
    """consumer39 (clear of the benchmark's consumers) and the demo navigator: a submitted
    application whose Results show the rules for mixed households. The parent has been a
    permanent resident for two years (within the five-year bar for Medical Assistance), files
    jointly with a spouse whose job offers a plan that is affordable for the employee alone
    but not with the family, and claims a 16-year-old whose part-time job earns under the
    filing threshold."""
    _assisted_by(consumer, navigator)
    today = date.today()
    teen_born = date(today.year - 16, 3, 14)
    joint = {"applying": True, "tax_filing": "joint", "pregnant": False, **NOTHING_SPECIAL}
    _submit(consumer, lambda primary: {
        "contact": applications.StepChanges(
            member_fields={primary.id: {"date_of_birth": date(1986, 11, 20)}},
            application_fields={
                "street": "2910 Bloomington Ave", "city": "Minneapolis", "zip_code": "55407",
                "county": "Hennepin", "phone": consumer.phone, "email": consumer.email,
            },
        ),
        "household": applications.StepChanges(
            member_fields={primary.id: {
                **joint, "immigration_status": "permanent_resident",
                "status_since": today - timedelta(days=2 * 365),
            }},
            new_members=(
                {"first_name": "Rosa", "last_name": consumer.last_name,
                 "date_of_birth": date(1984, 2, 2), "relationship": "spouse",
                 "immigration_status": "citizen", **joint},
                {"first_name": "Sofia", "last_name": consumer.last_name,
                 "date_of_birth": teen_born, "relationship": "child", "applying": True,
                 "tax_filing": "dependent", "pregnant": False, "immigration_status": "citizen",
                 "former_foster_care": False, **NOTHING_SPECIAL},
            ),
        ),
        "income": lambda members: applications.StepChanges(member_fields={
            member.id: {"deductions_yearly": Decimal("0.00"), **income}
            for member, income in zip(members, (
                {"income_amount": Decimal("2100.00"), "income_frequency": "monthly"},
                {"income_amount": Decimal("1650.00"), "income_frequency": "monthly"},
                # A summer and weekend job: well under a dependent's filing threshold.
                {"income_amount": Decimal("350.00"), "income_frequency": "monthly",
                 "income_from_work": True},
            ), strict=True)
        }),
        "coverage": lambda members: applications.StepChanges(member_fields={
            member.id: NO_COVERAGE | offer
            for member, offer in zip(members, (
                {},
                {"employer_offer": True, "employer_premium_monthly": Decimal("95.00"),
                 "employer_offer_minimum_value": True,
                 "employer_family_premium_monthly": Decimal("640.00")},
                {},
            ), strict=True)
        }),
        "summary": applications.StepChanges(),
    })
