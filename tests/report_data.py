"""A hand-built data set for the staff reports (tests/services/test_reports.py and
tests/admin/test_reports.py): rows at chosen times, written as the services write them, so
every count a report shows is known here.

The period asked for is January to June 2025. Times are UTC; Minnesota is six hours behind in
winter, five in summer.
"""

from datetime import date, datetime
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

from db.applications import Application
from db.associations import Association, AuthorizationText
from db.cases import Case
from db.enrollments import Enrollment
from db.plans import Carrier, Plan
from tests import factories

PERIOD = {"from": "2025-01", "to": "2025-06"}
_numbers = count(1)


def build():
    staff = factories.staff()
    ramsey = factories.agency(name="Ramsey Navigators", county="Ramsey")
    duluth = factories.agency(name="Duluth Helpers", county="St. Louis")
    nav_a = factories.assister("navigator", agency=ramsey, last_name="Alpha")
    nav_b = factories.assister("navigator", agency=ramsey, last_name="Bravo")
    nav_c = factories.assister("navigator", agency=duluth, last_name="Charlie")
    cac = factories.assister("cac", agency=factories.agency(kind="cac"), last_name="Counselor")
    broker = factories.assister("broker", last_name="Broker", license_number="=LIC-1")
    idle_broker = factories.assister("broker", last_name="Idle")
    plan = _plan()
    made = SimpleNamespace(staff=staff, ramsey=ramsey, duluth=duluth, nav_a=nav_a, nav_b=nav_b,
                           nav_c=nav_c, cac=cac, broker=broker, idle_broker=idle_broker,
                           plan=plan)

    # 1. Starts and ends within January 2025, removed by the consumer.
    one = _consumer(staff, "Ramsey", "One", submitted=datetime(2025, 1, 9, 18))
    _association(one, nav_a, datetime(2025, 1, 10, 15), ended=datetime(2025, 1, 20, 15),
                 ended_by="consumer", reason="Removed by consumer")
    # 2. Confirmed on February 1 at 05:00 UTC: January 31, 11 p.m. in Minnesota (January).
    #    Enrollment started under navigator A; A replaced by B on March 5; the enrollment
    #    confirmed on March 10 counts for B.
    two = _consumer(staff, "Ramsey", "Two", submitted=datetime(2025, 2, 2, 18))
    replaced = _association(two, nav_a, datetime(2025, 2, 1, 5),
                            ended=datetime(2025, 3, 5, 16), ended_by="consumer",
                            reason="Replaced by consumer")
    replacing = _association(two, nav_b, datetime(2025, 3, 5, 16))
    made.two_enrollment = _enrollment(two, plan, replacing, datetime(2025, 3, 10, 17),
                                      started=datetime(2025, 2, 15, 17))
    made.replaced = replaced
    # 3. A broker's client since before the period: enrolled in April, Agent of Record.
    three = _consumer(staff, "Hennepin", "Three", submitted=datetime(2025, 4, 1, 15),
                      first_name="=Formula")
    broker_link = _association(three, broker, datetime(2024, 12, 1, 15))
    made.aor_enrollment = _enrollment(three, plan, broker_link, datetime(2025, 4, 2, 15))
    # 4. Navigator C's client, enrolled in August: outside the period.
    four = _consumer(staff, "St. Louis", "Four", submitted=datetime(2025, 1, 4, 15))
    four_link = _association(four, nav_c, datetime(2025, 1, 5, 15))
    _enrollment(four, plan, four_link, datetime(2025, 8, 1, 15))
    # 5. No assister at all: applied and enrolled alone in May.
    five = _consumer(staff, "Hennepin", "Five", submitted=datetime(2025, 5, 1, 15))
    _enrollment(five, plan, None, datetime(2025, 5, 5, 15))
    # 6. A CAC's client, enrolled in February; their authorization ended by the system in June.
    six = _consumer(staff, "Ramsey", "Six", submitted=datetime(2025, 2, 10, 15), helped=True)
    six_link = _association(six, cac, datetime(2025, 2, 1, 15), ended=datetime(2025, 6, 30, 4),
                            ended_by="system", reason="Authorization expired")
    _enrollment(six, plan, six_link, datetime(2025, 2, 20, 15))
    # 7. Navigator C's client since January enrolls alone in June: counts for C all the same.
    seven = _consumer(staff, "St. Louis", "Seven", submitted=datetime(2025, 6, 1, 15))
    _association(seven, nav_c, datetime(2025, 1, 6, 15))
    _enrollment(seven, plan, None, datetime(2025, 6, 10, 15))
    made.consumers = (one, two, three, four, five, six, seven)
    return made


def _plan():
    carrier = Carrier.create(name="Report Health", short_name="Report", phone="800-555-0100",
                             website="https://carrier.example")
    money = Decimal("10.00")
    return Plan.create(
        plan_year=2025, carrier=carrier, plan_code="RPT001", name="Report Silver",
        metal_level="silver", network_type="HMO", rating_area=1, base_premium_age21=money,
        deductible=money, oop_max=money, primary_care_copay=money, specialist_copay=money,
        generic_drug_copay=money, emergency_copay=money,
    )


def _consumer(staff, county, last_name, submitted, first_name="Carl", helped=False):
    consumer = factories.consumer(with_account=False, first_name=first_name,
                                  last_name=last_name)
    consumer.application = Application.create(
        consumer=consumer, plan_year=2025, status="submitted", county=county,
        submitted_at=submitted, created_by=staff,
    )
    consumer.helped = helped
    consumer.case = Case.create(consumer=consumer, application=consumer.application,
                                case_number=f"R{next(_numbers):08d}")
    return consumer


def _association(consumer, assister, confirmed, ended=None, ended_by=None, reason=None):
    kind = "agent_of_record" if assister.assister_type == "broker" else "assister_authorization"
    text = AuthorizationText.get(kind=kind, language="en", version=1)
    association = Association.create(
        consumer=consumer, assister=assister, assister_type=assister.assister_type,
        status="ended" if ended else "in_progress", requested_at=confirmed,
        confirmed_at=confirmed, authorization_text=text, expires_on=date(2026, 12, 31),
        ended_at=ended, ended_by_role=ended_by, end_reason=reason,
    )
    if consumer.helped:
        Application.update(assisted_by=association).where(
            Application.id == consumer.application.id).execute()
    return association


def _enrollment(consumer, plan, association, enrolled, started=None):
    broker = association is not None and association.assister_type == "broker"
    return Enrollment.create(
        consumer=consumer, case=consumer.case, plan_year=2025, status="enrolled",
        current_step="signature", plan=plan, association=association,
        agent_of_record=association.assister_id if broker else None,
        confirmation_number=f"E{next(_numbers):09d}", enrolled_at=enrolled,
        created_by=consumer.application.created_by, created_at=started or enrolled,
    )
