"""Admin lists page by keyset (issue 28): Next and Previous continue from a row, every row is
shown once in order whatever the ties and NULLs, a token that does not fit falls back to the
page by number, no list counts its rows, and the big lists' orders are index walks."""

import re
from datetime import date, datetime, timedelta
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from db import database
from db.audit import AuditEvent
from db.consumers import Consumer
from tests.admin.test_bad_input import filters_of, staff_client  # noqa: F401 - a fixture
from tests.conftest import ON_POSTGRES

LIST = "/admin/admin_consumer/"
ROW = re.compile(r"details/\?id=(\d+)")
NEXT = re.compile(r'rel="next"\s+href="([^"]+)"')
PREVIOUS = re.compile(r'rel="prev"\s+href="([^"]+)"')
# Consumers' columns in the list, for ?sort=: date of birth is the fifth.
DATE_OF_BIRTH = 4


@pytest.fixture
def consumers(app):
    """67 consumers: many share a last name (in either case), a third have no date of birth
    and several share one; half prefer Spanish."""
    lasts = ["Smith"] * 20 + ["SMITH"] * 6 + ["Smithers"] * 5 + ["Anders"] * 16 + ["Zhou"] * 20
    rows = [
        {
            "first_name": f"Person{n:02d}",
            "last_name": last,
            "email": f"person{n}@example.org",
            "date_of_birth": None if n % 3 == 0 else date(1970 + n % 4, 1, 1),
            "preferred_language": "Spanish" if n % 2 else "English",
            "created_at": datetime(2026, 1, 1),
        }
        for n, last in enumerate(lasts)
    ]
    Consumer.insert_many(rows).execute()
    return list(Consumer.select())


def rows_of(html):
    return list(dict.fromkeys(int(found) for found in ROW.findall(html)))


def link(pattern, html):
    found = pattern.search(html)
    return unescape(found.group(1)) if found else None


def walk(client, url):
    """Each page's rows from `url` on by Next, then back by Previous from the last page."""
    forward, backward, html = [], [], ""
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        forward.append(rows_of(html))
        url = link(NEXT, html)
    url = link(PREVIOUS, html)
    backward.append(forward[-1])
    while url:
        html = client.get(url).get_data(as_text=True)
        backward.insert(0, rows_of(html))
        url = link(PREVIOUS, html)
    return forward, backward


def by_name(consumer):
    return (consumer.last_name.lower(), consumer.id)


def by_birth_newest_first(consumer):
    # NULL is the smallest value on SQLite, the largest on PostgreSQL; then the id, newest first.
    born = consumer.date_of_birth
    missing = (born is None) != ON_POSTGRES
    return (missing, -(born or date.min).toordinal(), -consumer.id)


def by_birth_oldest_first(consumer):
    born = consumer.date_of_birth
    missing = (born is None) == ON_POSTGRES
    return (missing, (born or date.min).toordinal(), consumer.id)


@pytest.mark.parametrize(
    ("query", "chosen", "order"),
    [
        ("", lambda c: True, by_name),
        (f"?sort={DATE_OF_BIRTH}&desc=1", lambda c: True, by_birth_newest_first),
        (f"?sort={DATE_OF_BIRTH}", lambda c: True, by_birth_oldest_first),
        ("?search=SMI", lambda c: c.last_name.lower().startswith("smi"), by_name),
    ],
    ids=["by last name", "by date of birth, newest first", "oldest first", "searched"],
)
def test_next_and_previous_show_every_row_once_in_order(
    staff_client, consumers, query, chosen, order  # noqa: F811 - the fixture
):
    expected = [c.id for c in sorted(filter(chosen, consumers), key=order)]
    forward, backward = walk(staff_client, LIST + query)
    assert [row for page in forward for row in page] == expected
    assert backward == forward
    assert [len(page) for page in forward[:-1]] == [25] * (len(forward) - 1)


def test_a_filtered_list_pages_by_keyset_too(staff_client, consumers):  # noqa: F811
    found = filters_of(staff_client.get(LIST).get_data(as_text=True))
    language = found[("Preferred language", "equals")]
    spanish = sorted((c for c in consumers if c.preferred_language == "Spanish"), key=by_name)
    forward, backward = walk(staff_client, f"{LIST}?flt0_{language}=Spanish&page_size=25")
    assert [row for page in forward for row in page] == [c.id for c in spanish]
    assert backward == forward


def test_the_pager_says_where_it_is_in_words(staff_client, consumers):  # noqa: F811
    html = staff_client.get(LIST).get_data(as_text=True)
    pager = html[html.index('<nav aria-label="Pages"'):]
    assert 'aria-current="page">Page 1</span>' in pager
    assert ">Next page</a>" in pager and "Previous page" not in pager
    html = staff_client.get(link(NEXT, html)).get_data(as_text=True)
    assert 'aria-current="page">Page 2</span>' in html and ">Previous page</a>" in html
    # No total: the list does not count its rows.
    assert " of " not in html[html.index('<nav aria-label="Pages"'):].split("</nav>")[0]


def page_by_number(client, url):
    """The rows of `url` without its token: the page found by OFFSET."""
    parts = urlsplit(url)
    args = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("after", "before")]
    return rows_of(client.get(f"{parts.path}?{urlencode(args)}").get_data(as_text=True))


def with_arg(url, name, value):
    parts = urlsplit(url)
    args = [(k, v) for k, v in parse_qsl(parts.query) if k != name] + [(name, value)]
    return f"{parts.path}?{urlencode(args)}"


def test_a_token_that_does_not_fit_gives_the_page_by_number(staff_client, consumers):  # noqa: F811
    second = link(NEXT, staff_client.get(LIST).get_data(as_text=True))
    token = dict(parse_qsl(urlsplit(second).query))["after"]
    body, signature = token.split(".")
    by_number = page_by_number(staff_client, second)
    assert len(by_number) == 25
    for bad in (
        f"{body}.{signature[::-1]}",  # tampered signature
        f"{body[:-2]}AA.{signature}",  # tampered values
        "garbage",
        "a.b",
        "%00\x00",
        "x" * 5000,
        "' OR 1=1 --",
        "é.😀",
    ):
        response = staff_client.get(with_arg(second, "after", bad))
        assert response.status_code == 200, bad
        assert rows_of(response.get_data(as_text=True)) == by_number, bad
    # Stale: made for the order by name, used with the order by date of birth.
    stale = with_arg(second, "sort", str(DATE_OF_BIRTH))
    assert rows_of(staff_client.get(stale).get_data(as_text=True)) == page_by_number(
        staff_client, stale
    )
    # Made for page 2, sent for page 3; or as a Previous token.
    for url in (with_arg(second, "page", "2"), with_arg(with_arg(second, "before", token),
                                                        "after", "")):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert rows_of(response.get_data(as_text=True)) == page_by_number(staff_client, url)


def test_a_page_size_change_gives_the_page_by_number(staff_client, consumers):  # noqa: F811
    second = link(NEXT, staff_client.get(LIST).get_data(as_text=True))
    bigger = with_arg(second, "page_size", "50")
    rows = rows_of(staff_client.get(bigger).get_data(as_text=True))
    assert rows == [c.id for c in sorted(consumers, key=by_name)][50:100]


BIG_LISTS = (
    "admin_consumer",
    "admin_association",
    "admin_audit",
    "admin_enrollment",
    "admin_user",
    "admin_document",
    "admin_assister",
    "admin_application",
    "admin_case",
    "admin_notice",
)


def test_no_big_list_counts_its_rows(staff_client, factories, consumers, sql_log):  # noqa: F811
    factories.association()
    for endpoint in BIG_LISTS:
        sql_log.clear()
        html = staff_client.get(f"/admin/{endpoint}/?page_size=25").get_data(as_text=True)
        following = link(NEXT, html)
        if following:
            staff_client.get(following)
        counts = [sql for sql in sql_log if "COUNT(" in sql.upper()]
        assert counts == [], endpoint


@pytest.fixture
def statements(monkeypatch):
    """Each statement sent from now on with its parameters."""
    sent = []
    original = database.obj.execute_sql
    monkeypatch.setattr(
        database.obj,
        "execute_sql",
        lambda sql, params=None, *a, **k: sent.append((sql, params)) or original(
            sql, params, *a, **k
        ),
    )
    return sent


def plan_of(statement):
    """The plan of a statement, as one text. On PostgreSQL with scans and sorts priced out of
    reach, so a plan still sorting or reading the whole table is one where no index could
    serve (its planner would pick them for a few rows anyway)."""
    sql, params = statement
    if not ON_POSTGRES:
        return "\n".join(
            row[-1] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        )
    with database.atomic() as transaction:
        database.execute_sql("SET LOCAL enable_seqscan = off")
        database.execute_sql("SET LOCAL enable_sort = off")
        plan = "\n".join(row[0] for row in database.execute_sql(f"EXPLAIN {sql}", params))
        transaction.rollback()
    return plan


def list_statement(statements, table):
    """The page's statement: a keyset walk from the row its link carries, with no OFFSET."""
    found = next(s for s in statements if f'FROM "{table}"' in s[0] and "LIMIT" in s[0].upper())
    assert "OFFSET" not in found[0].upper(), found
    return found


def assert_index_walk(plan, index):
    assert index in plan, plan
    if ON_POSTGRES:
        assert "Index Scan" in plan and "Sort" not in plan and "Seq Scan" not in plan, plan
    else:
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        assert "TEMP B-TREE" not in plan and not re.search(r"\bSCAN t1\b(?! USING)", plan), plan


def test_the_consumer_list_walks_its_name_index(staff_client, consumers, statements):  # noqa: F811
    second = link(NEXT, staff_client.get(LIST).get_data(as_text=True))
    statements.clear()
    staff_client.get(second)
    assert_index_walk(plan_of(list_statement(statements, "consumer")), "consumer_admin_last_name")


def test_the_audit_log_of_one_consumer_walks_its_index(
    staff_client, factories, statements  # noqa: F811
):
    consumer = factories.consumer()
    at = datetime(2026, 1, 1)
    AuditEvent.insert_many(
        {"at": at + timedelta(hours=n // 3), "actor_role": "staff", "on_behalf_of": consumer.id,
         "action": "client.viewed", "detail": f"look {n}"}
        for n in range(60)
    ).execute()
    found = filters_of(staff_client.get("/admin/admin_audit/").get_data(as_text=True))
    url = f"/admin/admin_audit/?flt0_{found[('Consumer id', 'equals')]}={consumer.id}"
    html = staff_client.get(url).get_data(as_text=True)
    statements.clear()
    staff_client.get(link(NEXT, html))
    assert_index_walk(plan_of(list_statement(statements, "audit_event")), "audit_event_consumer")


def test_the_overview_estimates_the_big_tables(staff_client, consumers, sql_log):  # noqa: F811
    database.execute_sql("ANALYZE")
    sql_log.clear()
    html = staff_client.get("/admin/").get_data(as_text=True)
    assert "About 67" in html and "estimates from the database" in html
    counted = [sql for sql in sql_log if "COUNT(" in sql.upper()]
    # The active assisters (a small table) and the new associations, counted to 1,001 at most.
    assert len(counted) == 2 and "LIMIT" in counted[1].upper(), counted


@pytest.mark.parametrize("word", ["smi", "SMI", "\ud7ff", "a\U0010ffff", "\U0010ffff", "%_", "x@"])
def test_a_search_from_the_start_takes_any_word(staff_client, consumers, word):  # noqa: F811
    response = staff_client.get(LIST, query_string={"search": word})
    assert response.status_code == 200, word
    shown = rows_of(response.get_data(as_text=True))
    assert bool(shown) == (word.lower() == "smi"), word


def test_the_assisters_standing_column_reads_no_agency_a_row(
    staff_client, factories, sql_log  # noqa: F811
):
    agency = factories.agency()
    for _ in range(5):
        factories.assister(agency=agency)
    sql_log.clear()
    page = staff_client.get("/admin/admin_assister/")
    assert page.status_code == 200 and page.get_data(as_text=True).count("In good standing") == 5
    agency_reads = [sql for sql in sql_log if 'FROM "agency"' in sql]
    assert agency_reads == []
