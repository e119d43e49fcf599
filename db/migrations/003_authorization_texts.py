"""003: publish version 1 of the authorization texts.

The texts are written out here, not read from a file: version 1 is what consumers agreed to, and
a later edit of a file must not change what this migration publishes."""

from datetime import UTC, datetime

import peewee as pw
from peewee_migrate import Migrator

AGENT_OF_RECORD = """\
I authorize the licensed insurance broker named above to act as my Agent of Record with the marketplace.

By confirming, I allow this broker to:
- see the information in my marketplace account, my application and my case;
- start, complete, change and submit an application for health coverage on my behalf;
- compare plans with me and enroll my household in the plan I choose;
- read my notices and invoices and upload verification documents for me;
- report changes in my household, income, address or coverage for me.

I understand that:
- the broker may be paid a commission by the insurance company whose plan I choose;
- I can remove this broker, or choose another, at any time from Manage Assister, and the broker's access ends at once;
- this authorization ends on the date shown unless I renew it;
- the broker must keep my information private and use it only to help me with coverage through the marketplace;
- every action the broker takes for me is recorded, and I can see it on my Manage Assister pages.
"""
ASSISTER_AUTHORIZATION = """\
I authorize the navigator or certified application counselor named above to help me with health coverage through the marketplace.

By confirming, I allow this assister to:
- see the information in my marketplace account, my application and my case;
- start, complete, change and submit an application for health coverage on my behalf;
- enroll my household in the plan that I choose (navigators and certified application counselors may not recommend or sell a plan);
- read my notices and invoices and upload verification documents for me;
- report changes in my household, income, address or coverage for me.

I understand that:
- this help is free; the assister may not charge me or accept payment from me;
- I can remove this assister, or choose another, at any time from Manage Assister, and the assister's access ends at once;
- this authorization ends on the date shown unless I renew it;
- the assister must keep my information private and use it only to help me with coverage through the marketplace;
- every action the assister takes for me is recorded, and I can see it on my Manage Assister pages.
"""
VERSION_1 = [
    ("agent_of_record", "Agent of Record Authorization", AGENT_OF_RECORD),
    ("assister_authorization", "Assister Authorization", ASSISTER_AUTHORIZATION),
]


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    def publish():
        published_at = datetime.now(UTC).replace(tzinfo=None)
        migrator.orm["authorization_text"].insert_many(
            [
                {
                    "kind": kind,
                    "version": 1,
                    "title": title,
                    "body": body,
                    "published_at": published_at,
                }
                for kind, title, body in VERSION_1
            ]
        ).execute()

    migrator.run(publish)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DELETE FROM authorization_text WHERE version = 1")
