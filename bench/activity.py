"""What a state's consumers and assisters did over two years, for the admin benchmark and the
staff reports (issue 28): marketplace staff, applications and cases, enrollments, assisters'
certification periods, and an audit log of several million rows.

Made from the consumers and associations bench/generate.py loaded (consumer i has association
i), read back from the database, so a data set made before this module existed gains these
rows on `bench.generate --reuse` instead of being rebuilt. The consumer's application and
enrollment statuses (generate's CaseMaker) decide what each has: 40 % submitted an application
(a case each), 70 % of those enrolled, 5 % rescinded, 20 % have one in progress.
"""

import random
from datetime import date, datetime, timedelta

from tqdm import tqdm

from db import database
from portal.actors import SYSTEM
from portal.services import accounts, plan_data, reference_numbers

STAFF_USERNAME = "bench_staff"
STAFF_PASSWORD = "bench staff passphrase 2026"
STAFF_EMAIL = "bench.staff@bench.example"
STAFF_COUNT = 40
# The consumer the audit log is filtered by in bench/admin.py: the one in the middle of the
# table, with BUSY_EVENTS entries (a household helped over many visits).
BUSY_EVENTS = 200
PLAN_YEAR = 2026
CHUNK = 50_000

USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
)
APPLICATION_STEPS = ("contact", "household", "income", "coverage", "summary", "signature")
VIEWS = ("Client Details", "application", "application results", "enrollment", "notices")

AUDIT_COLS = (
    "id at actor_id actor_role on_behalf_of_id action object_type object_id ip user_agent detail"
)
APPLICATION_COLS = (
    "id consumer_id plan_year status version current_step completed_steps street city "
    "zip_code county phone email signed_name signed_by_id signed_at assisted_by_id "
    "assister_organization created_by_id created_at updated_at submitted_at rescinded_by_id "
    "rescinded_at rescind_reason"
)
CASE_COLS = "id consumer_id application_id case_number status association_id created_at"
ENROLLMENT_COLS = (
    "id consumer_id case_id plan_year status version current_step completed_steps "
    "privacy_agreed_by_id privacy_agreed_at plan_id aptc_choice premium_monthly "
    "aptc_applied_monthly net_premium_monthly tax_filer_statements_agreed signed_name "
    "signed_by_id signed_at association_id agent_of_record_id confirmation_number "
    "created_by_id created_at updated_at enrolled_at chose_own_plan_attested"
)
CERTIFICATION_COLS = (
    "id assister_id kind starts_on expires_on status license_number license_expires_on "
    "requested_at decided_at decided_by_id"
)

CONSUMERS = (
    "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.created_at, "
    "c.application_status, c.enrollment_status, c.home_address, a.id, a.assister_id, "
    "a.assister_type, a.requested_at, a.confirmed_at, a.first_opened_at, a.ended_at, "
    "s.agency_id FROM consumer c JOIN association a ON a.consumer_id = c.id "
    "JOIN assister s ON s.id = a.assister_id WHERE c.id >= {p} AND c.id < {p} ORDER BY c.id"
)


def has_activity():
    """Whether the data set already holds these rows (its staff sign-in is the mark)."""
    return database.execute_sql(
        "SELECT 1 FROM user_account WHERE username = 'bench_staff'"
    ).fetchone() is not None


def load_activity(loader, seed, counties, now):
    """Staff, certifications, applications, cases, enrollments and the audit log; the big
    tables' indexes dropped during the load and rebuilt after (dbload.Loader)."""
    rng = random.Random(seed + 28)
    staff = load_staff(loader, now)
    load_certifications(loader, rng, staff, now)
    plans = load_plans(now)
    consumers = database.execute_sql("SELECT MAX(id) FROM consumer").fetchone()[0]
    maker = Activity(rng, staff, plans, counties, now, busy=busy_consumer())
    tables = ("audit_event", "application", "eligibility_case", "enrollment")
    with loader.without_indexes(*tables):
        bar = tqdm(total=consumers, unit="consumer", unit_scale=True, desc="activity")
        with database.atomic():
            for start in range(1, consumers + 1, CHUNK):
                rows = database.execute_sql(
                    CONSUMERS.format(p=database.param), (start, start + CHUNK)
                ).fetchall()
                out = maker.chunk(rows)
                for table, cols in (
                    ("application", APPLICATION_COLS),
                    ("eligibility_case", CASE_COLS),
                    ("enrollment", ENROLLMENT_COLS),
                    ("audit_event", AUDIT_COLS),
                ):
                    loader.put(table, cols, out[table])
                bar.update(len(rows))
        bar.close()
    loader.fix_sequences(
        "user_account", "certification", "application", "eligibility_case", "enrollment",
        "audit_event",
    )
    print(
        f"activity: {maker.counts['application']:,} applications, "
        f"{maker.counts['eligibility_case']:,} cases, {maker.counts['enrollment']:,} "
        f"enrollments, {maker.counts['audit_event']:,} audit rows"
    )


def busy_consumer():
    """The consumer with BUSY_EVENTS audit rows: the one in the middle of the table."""
    return (database.execute_sql("SELECT MAX(id) FROM consumer").fetchone()[0] + 1) // 2


def load_staff(loader, now):
    """STAFF_COUNT marketplace staff, the first of them the benchmark's (MFA by email)."""
    first = database.execute_sql("SELECT MAX(id) FROM user_account").fetchone()[0] + 1
    bench_hash = accounts.hash_password(STAFF_PASSWORD)
    shared = accounts.hash_password("bench shared staff password never used 2026")
    rows = []
    for i in range(STAFF_COUNT):
        username = STAFF_USERNAME if i == 0 else f"bench_staff_{i:02d}"
        email = STAFF_EMAIL if i == 0 else f"{username}@bench.example"
        since = str(now - timedelta(days=800))
        rows.append((
            first + i, username, email, f"Staff Member {i:02d}", "staff",
            bench_hash if i == 0 else shared, 1, since, since, "email", email, since, "en",
        ))
    loader.insert(
        "user_account",
        "id username email full_name role password_hash is_active created_at email_verified_at "
        "mfa_mode mfa_email mfa_registered_at language",
        rows,
        len(rows),
    )
    return [row[0] for row in rows]


def load_certifications(loader, rng, staff, now):
    """Each assister's confirmed period that runs now (their certified_on to expiry); one in
    three certified over a year ago had a period before it; those expiring within 90 days have
    applied to renew half the time (waiting for a decision)."""
    assisters = database.execute_sql(
        "SELECT id, license_number, certified_on, certification_expires_on "
        "FROM assister ORDER BY id"
    ).fetchall()
    today = now.date()
    rows = []

    def add(assister, kind, starts, expires, status, license_number, decided):
        requested = decided - timedelta(days=rng.randint(1, 20)) if decided else now
        rows.append((
            len(rows) + 1, assister, kind, str(starts), str(expires), status, license_number,
            str(expires + timedelta(days=365)) if license_number else None,
            str(requested), str(decided) if decided else None,
            rng.choice(staff) if decided else None,
        ))

    for assister, license_number, certified, expires in assisters:
        certified, expires = _date(certified), _date(expires)
        decided = _noon(certified)
        if (today - certified).days > 365 and rng.random() < 1 / 3:
            add(assister, "initial", certified - timedelta(days=730), certified, "confirmed",
                license_number, _noon(certified - timedelta(days=730)))
            add(assister, "renewal", certified, expires, "confirmed", license_number, decided)
        else:
            add(assister, "initial", certified, expires, "confirmed", license_number, decided)
        if (expires - today).days <= 90 and rng.random() < 0.5:
            add(assister, "renewal", expires, expires + timedelta(days=730), "pending",
                license_number, None)
    with loader.without_indexes("certification"):
        loader.insert("certification", CERTIFICATION_COLS, rows, len(rows))


def load_plans(now):
    """The plan year's carriers and plans (the portal's own loader), with their premiums."""
    if not database.execute_sql("SELECT 1 FROM plan LIMIT 1").fetchone():
        plan_data.load_plans(SYSTEM, PLAN_YEAR)
    return database.execute_sql(
        f"SELECT id, base_premium_age21 FROM plan WHERE plan_year = {PLAN_YEAR}"  # noqa: S608
    ).fetchall()


class Activity:
    """The rows of each chunk of consumers, ids continuing from what the tables hold."""

    TABLES = ("application", "eligibility_case", "enrollment", "audit_event")

    def __init__(self, rng, staff, plans, counties, now, busy):
        self.rng, self.staff, self.plans, self.counties = rng, staff, plans, counties
        self.now, self.busy = now, busy
        self.staff_ids = set(staff)
        self.counts = dict.fromkeys(self.TABLES, 0)
        self.next_id = {
            table: database.execute_sql(
                f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"'  # noqa: S608 - fixed names
            ).fetchone()[0]
            for table in self.TABLES
        }
        self.numbers = set()

    def chunk(self, rows):
        out = {table: [] for table in self.TABLES}
        for row in rows:
            Household(self, out, row).story()
        for table, made in out.items():
            self.counts[table] += len(made)
        return out

    def new_id(self, table):
        self.next_id[table] += 1
        return self.next_id[table] - 1

    def number(self):
        """A case or confirmation number, as the portal makes them, never twice."""
        number = reference_numbers.new()
        while number in self.numbers:
            number = reference_numbers.new()
        self.numbers.add(number)
        return number

    def between(self, start, end):
        seconds = int((end - start).total_seconds())
        return start + timedelta(seconds=self.rng.randrange(max(seconds, 1)))


class Household:
    """One consumer's two years: their association, the looks at their record, their
    application, case and enrollment, each with its audit rows."""

    def __init__(self, activity, out, row):
        self.a, self.out, self.rng = activity, out, activity.rng
        (self.cid, self.first, self.last, self.email, self.phone, created, self.app_status,
         self.enr_status, self.address, self.association, self.assister, self.kind, requested,
         confirmed, opened, ended, self.agency) = row
        self.created, self.requested, self.confirmed = map(_when, (created, requested, confirmed))
        self.opened, self.ended = _when(opened), _when(ended)
        octets = (self.rng.randint(0, 255), self.rng.randint(0, 255), self.rng.randint(1, 254))
        self.ip = "10.{}.{}.{}".format(*octets)
        self.agent = self.rng.choice(USER_AGENTS)
        self.events = 0

    def event(self, at, actor, action, obj_type=None, obj_id=None, detail=""):
        staff = actor in self.a.staff_ids
        self.out["audit_event"].append((
            self.a.new_id("audit_event"), str(at), actor, "staff" if staff else "assister",
            self.cid, action, obj_type, None if obj_id is None else str(obj_id),
            "10.20.0.15" if staff else self.ip, self.agent, detail,
        ))
        self.events += 1

    def helped_at(self, when):
        """Whether the association was in force at `when`."""
        return self.confirmed <= when and (self.ended is None or self.ended > when)

    def helper(self, when):
        """Who entered it: the assister while associated, else a staff member on the phone
        (the benchmark's consumers have no portal account of their own)."""
        return self.assister if self.helped_at(when) else self.rng.choice(self.a.staff)

    def story(self):
        a, rng, now = self.a, self.rng, self.a.now
        until = self.ended or now
        self.event(self.requested, self.assister, "association.started", "Association",
                   self.association)
        if self.opened:
            self.event(self.opened, self.assister, "association.opened", "Association",
                       self.association)
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            self.event(a.between(self.confirmed, until), self.assister, "client.viewed",
                       "Consumer", self.cid, rng.choice(VIEWS))
        if rng.random() < 0.1:
            self.event(a.between(self.created, now), rng.choice(a.staff), "client.viewed",
                       "Consumer", self.cid, "Consumers record")
        if self.app_status != "not_started":
            self.application()
        if self.ended:
            self.event(self.ended, self.assister, "association.ended", "Association",
                       self.association, "Benchmark data")
        while self.cid == a.busy and self.events < BUSY_EVENTS:
            actor = self.assister if rng.random() < 0.8 else rng.choice(a.staff)
            self.event(a.between(self.created, now), actor, "client.viewed", "Consumer",
                       self.cid, rng.choice(VIEWS))

    def application(self):
        a, rng, now = self.a, self.rng, self.a.now
        app_id = a.new_id("application")
        started = min(self.confirmed + timedelta(minutes=rng.randint(60, 14400)),
                      now - timedelta(hours=3))
        helper = self.helper(started)
        done = self.app_status in ("submitted", "rescinded")
        self.event(started, helper, "application.started", "Application", app_id)
        steps = APPLICATION_STEPS if done else APPLICATION_STEPS[: rng.randint(1, 4)]
        last = started
        for step in steps[: rng.randint(1, 2)]:
            last = a.between(last, min(last + timedelta(days=3), now))
            self.event(last, helper, "application.step_saved", "Application", app_id, step)
        submitted = rescinded = None
        if done:
            submitted = a.between(last, min(last + timedelta(days=7), now))
            helper = self.helper(submitted)
            self.event(submitted, helper, "application.submitted", "Application", app_id)
        if self.app_status == "rescinded":
            rescinded = a.between(submitted, now)
            self.event(rescinded, helper, "application.rescinded", "Application", app_id,
                       "Has coverage through a new job")
        assisted = (
            self.association
            if done and self.kind != "broker" and helper == self.assister
            else None
        )
        street = city = zip_code = county = None
        if self.address:
            street, city, rest = self.address.split(", ")
            zip_code, county = rest.split()[-1], self.a.counties.get(city)
        signed = helper if done else None
        self.out["application"].append((
            app_id, self.cid, PLAN_YEAR, {"in_progress": "draft"}.get(self.app_status,
                                                                      self.app_status),
            1, "signature" if done else steps[-1], " ".join(steps[:-1] if not done else steps),
            street, city, zip_code, county, self.phone, self.email,
            f"{self.first} {self.last}" if done else None, signed,
            str(submitted) if done else None, assisted,
            f"Bench {self.kind.title()} Agency {self.agency:03d}"
            if assisted and self.agency else None,
            helper, str(started), str(rescinded or submitted or last),
            str(submitted) if done else None, helper if rescinded else None,
            str(rescinded) if rescinded else None,
            "Has coverage through a new job" if rescinded else None,
        ))
        if done:
            case_id = a.new_id("eligibility_case")
            self.out["eligibility_case"].append((
                case_id, self.cid, app_id, a.number(),
                "rescinded" if rescinded else "open", assisted, str(submitted),
            ))
            if self.enr_status == "enrolled" and not rescinded:
                self.enrollment(case_id, submitted)

    def enrollment(self, case_id, submitted):
        a, rng, now = self.a, self.rng, self.a.now
        enrolled = a.between(submitted, min(submitted + timedelta(days=20), now))
        current = self.helped_at(enrolled)
        helper = self.helper(enrolled)
        enrollment_id = a.new_id("enrollment")
        started = a.between(submitted, enrolled)
        self.event(started, helper, "enrollment.started", "Enrollment", enrollment_id)
        self.event(enrolled, helper, "enrollment.created", "Enrollment", enrollment_id)
        plan, base = rng.choice(a.plans)
        premium = round(float(base) * rng.uniform(1.0, 2.6), 2)
        credit = round(premium * rng.choice((0, 0.5, 0.8, 0.95)), 2)
        self.out["enrollment"].append((
            enrollment_id, self.cid, case_id, PLAN_YEAR, "enrolled", 1, "signature",
            "privacy plans tax_credit summary signature", helper, str(started), plan,
            "all" if credit else "none", premium, credit, round(premium - credit, 2), 1,
            f"{self.first} {self.last}", helper, str(enrolled),
            self.association if current else None,
            self.assister if current and self.kind == "broker" else None,
            a.number(), helper, str(started), str(enrolled), str(enrolled),
            1 if current and self.kind == "broker" else None,
        ))


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _when(value):
    """A datetime as either database gives it back (SQLite: text)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _noon(day):
    return datetime(day.year, day.month, day.day, 12)
