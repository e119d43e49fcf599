"""Every scrolling table is drawn by the one macro that names its container and lets the keyboard
scroll it (templates/macros/tables.html): a container written by hand would miss both."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MACRO = TEMPLATES / "macros" / "tables.html"


def test_only_the_macro_writes_a_scrolling_table_container():
    by_hand = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path != MACRO and "usa-table-container--scrollable" in path.read_text()
    ]
    assert by_hand == []
