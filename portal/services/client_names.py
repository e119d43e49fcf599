"""The words an assister's name search finds a client by (S4): each word of the consumer's name,
kept in `client_name_word` under the association, with the association's columns a search reads."""

import re
import unicodedata
from functools import lru_cache

from db import database
from db.associations import SEARCHED_COLUMNS, ClientNameWord

# Apostrophes join ("O'Brien" is one word, obrien); any other character that is not a letter
# or a digit separates words ("Smith-Jones", "De La Cruz").
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u02bc`"), None)
_SEPARATORS = re.compile(r"[^0-9a-z]+")
WORD_MAX = 100


def name_words(text):
    """The words a name search matches, as stored and as typed: lower case, accents dropped
    ("José" is jose), in the order they come, without repeats."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _SEPARATORS.split(plain.translate(_APOSTROPHES))
    return list(dict.fromkeys(word[:WORD_MAX] for word in words if word))


def joined_words(words):
    """A name's words as client_name_word.name_words holds them: each after a space, so that
    " s" is in it wherever a word begins with "s"."""
    return "".join(f" {word}" for word in words)


def index_name(association, consumer):
    """Rewrite the words an assister's name search finds `association` by (a new name)."""
    ClientNameWord.delete().where(ClientNameWord.association == association).execute()
    add_name_words(association, consumer)


def add_name_words(association, consumer):
    # Each word takes the association's columns as the database holds them (a trigger has
    # set the application status there since the row was made); it keeps them up to date.
    words = name_words(f"{consumer.first_name} {consumer.last_name}")
    if words:
        sql = _insert_words_sql(len(words), database.param)
        database.execute_sql(sql, (joined_words(words), *words, association.id))


@lru_cache(maxsize=8)
def _insert_words_sql(count, param):
    copied = ", ".join(SEARCHED_COLUMNS)
    values = ", ".join([f"({param})"] * count)
    return (
        f"INSERT INTO client_name_word (association_id, word, name_words, {copied}) "  # noqa: S608
        f"SELECT a.id, w.column1, {param}, "
        f"{', '.join(f'a.{column}' for column in SEARCHED_COLUMNS)} "
        f"FROM association a, (VALUES {values}) AS w WHERE a.id = {param}"
    )
