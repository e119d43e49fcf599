"""Build a state-sized benchmark data set (S11) in DATABASE_URL (SQLite file or PostgreSQL).

    .venv/bin/python -m bench.generate                        # sqlite:///bench/out/bench.db
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.generate

Migrates the database, then bulk-loads ~300 agencies, 10,000 assisters (each with an account;
both at real Minnesota ZIP codes, most listed in Find local help: bench/addresses.py),
1,000,000 consumers and 1,000,000 associations (one per consumer, spread over two years, a mix of
New / In Progress / Ended, some consents expiring within 30 days). One assister, BENCH_USERNAME,
has exactly BENCH_CLIENTS active clients, a password printed at the end and MFA by email.
Then bench/activity.py: marketplace staff (bench_staff signs in), certification periods,
applications, cases, enrollments and an audit log of about 6 million rows for 1M consumers; a
data set made before that module gains them on --reuse.
Rows go in with executemany (SQLite) or COPY (PostgreSQL) in one transaction per table, with the
big tables' secondary indexes dropped during the load and rebuilt from their migration-made
definitions afterwards; ANALYZE at the end.
"""

import argparse
import os
import random
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from tqdm import tqdm

from bench import activity, dbload
from bench.addresses import AddressMaker
from bench.names import NameMaker
from db import database, migrate, utcnow
from db.connection import open_database
from portal.services import accounts, reference_numbers
from portal.services.client_names import sort_name

OUT = Path(__file__).parent / "out"
DEFAULT_URL = f"sqlite:///{OUT / 'bench.db'}"
BENCH_USERNAME = "bench_assister"
BENCH_PASSWORD = "bench passphrase 2026 load"
BENCH_EMAIL = "bench.assister@bench.example"
BENCH_CLIENTS = 5_000
BENCH_ENDED = 800
CHUNK = 50_000

CITIES = [
    ("Minneapolis", "Hennepin", "554"),
    ("Saint Paul", "Ramsey", "551"),
    ("Rochester", "Olmsted", "559"),
    ("Duluth", "Saint Louis", "558"),
    ("Bloomington", "Hennepin", "554"),
    ("Saint Cloud", "Stearns", "563"),
    ("Mankato", "Blue Earth", "560"),
    ("Moorhead", "Clay", "565"),
    ("Bemidji", "Beltrami", "566"),
    ("Winona", "Winona", "559"),
]
COUNTIES = {city: county for city, county, _zip3 in CITIES}
TYPES = ("broker", "navigator", "cac")
TYPE_WEIGHTS = (40, 35, 25)
LANGUAGES = ("English", "English, Spanish", "English, Hmong", "English, Somali", "English")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--consumers", type=int, default=1_000_000)
    p.add_argument("--assisters", type=int, default=10_000)
    p.add_argument("--agencies", type=int, default=300)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--force", action="store_true", help="wipe a database that already has data")
    p.add_argument(
        "--reuse", action="store_true", help="do nothing if a benchmark data set is already there"
    )
    return p.parse_args()


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if args.reuse and dbload.bench_ready(url, BENCH_CLIENTS):
        print(f"{dbload.describe(url)} already holds the benchmark data set (--reuse).")
        upgrade_kept(url, args.seed)
        return
    started = time.perf_counter()
    if url.startswith("sqlite:"):
        OUT.mkdir(parents=True, exist_ok=True)
    dbload.prepare(url, args.force)
    database.initialize(open_database(url))
    database.connect()
    print(f"Database: {dbload.describe(url)}")
    migrate.upgrade(database.obj)
    loader = dbload.Loader(database)
    rng = random.Random(args.seed)
    now = utcnow().replace(microsecond=0)
    texts = dict(database.execute_sql("SELECT kind, id FROM authorization_text").fetchall())
    addresses = AddressMaker(args.seed)
    with loader.load_settings():
        agencies = load_agencies(loader, rng, addresses, args.agencies, now)
        types = load_users_and_assisters(loader, rng, addresses, args.assisters, agencies, now)
        load_consumers_and_associations(loader, rng, args, types, texts, now)
        activity.load_activity(loader, args.seed, COUNTIES, now)
    print("ANALYZE …")
    loader.analyze()
    elapsed = time.perf_counter() - started
    print(f"Generated in {elapsed:.0f} s ({elapsed / 60:.1f} min).")
    print(
        f"Sign in as {BENCH_USERNAME!r} with password {BENCH_PASSWORD!r} (MFA by email, "
        f"{BENCH_CLIENTS} active clients)."
    )


def upgrade_kept(url, seed):
    """A kept data set gets the migrations written since it was made (the bench measures the
    schema the portal runs on) and, if it was made before bench/activity.py, that module's rows;
    then fresh statistics."""
    database.initialize(open_database(url))
    database.connect()
    applied = migrate.upgrade(database.obj)
    if applied:
        print(f"Applied {', '.join(applied)}.")
    loader = dbload.Loader(database)
    added = not activity.has_activity()
    if added:
        started = time.perf_counter()
        with loader.load_settings():
            activity.load_activity(loader, seed, COUNTIES, utcnow().replace(microsecond=0))
        print(f"Activity added in {time.perf_counter() - started:.0f} s.")
    if applied or added:
        print("ANALYZE …")
        loader.analyze()
    database.close()


def load_agencies(loader, rng, addresses, count, now):
    rows, kinds = [], {}
    for i in range(1, count + 1):
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        kinds[i] = kind
        rows.append(
            (
                i,
                f"Bench {kind.title()} Agency {i:03d}",
                kind,
                *addresses.listing("Main St"),
                f"612-555-{rng.randint(0, 9999):04d}",
                f"agency{i}@bench.example",
                "Mon–Fri 8:00–17:00",
                rng.choice(LANGUAGES),
                1,
                str(now),
            )
        )
    loader.insert(
        "agency",
        (
            "id name kind street city state zip_code county listed latitude longitude phone email "
            "hours languages is_active created_at"
        ),
        rows,
        len(rows),
    )
    by_kind = {k: [i for i, v in kinds.items() if v == k] for k in TYPES}
    return by_kind


def load_users_and_assisters(loader, rng, addresses, count, agencies, now):
    """One account per assister (all share one password hash: hashing 10,000 would take minutes).
    Assister 1 is the benchmark's."""
    names = NameMaker(rng.random())
    firsts, lasts = names.first_names_for(count), names.surnames_for(count)
    shared_hash = accounts.hash_password("bench shared password never used 2026")
    bench_hash = accounts.hash_password(BENCH_PASSWORD)
    users, assisters, types, refs = [], [], {}, set()
    for i in range(1, count + 1):
        kind = "navigator" if i == 1 else rng.choices(TYPES, TYPE_WEIGHTS)[0]
        first, last = ("Bench", "Assister") if i == 1 else (firsts[i - 1], lasts[i - 1])
        username = BENCH_USERNAME if i == 1 else f"bench_{i:05d}"
        email = BENCH_EMAIL if i == 1 else f"{username}@bench.example"
        since = now - timedelta(days=rng.randint(30, 900))
        users.append(
            (
                i,
                username,
                email,
                f"{first} {last}",
                "assister",
                bench_hash if i == 1 else shared_hash,
                1,
                str(since),
                str(since),
                "email",
                email,
                str(since),
                "en",
            )
        )
        agency = None
        if kind != "broker" or rng.random() < 0.5:
            agency = rng.choice(agencies[kind] or agencies["navigator"] or [None])
        ref = reference_numbers.new()
        while ref in refs:
            ref = reference_numbers.new()
        refs.add(ref)
        certified = (now - timedelta(days=rng.randint(0, 700))).date()
        types[i] = kind
        assisters.append(
            (
                i,
                i,
                agency,
                kind,
                first,
                last,
                email,
                f"651-555-{rng.randint(0, 9999):04d}",
                *addresses.listing("Oak Ave"),
                rng.choice(LANGUAGES),
                f"BL{i:07d}" if kind == "broker" else None,
                str(certified),
                str(certified + timedelta(days=365 * 2)),
                ref,
                1,
                str(since),
            )
        )
    loader.insert(
        "user_account",
        (
            "id username email full_name role password_hash is_active created_at "
            "email_verified_at mfa_mode mfa_email mfa_registered_at language"
        ),
        users,
        count,
    )
    loader.insert(
        "assister",
        (
            "id user_id agency_id assister_type first_name last_name email phone street city state "
            "zip_code county listed latitude longitude languages license_number certified_on "
            "certification_expires_on reference_number is_active created_at"
        ),
        assisters,
        count,
    )
    return types


def load_consumers_and_associations(loader, rng, args, types, texts, now):
    """Consumer i has association i. BENCH_CLIENTS + BENCH_ENDED of them, scattered, belong to
    assister 1 (exactly BENCH_CLIENTS active); the rest to the others, a few of whom are busy."""
    n = args.consumers
    others = list(range(2, args.assisters + 1))
    workload = [rng.lognormvariate(0, 1) for _ in others]
    bench_ids = rng.sample(range(1, n + 1), BENCH_CLIENTS + BENCH_ENDED)
    bench_active = set(bench_ids[:BENCH_CLIENTS])
    bench_all = set(bench_ids)
    names = NameMaker(rng.random())
    two_years = 730 * 86400
    text_for = {
        "broker": texts["agent_of_record"],
        "navigator": texts["assister_authorization"],
        "cac": texts["assister_authorization"],
    }
    today = now.date()
    cases = CaseMaker(args.seed, today)

    def chunks():
        for start in range(1, n + 1, CHUNK):
            k = min(CHUNK, n + 1 - start)
            firsts, lasts = names.first_names_for(k), names.surnames_for(k)
            owners = rng.choices(others, weights=workload, k=k)
            consumers, associations = [], []
            for j in range(k):
                cid = start + j
                first, last = firsts[j], lasts[j]
                requested = now - timedelta(seconds=rng.randrange(two_years))
                if cid in bench_all:
                    assister = 1
                    ended = cid not in bench_active
                else:
                    assister = owners[j]
                    ended = rng.random() < 0.25
                case = cases.summary()
                consumers.append(
                    (
                        cid,
                        first,
                        last,
                        f"{first}.{last}.{cid}@mail.example".lower().replace(" ", ""),
                        f"{rng.choice(('612', '651', '763', '952', '218', '507'))}-555-"
                        f"{rng.randint(0, 9999):04d}",
                        str(date(1940, 1, 1) + timedelta(days=rng.randrange(30000))),
                        "English" if rng.random() < 0.85 else "Spanish",
                        str(requested - timedelta(days=rng.randint(0, 30))),
                        *case,
                    )
                )
                associations.append(
                    association_row(
                        case,
                        rng,
                        cid,
                        assister,
                        types[assister],
                        text_for,
                        first,
                        last,
                        requested,
                        ended,
                        now,
                        today,
                    )
                )
            yield consumers, associations

    consumer_cols = (
        "id first_name last_name email phone date_of_birth preferred_language created_at "
        "application_status enrollment_status home_address verification_due_on"
    )
    assoc_cols = (
        "id consumer_id assister_id assister_type consumer_sort_name status requested_at "
        "confirmed_at confirmed_ip authorization_text_id may_apply may_enroll may_see_documents "
        "may_report_changes expires_on renewed_at expiry_notice_sent_for first_opened_at "
        "ended_at ended_by_role end_reason consumer_application_status "
        "consumer_verification_due_on"
    )
    with loader.without_indexes("consumer", "association"):
        bar = tqdm(total=2 * n, unit="row", unit_scale=True, desc="consumers+associations")
        with database.atomic():
            for consumers, associations in chunks():
                loader.put("consumer", consumer_cols, consumers)
                loader.put("association", assoc_cols, associations)
                bar.update(len(consumers) + len(associations))
        bar.close()
    loader.fix_sequences("agency", "user_account", "assister", "consumer", "association")


class CaseMaker:
    """Where each consumer's application and enrollment stand (migration 007), from a random
    stream of its own so the names, owners and dates stay those of earlier data sets."""

    STATUSES = ("not_started", "in_progress", "submitted", "rescinded")
    WEIGHTS = (35, 20, 40, 5)

    def __init__(self, seed, today):
        self.rng = random.Random(seed + 7)
        self.today = today
        self.verifying = random.Random(seed + 11)

    def summary(self):
        rng = self.rng
        status = rng.choices(self.STATUSES, self.WEIGHTS)[0]
        enrolled = status == "submitted" and rng.random() < 0.7
        # The case has an address once an application was submitted (rescinded ones were too).
        address = None
        if status in ("submitted", "rescinded"):
            city, _county, zip3 = rng.choice(CITIES)
            address = f"{rng.randint(1, 9999)} Elm St, {city}, MN {zip3}{rng.randint(0, 99):02d}"
        # One submitted household in ten has documents to send, due within the 95 days a
        # verification request gives: the due date the dashboard reads (migration 018), not
        # the requests themselves, which no benchmarked page lists.
        due = None
        if status == "submitted" and self.verifying.random() < 0.1:
            due = str(self.today + timedelta(days=self.verifying.randint(0, 95)))
        return status, "enrolled" if enrolled else "not_enrolled", address, due


def association_row(
    case, rng, cid, assister, kind, text_for, first, last, requested, ended, now,
    today,
):
    key = sort_name(SimpleNamespace(first_name=first, last_name=last))
    confirmed = requested + timedelta(minutes=rng.randint(5, 60 * 24 * 3))
    expires = requested.date() + timedelta(days=365)
    renewed = None
    if ended:
        ended_at = confirmed + (now - confirmed) * rng.random()
        if expires < ended_at.date():
            expires = ended_at.date()
        status = "ended"
    else:
        ended_at = None
        # Older than a year and still active: the consumer renewed for another year.
        if expires < today:
            renewed = requested + timedelta(days=rng.randint(330, 364))
            expires = requested.date() + timedelta(days=730)
        status = "new" if rng.random() < 0.3 else "in_progress"
    opened = confirmed + timedelta(hours=rng.randint(1, 200)) if status != "new" else None
    notice = expires if not ended and (expires - today).days <= 30 else None
    return (
        cid,
        cid,
        assister,
        kind,
        key,
        status,
        str(requested),
        str(confirmed),
        f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        text_for[kind],
        # The consent's scope: apply, enroll, documents (most allow it), report changes.
        1, 1, 1 if rng.random() < 0.9 else 0, 1,
        str(expires),
        str(renewed) if renewed else None,
        str(notice) if notice else None,
        str(opened) if opened else None,
        str(ended_at) if ended_at else None,
        rng.choice(("consumer", "assister", "system")) if ended else None,
        "Benchmark data" if ended else None,
        # The triggers of migrations 009 and 018 would copy these too; NOT NULL wants the
        # first at the insert.
        case[0],
        case[3],
    )


if __name__ == "__main__":
    main()
