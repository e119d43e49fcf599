"""A table of clients on a page of its own (the assister's Client Requests, the agency's
Clients): the whole page, or for an htmx request the table's block of the same template. A plain
module, not a blueprint: blueprints never import each other, they import this."""

from flask import render_template, request
from jinja2_fragments.flask import render_block


def render_table(template, block, **context):
    """The page, or its `block` alone for an htmx request (every answer varies with HX-Request:
    portal/app.py)."""
    # A history restore (Back after the cache is gone) needs the whole page, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        return render_block(template, block, fragment=True, page_numbers=page_numbers, **context)
    return render_template(template, fragment=False, page_numbers=page_numbers, **context)


def page_numbers(current, pages):
    """The page links to show: the first, two either side of the current, the last; None
    where pages are left out."""
    window = range(max(1, current - 2), min(pages, current + 2) + 1)
    numbers = list(window)
    if window[0] > 1:
        numbers[:0] = [1] if window[0] == 2 else [1, None]
    if window[-1] < pages:
        numbers += [pages] if window[-1] == pages - 1 else [None, pages]
    return numbers
