"""The Spanish catalog is complete (S13): every string marked for translation in the code and
templates has a Spanish translation, with the same placeholders, and the app uses it."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
SOURCES = {"db", "portal", "views", "templates"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted_messages():
    """What `make messages` extracts (babel.cfg): msgid -> where it is."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords={**DEFAULT_KEYWORDS, "_l": None},
        directory_filter=lambda path: Path(path).relative_to(ROOT).parts[0] in SOURCES,
    ):
        singular = message[0] if isinstance(message, tuple) else message
        found.setdefault(singular, f"{filename}:{lineno}")
    return found


def test_every_string_marked_for_translation_has_its_spanish():
    with open(CATALOG, "rb") as file:
        catalog = read_po(file)
    extracted = extracted_messages()
    assert len(extracted) > 20
    missing, empty, fuzzy, placeholders = [], [], [], []
    for msgid, where in sorted(extracted.items()):
        entry = catalog.get(msgid)
        if entry is None:
            missing.append(where)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            empty.append(where)
        if entry.fuzzy:
            fuzzy.append(where)
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        if any(set(PLACEHOLDER.findall(string)) != wanted for string in strings if string):
            placeholders.append(where)
    assert not missing, f"not in the catalog (run `make messages`): {missing}"
    assert not empty, f"no Spanish yet: {empty}"
    assert not fuzzy, f"marked fuzzy: {fuzzy}"
    assert not placeholders, f"placeholders differ from the English: {placeholders}"


def test_the_app_reads_the_compiled_catalog(app):
    with app.test_request_context(), force_locale("es_US"):
        assert gettext("Sign in") == "Iniciar sesión"
