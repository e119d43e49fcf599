"""What a page in Spanish must be (S13): `lang="es"` on the page and no English sentence left.

A text is English when it holds a word that Spanish does not use and English sentences can hardly
do without ("the", "your", "with" …) or an English button word ("Continue", "Save"). What people
typed or are called (names, plan and agency names) passes, as long as it avoids these words; a
test names any such text it shows in `allow`. Text inside an element marked `lang="en"` (the
"English" switch) is English on purpose and not read.
"""

import re
from html.parser import HTMLParser

ENGLISH_WORDS = frozenset(
    """
    the your you yours with this that these those are is isn't have haven't will won't please
    what when where which who whom can can't cannot not for our from there been was were would
    should could about how its it's you're you've don't doesn't didn't and or of to in on by at
    an be if all any my we they them their than then into only more here page yes
    continue save submit search cancel previous sign change remove upload download print
    view review choose select enter start back done close menu account help navigator counselor
    """.split()
)
READABLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.skipping = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping:
            if tag == self.skipping[-1][0] and tag not in VOID:
                self.skipping[-1][1] += 1
            return
        if tag in ("script", "style") or attrs.get("lang", "es") != "es":
            if tag not in VOID:
                self.skipping.append([tag, 1])
            return
        self.texts += [attrs[name] for name in READABLE_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1][0]:
            self.skipping[-1][1] -= 1
            if not self.skipping[-1][1]:
                self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def english_left(html, allow=()):
    """The texts of `html` that read as English."""
    parser = _Text()
    parser.feed(html)
    left = []
    for text in parser.texts:
        for allowed in allow:
            text = text.replace(allowed, "")
        if ENGLISH_WORDS.intersection(re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())):
            left.append(text)
    return left


def assert_spanish(response, allow=()):
    """The response is a page in Spanish, with no English left."""
    html = response.get_data(as_text=True)
    assert '<html lang="es"' in html, f"{response.request.path} is not marked as Spanish"
    left = english_left(html, allow)
    assert not left, f"{response.request.path} still has English: {left}"
    return html


def in_spanish(client):
    """Make `client`'s later pages Spanish, as the "Español" link does in a browser."""
    client.set_cookie("portal_language", "es")
    return client
