"""What a table of clients asks for in its URL, cleaned: the assister's Client Requests
(client_listing.py) and the agency's Clients (agency_clients.py) share the rules here, so the
same bad link gets the same answer on both, and the same search finds the same names.

A table's state is a frozen dataclass of `TableQuery`: its fields are the query arguments, their
defaults what an absent or refused argument becomes."""

from dataclasses import dataclass, fields, replace

import peewee as pw

from db.associations import Association
from portal.services.client_names import name_words

PER_PAGE_CHOICES = (10, 25, 50, 100)
DEFAULT_PER_PAGE = 25
SEARCH_MAX = 100
# More pages than any table has: a bigger number is refused, not walked to.
PAGE_MAX = 10**9
ROW_ID_MAX = 2**63 - 1


@dataclass(frozen=True)
class TableQuery:
    # The fields that name the row a Next or Previous page continues from: a link that
    # changes anything else starts afresh.
    CONTINUATION = ()

    @classmethod
    def from_query(cls, query):
        """The table asked for by a mapping of query arguments (a request's, a link's),
        through the subclass's `clean`, which turns anything unknown into its default."""
        return cls.clean(**{field.name: query.get(field.name) for field in fields(cls)})

    def with_(self, **changes):
        return replace(self, **changes)

    def args(self, **changes):
        """The URL query of this table with `changes`, defaults left out. A link keeps the
        row it continues from only when `changes` names one."""
        values = {**self.__dict__, **dict.fromkeys(self.CONTINUATION), **changes}
        return {
            field.name: values[field.name]
            for field in fields(self)
            if values[field.name] != field.default
        }


def clean_text(text):
    """A search as typed, made safe to send: control characters (a NUL cannot even be sent to
    PostgreSQL) become spaces, runs of spaces one, and it is cut to SEARCH_MAX characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in (text or "")[: SEARCH_MAX * 10])
    return " ".join(printable.split())[:SEARCH_MAX]


def positive_int(value, default, most):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= most else default


def choice_int(value, choices, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in choices else default


def search_words(q):
    """The words a search looks for (client_names): none when nothing searchable was typed."""
    return name_words(q) if q else []


def begins_a_name_word(word):
    """The association's client has a name word beginning with `word`.

    The sort name holds nothing but [0-9a-z] and single spaces, as a search's words do: no LIKE
    wildcard can come in, and no case needs folding, so it is a plain LIKE on both databases
    (peewee writes its `%` as GLOB on SQLite and its `**` as ILIKE, several times slower, on
    PostgreSQL)."""
    spaced = pw.Value(" ").concat(Association.consumer_sort_name)
    return pw.NodeList((spaced, pw.SQL("LIKE"), f"% {word}%"))


class PageSpan:
    """Where a page of a table stands (its `listing`, `rows` and `total`): how many pages there
    are and which rows, counted from 1, this one shows."""

    @property
    def pages(self):
        return max(1, -(-self.total // self.listing.per_page))

    @property
    def first(self):
        return (self.listing.page - 1) * self.listing.per_page + 1 if self.rows else 0

    @property
    def last(self):
        return self.first + len(self.rows) - 1 if self.rows else 0
