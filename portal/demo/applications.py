"""The demo's applications: a draft to resume, a client ready to enroll (who sent a document
as "other"), a mixed-status family, a client with zero cost sharing, a reported change and a
MinnesotaCare couple, each saved through the wizard's own services."""

import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app

from db.applications import Application
from portal.actors import SYSTEM
from portal.services import (
    applications,
    associations,
    changes,
    documents,
    submission,
)

NOTHING_SPECIAL = {"american_indian": False, "incarcerated": False}
NO_COVERAGE = {
    "has_medicare": False, "has_other_public_coverage": False, "employer_offer": False,
    "employer_premium_monthly": None,
}


def draft_application(consumer, made_assisters):
    """The demo consumer has the demo navigator and broker, and an application they started and
    left at Income (Resume application) — with themselves and a child in the household."""
    consumer_actor = acting(consumer)
    for assister in (made_assisters[0], made_assisters[4]):  # the demo broker and navigator
        assisted_by(consumer, assister)
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


def acting(consumer):
    return replace(SYSTEM, user=consumer.user, ip="127.0.0.1", user_agent="demo seed")


def assisted_by(consumer, assister):
    """The consumer authorized the assister (replacing one of the same type), who has opened
    the client's record."""
    if any(a.assister_id == assister.id for a in associations.current_for_consumer(consumer)):
        return
    association = associations.associate(acting(consumer), consumer, assister, replace=True)
    associations.record_first_opening(replace(SYSTEM, user=assister.user), association)


def _submit(consumer, steps):
    """The consumer's application with `steps(primary member)` saved in order, signed and
    submitted. A step's changes may be a function of the household's members as saved by then."""
    application = applications.start(acting(consumer), consumer)
    _sign(consumer, application, steps(applications.members(application)[0]))


def _sign(consumer, application, steps):
    """Save `steps` in order (a step's changes may be a function of the household's members as
    saved by then), then read the rights, sign and submit."""
    consumer_actor = acting(consumer)
    for step, answers in steps.items():
        if callable(answers):
            answers = answers(applications.members(application))
        application = applications.save_step(
            consumer_actor, application, step, application.version, answers
        )
    submission.view_rights(consumer_actor, application)
    submission.submit(
        consumer_actor,
        Application.get_by_id(application.id),
        application.version,
        submission.Signature(signed_name=consumer.full_name, attested=True),
    )


def ready_to_enroll(consumer, broker):
    """consumer01 authorized the demo broker and submitted an application that makes them
    eligible for a plan with premium tax credit: the broker can choose Enroll in a plan. As a
    lawfully present immigrant, they are asked for proof of status (Verification deadlines).
    They also sent their pay stubs as "other" (Documents to review)."""
    assisted_by(consumer, broker)
    # $3,300 a month: about 253% of the guideline, a plan with premium tax credit.
    _single_adult(
        consumer, date(1990, 9, 3), ("220 Main St", "Rochester", "55901", "Olmsted"),
        Decimal("3300.00"), immigration_status="lawfully_present",
    )
    stub = one_page_pdf(f"Pay stub: {consumer.full_name}, gross pay $3,300.00 a month")
    documents.upload_other(
        acting(consumer), consumer, "income", "Pay stubs from my job, for the income I gave",
        [("pay stub.pdf", io.BytesIO(stub))], current_app.config["DOCUMENTS_DIR"],
    )


def one_page_pdf(line):
    """A PDF of one page showing `line`, with the cross-reference table a reader expects."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources <</Font <</F1 5 0 R>>>>>>",
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return pdf + (
        b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<</Size %d /Root 1 0 R>>\n"
        b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table, len(objects) + 1, len(pdf))
    )


def zero_cost_sharing(consumer, broker):
    """consumer38 and the demo broker: an American Indian adult at about 287% of the guideline,
    with the premium tax credit and zero cost sharing, so every plan in the shop shows no
    deductible and no out-of-pocket costs."""
    assisted_by(consumer, broker)
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


def mixed_status_family(consumer, navigator):
    """consumer39 (clear of the benchmark's consumers) and the demo navigator: a submitted
    application whose Results show the rules for mixed households. The parent has been a
    permanent resident for two years (within the five-year bar for Medical Assistance), files
    jointly with a spouse whose job offers a plan that is affordable for the employee alone
    but not with the family, and claims a 16-year-old whose part-time job earns under the
    filing threshold."""
    assisted_by(consumer, navigator)
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


def reported_new_baby(consumer, navigator):
    """consumer37 and the demo navigator: a single parent at about 230% of the guideline, with
    the premium tax credit, who then reported a baby born at the start of this month. Results
    show the case's version 2, What changed (the baby: Medical Assistance) and version 1 kept."""
    assisted_by(consumer, navigator)
    _single_adult(
        consumer, date(1994, 4, 9), ("77 Fourth St S", "Moorhead", "56560", "Clay"),
        Decimal("3000.00"), immigration_status="citizen",
    )
    consumer_actor = acting(consumer)
    born = date.today().replace(day=1)
    change = changes.start(consumer_actor, consumer)
    steps = {
        "contact": applications.StepChanges(changed_on=born),
        "household": applications.StepChanges(new_members=({
            "first_name": "Maya", "last_name": consumer.last_name, "date_of_birth": born,
            "relationship": "child", "applying": True, "tax_filing": "dependent",
            "pregnant": False, "immigration_status": "citizen", "former_foster_care": False,
            **NOTHING_SPECIAL,
        },)),
        "income": lambda members: applications.StepChanges(member_fields={
            members[1].id: {"income_amount": Decimal("0.00"), "income_frequency": "monthly",
                            "deductions_yearly": Decimal("0.00")},
        }),
        "coverage": lambda members: applications.StepChanges(
            member_fields={member.id: NO_COVERAGE for member in members}
        ),
        "summary": applications.StepChanges(),
    }
    _sign(consumer, change, steps)


def minnesotacare_couple(consumer, navigator):
    """consumer36 and the demo navigator: a married couple in Duluth filing jointly on $3,000 a
    month (about 166% of the guideline for two), both on MinnesotaCare at $44 a month each."""
    assisted_by(consumer, navigator)
    joint = {"applying": True, "tax_filing": "joint", "pregnant": False,
             "immigration_status": "citizen", **NOTHING_SPECIAL}
    _submit(consumer, lambda primary: {
        "contact": applications.StepChanges(
            member_fields={primary.id: {"date_of_birth": date(1979, 8, 30)}},
            application_fields={
                "street": "618 E 4th St", "city": "Duluth", "zip_code": "55805",
                "county": "St. Louis", "phone": consumer.phone, "email": consumer.email,
            },
        ),
        "household": applications.StepChanges(
            member_fields={primary.id: joint},
            new_members=({"first_name": "Jonas", "last_name": consumer.last_name,
                          "date_of_birth": date(1977, 1, 15), "relationship": "spouse",
                          **joint},),
        ),
        "income": lambda members: applications.StepChanges(member_fields={
            member.id: {"income_amount": amount, "income_frequency": "monthly",
                        "deductions_yearly": Decimal("0.00")}
            for member, amount in zip(members, (Decimal("1800.00"), Decimal("1200.00")),
                                      strict=True)
        }),
        "coverage": lambda members: applications.StepChanges(
            member_fields={member.id: NO_COVERAGE for member in members}
        ),
        "summary": applications.StepChanges(),
    })
