"""The dashboard's name search (S4): each word typed must begin a word of the client's name
(`name_words`: "smi" finds Smith, "joh sm" John Smith, "cruz" Ana De La Cruz), read from the
words of `client_name_word`, which carry their association's columns (migrations 013, 015).

A word typed is one short range of that table's index. A range ends at the prefix with its
last letter or digit one higher ("smi" up to "smj"), which is where it ends in any collation,
as words hold nothing but [0-9a-z]. The SQL here is the search's part of the dashboard's
statements (portal.services.clients); `{p}` stands for the driver's parameter mark.
"""

from functools import lru_cache

from portal.services.client_names import name_words

_RANGE = "word >= {p}"
_RANGE_END = " AND word < {p}"
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
# Typed text with no letter or digit in it ("%", "--") matches no name.
_NO_NAME = "1 = 0"
# Each further word typed must begin a word of the same client's name: checked on the row the
# first word found, whose name_words has each word after a space (migration 019).
_ALSO = "name_words LIKE {p}"


def after_prefix(prefix):
    """The first string after every word that starts with `prefix` (None: no end)."""
    while prefix:
        position = _ALPHABET.index(prefix[-1])
        if position + 1 < len(_ALPHABET):
            return prefix[:-1] + _ALPHABET[position + 1]
        prefix = prefix[:-1]
    return None


def word_ranges(q):
    """What the text typed asks of the words, one condition per word typed: the first a range
    of the words' index, each other a check of the name on that row; their SQL and their
    parameters (None, None: nothing typed)."""
    if not q:
        return None, None
    # The longest word first: its range likely holds the fewest clients.
    first, *others = sorted(name_words(q), key=len, reverse=True) or [None]
    if first is None:
        return (_NO_NAME,), [()]
    end = after_prefix(first)
    sqls = [_RANGE + ("" if end is None else _RANGE_END)]
    values = [(first,) if end is None else (first, end)]
    for word in others:
        sqls.append(_ALSO)
        values.append((f"% {word}%",))
    return tuple(sqls), values


@lru_cache(maxsize=64)
def matched_sql(columns, where, ranges):
    """The clients a search finds, once each (two words of a name may begin with the word
    typed), with `columns`, among the words that meet `where`: a range of the words' index for
    the first word typed, each other word checked on the same row. Not a second range joined
    to the first: the generic plan PostgreSQL keeps for a prepared statement took a range for
    one row and read "s" of "joh s" again for each match of "joh" (39 ms a statement instead
    of 1); nor a look-up among the client's own words for each match, 0.42 ms of 0.91 for
    "joh s" (migration 019)."""
    return (
        f"SELECT DISTINCT association_id AS id, {columns} "  # noqa: S608 - fixed fragments
        f"FROM client_name_word words WHERE {where} AND {' AND '.join(ranges)}"
    )


def matched_params(where_params, range_values):
    """The parameters of `matched_sql`: the condition's, then each range's."""
    return [*where_params, *(value for values in range_values for value in values)]
