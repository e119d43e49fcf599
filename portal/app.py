"""The application factory."""

from pathlib import Path

from flask import Flask, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from jinja2 import StrictUndefined
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from db import ROW_ID_MAX, database
from db.connection import close_database, open_database
from portal import config as portal_config
from portal import display, languages, request_ids, security
from portal.errors import NotFound
from portal.extensions import babel, csrf, htmx, limiter, login_manager, static_digest
from portal.services import mail, reference_numbers
from portal.services.associations import ScopeRefused
from portal.sessions import DatabaseSessionInterface

ROOT = Path(__file__).resolve().parent.parent

ERROR_PAGES = {
    400: (_l("Your request could not be read"), _l("Go back, reload the page and try again.")),
    403: (_l("You can't open this page"), _l("Your account does not give you access to it.")),
    404: (
        _l("Page not found"),
        _l("The page does not exist, or you no longer have access to it."),
    ),
    422: (
        _l("Please check what you entered"),
        _l("Some of the information could not be accepted."),
    ),
    429: (_l("Too many attempts"), _l("Wait a few minutes, then try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you entered was saved. Try again soon."),
    ),
}


class RowIdConverter(IntegerConverter):
    """`<int:…>` in a route: a number beyond a row id's 64 bits is a 404, not a question the
    database can't be asked."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, *args, **{"max": ROW_ID_MAX, **kwargs})


def create_app(config=None, environ=None):
    """Build the portal. `config` overrides settings; `environ` replaces os.environ (tests)."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(portal_config.load(app.instance_path, environ))
    app.config.update(config or {})
    app.url_map.converters["int"] = RowIdConverter
    if app.config["PORTAL_ENV"] != "production":
        app.jinja_env.undefined = StrictUndefined
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind nginx (S1) every request comes from the proxy: the client's address (which
        # rate limits count) and scheme are the ones the proxies say, from that many proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    request_ids.init_app(app)

    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(
        app,
        default_locale=languages.LOCALES[languages.DEFAULT],
        default_translation_directories=str(ROOT / "translations"),
        default_timezone=str(display.LOCAL_ZONE),
        locale_selector=languages.select_locale,
    )
    # {% trans %} blocks are written across lines; their catalog entries are one line (babel.cfg).
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to open that page.")
    # Flashed into the session: a plain string in the language of the page that asked.
    login_manager.localize_callback = str
    login_manager.session_protection = "strong"

    app.session_interface = DatabaseSessionInterface()
    _bind_database(app)
    mail.init_app(app)
    _register_views(app)
    _register_errors(app)
    _register_template_helpers(app)
    _name_static_files(app)
    app.after_request(security.SecurityHeaders(app.config["DIRECTORY_TILE_URL"]))
    app.after_request(_vary_on_htmx)
    app.after_request(languages.remember_choice)
    if app.config["SESSION_COOKIE_SECURE"]:
        app.after_request(security.add_hsts)

    from portal.cli import register as register_cli

    register_cli(app)
    return app


def _bind_database(app):
    # Pooled outside tests: `close()` at teardown hands the connection back for the next request.
    pooled = app.config["PORTAL_ENV"] != "testing"
    if database.obj is not None:
        # A second app in one process (tests, CLI) must not orphan the first one's connections.
        close_database(database.obj)
    database.initialize(open_database(app.config["DATABASE_URL"], pooled=pooled))

    @app.before_request
    def connect():
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def close(_exc):
        if not database.is_closed():
            database.close()


def _name_static_files(app):
    """`static_url_for` in templates. In production a file's name carries a hash of its content
    (`flask digest compile` writes the copies and their manifest), so nginx lets browsers keep
    it for a year and a changed file is a new name. Elsewhere the plain names: an edited file
    shows at once, with no manifest to compile again."""
    if app.config["PORTAL_ENV"] == "production":
        static_digest.init_app(app)
    else:
        app.add_template_global(url_for, "static_url_for")


def _register_views(app):
    from admin import init_admin
    from views.accounts import bp as accounts_bp
    from views.activation import bp as activation_bp
    from views.agency import bp as agency_bp
    from views.application import bp as application_bp
    from views.assister import bp as assister_bp
    from views.auth import bp as auth_bp
    from views.certification import bp as certification_bp
    from views.consumer import bp as consumer_bp
    from views.dev import bp as dev_bp
    from views.directory import bp as directory_bp
    from views.documents import bp as documents_bp
    from views.enrollment import bp as enrollment_bp
    from views.invoices import bp as invoices_bp
    from views.notices import bp as notices_bp
    from views.public import bp as public_bp
    from views.training import bp as training_bp

    for blueprint in (
        public_bp, auth_bp, accounts_bp, activation_bp, consumer_bp, assister_bp, application_bp,
        enrollment_bp, documents_bp, invoices_bp, notices_bp, directory_bp, agency_bp,
        certification_bp, training_bp,
    ):
        app.register_blueprint(blueprint)
    if app.config["PORTAL_ENV"] != "production":
        # The mailbox shows every outgoing message: never in production.
        app.register_blueprint(dev_bp)
    init_admin(app)


def _register_errors(app):
    def render_error(code, message=None):
        title, default = ERROR_PAGES[code]
        return render_template(
            "errors/error.html", code=code, title=title, message=message or default
        ), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(NotFound)
    def not_found(error):
        return render_error(404, error.message)

    @app.errorhandler(ScopeRefused)
    def scope_refused(error):
        return render_error(403, error.message)

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return render_error(
            400,
            _l(
                "This form had expired or was sent from somewhere else, so nothing was saved. "
                "Go back, reload the page and send it again."
            ),
        )


def _register_template_helpers(app):
    app.add_template_filter(display.local_time, "local_time")
    app.add_template_filter(display.local_date, "local_date")
    app.add_template_filter(display.local_long_date, "local_long_date")
    app.add_template_filter(display.long_date, "long_date")
    app.add_template_filter(display.month_year, "month_year")
    app.add_template_filter(display.money, "money")
    app.add_template_filter(display.assister_type_name, "assister_type_name")
    app.add_template_filter(display.language_names, "language_names")
    app.add_template_filter(display.number, "number")
    app.add_template_filter(display.percent, "percent")
    app.add_template_filter(display.explanation, "explanation")
    app.add_template_filter(display.text_blocks, "text_blocks")
    app.add_template_filter(display.lesson_blocks, "lesson_blocks")
    app.add_template_filter(reference_numbers.display, "reference_number")

    @app.context_processor
    def language_helpers():
        return {
            "languages": languages.LANGUAGES,
            "role_names": languages.ROLE_NAMES,
            "page_language": languages.page_language,
            "language_switchable": lambda: bool(request) and languages.switchable(),
            "language_link": languages.link_to,
            "language_return": languages.return_to,
        }


def _vary_on_htmx(response):
    response.vary.add("HX-Request")
    return response
