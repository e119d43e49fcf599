"""English and Spanish (S13): which language a request is in, and how a page switches.

A consumer-facing page is in the language of, in order:
1. the `?lang=` a language link carries (a visitor's switch: a link, so that it works without
   JavaScript and on directory pages that keep no session);
2. a signed-in consumer's account, which their switch (a form) and their sign-in keep;
3. the language chosen earlier in this browser, kept in a cookie rather than the session so that
   a visitor who never signs in starts no session;
4. the browser's Accept-Language.
Assister, agency and staff pages stay in English (S13 names the consumer's pages): an assister
acting for a consumer reads the wizard in English, and mail to them is in English.

Babel formats dates, numbers and money by locale: Spanish as written in the United States, so
that an amount reads "$1,234.50" in both languages.
"""

from urllib.parse import urlencode

from flask import current_app, request
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
LOCALES = {"en": "en_US", "es": "es_US"}
COOKIE = "portal_language"
# Each language as a sentence names it in the reader's language ("in Spanish", "en español").
NAMES = {"en": _l("English"), "es": _l("Spanish")}
# "Signed in as … (consumer)": only a consumer's pages are in Spanish.
ROLE_NAMES = {
    "consumer": _l("consumer"),
    "assister": "assister",
    "agency_admin": "agency admin",
    "staff": "staff",
}
# Pages for assisters, agencies and people becoming one; staff pages are behind a staff sign-in.
ENGLISH_ONLY_BLUEPRINTS = {"assister", "agency", "activation", "certification", "training", "dev"}


def is_language(code):
    return code in LANGUAGES


def switchable():
    """True on a page that has a Spanish version: a consumer's or a visitor's page."""
    if current_user.is_authenticated and current_user.role != "consumer":
        return False
    return request.blueprint not in ENGLISH_ONLY_BLUEPRINTS


def request_language():
    """The language of this request's page, as a code ("en" or "es")."""
    if not switchable():
        return DEFAULT
    chosen = request.args.get("lang")
    if is_language(chosen):
        return chosen
    if current_user.is_authenticated:
        return current_user.language if is_language(current_user.language) else DEFAULT
    chosen = request.cookies.get(COOKIE)
    if is_language(chosen):
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT)


def select_locale():
    """flask-babel's locale selector."""
    return LOCALES[request_language()] if request else LOCALES[DEFAULT]


def browser_choice():
    """The language this browser chose with a language link, if any."""
    chosen = request.cookies.get(COOKIE)
    return chosen if is_language(chosen) else None


def remember_choice(response):
    """After a page opened through a language link, keep the choice in this browser."""
    chosen = request.args.get("lang")
    if is_language(chosen) and switchable() and request.cookies.get(COOKIE) != chosen:
        set_cookie(response, chosen)
    response.vary.add("Accept-Language")
    return response


def set_cookie(response, language):
    # A session cookie (no expiry): "remembered for the session", and on the account for people
    # who sign in.
    response.set_cookie(
        COOKIE,
        language,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def page_language():
    """The language being written now: the page's, or a mail's or notice's (`writing_in`)."""
    return get_locale().language


def link_to(language):
    """This page's address in `language`: the same query, with `lang` set."""
    return f"{request.path}?{urlencode([*_other_arguments(), ('lang', language)])}"


def return_to():
    """This page's address without a `lang`, to come back to after a switch."""
    args = _other_arguments()
    return f"{request.path}?{urlencode(args)}" if args else request.path


def _other_arguments():
    return [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]


def of_user(user):
    """The language to write to this user in: a consumer's own, English for everyone else."""
    if user is None or user.role != "consumer" or not is_language(user.language):
        return DEFAULT
    return user.language


def writing_in(language):
    """A context in which gettext and Babel's formats speak `language` (mail, notices)."""
    return force_locale(LOCALES.get(language, LOCALES[DEFAULT]))


def in_english(text):
    """A lazy string as the audit log and staff read it: in English, whatever the page's."""
    with writing_in(DEFAULT):
        return str(text)
