"""How the dashboard sorts and finds a client by name (S4): by the words of the name.

A word is lower case without accents ("José" is jose); apostrophes join ("O'Brien" is obrien)
and anything else that is not a letter or a digit separates ("Smith-Jones", "De La Cruz"). The
association keeps the consumer's words, last name first, as its sort name; a search's words
must each begin one of them ("smi" finds Smith, "joh sm" John Smith, "cruz" Ana De La Cruz).
"""

import re
import unicodedata

_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u02bc`"), None)
_SEPARATORS = re.compile(r"[^0-9a-z]+")
WORD_MAX = 100
SORT_NAME_MAX = 201


def name_words(text):
    """The words of `text` as a name search matches them, in the order they come, without
    repeats."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _SEPARATORS.split(plain.translate(_APOSTROPHES))
    return list(dict.fromkeys(word[:WORD_MAX] for word in words if word))


def sort_name(consumer):
    """How the dashboard sorts and searches a consumer's name: "Ana De La Cruz" is
    "de la cruz ana"."""
    return " ".join(name_words(f"{consumer.last_name} {consumer.first_name}"))[:SORT_NAME_MAX]
