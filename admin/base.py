"""The one secure base every admin view extends: staff only, CSRF, writes through services."""

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.tools import parse_like_term
from flask_admin.model import typefmt
from flask_login import current_user
from peewee import JOIN

from admin.filters import StoredValueFilters
from admin.forms import AdminForm, PortalModelConverter
from db import ROW_ID_MAX, row_id
from db.assisters import Assister
from db.associations import Association
from portal.auth import current_actor
from portal.display import local_time
from portal.errors import DomainError
from portal.forms import TEXT_MESSAGE, escape_control_characters, has_control_characters
from portal.services import admin_lists, audit

# What a spreadsheet reads as the start of a formula (OWASP, CSV injection): such a cell is
# written with a leading quote, so it is shown as the text that was stored.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text):
    """`text` as a CSV cell a spreadsheet shows as written (see FORMULA_STARTS)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def refuse_unreadable_return_address():
    """flask-admin sends a page back to its `url` argument: one with a control character (a
    line break) can't be a Location header. The 400 page says the request could not be read."""
    if has_control_characters(request.values.get("url", "")):
        abort(400)


class StaffOnly:
    """Every admin page is for marketplace staff: anyone else signed in gets a 403, and someone
    not signed in is sent to sign in and brought back."""

    def is_accessible(self):
        return current_user.is_authenticated and current_user.role == "staff"

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        abort(403)


class SecureAdminIndexView(StaffOnly, AdminIndexView):

    # New associations are counted to here and no further (a bounded count).
    NEW_ASSOCIATIONS_SHOWN = 1000

    @expose("/")
    def index(self):
        # The big tables' sizes are the database's estimates, not counts (issue 28).
        return self.render(
            "admin/index.html",
            assisters=Assister.select().where(Assister.is_active == True).count(),  # noqa: E712
            consumers=admin_lists.estimated_rows("consumer"),
            associations=admin_lists.estimated_rows("association"),
            new_associations=admin_lists.count_up_to(
                Association.select().where(Association.status == "new"),
                self.NEW_ASSOCIATIONS_SHOWN + 1,
            ),
            new_shown=self.NEW_ASSOCIATIONS_SHOWN,
        )


class SecureModelView(StaffOnly, ModelView):
    """Staff only. Lists name their columns; nothing is deleted; writes go through a service.

    Subclasses set `create_service(actor, values)` and `update_service(actor, row, values)`,
    and `consumer_of(row)` when a row is a client's private data: opening it is then audited.
    """

    form_base_class = AdminForm
    model_form_converter = PortalModelConverter
    filter_converter = StoredValueFilters()
    can_delete = False
    can_view_details = True
    can_set_page_size = True
    page_size = 25
    page_size_options = (25, 50, 100)
    create_service = None
    update_service = None
    # Related models shown in the list: joined once, so a page of rows costs one query, not 26.
    # Every related model whose columns the list is searched, filtered or sorted by is one.
    list_joins = ()
    column_type_formatters = {
        **typefmt.BASE_FORMATTERS,
        # Stored in UTC, shown in the marketplace's time zone without microseconds.
        datetime: lambda view, value, name: local_time(value),
        date: lambda view, value, name: value.strftime("%b %-d, %Y"),
    }
    # The same on a record's details page (flask-admin's own there show microseconds).
    column_type_formatters_detail = {
        **typefmt.DETAIL_FORMATTERS,
        datetime: column_type_formatters[datetime],
        date: column_type_formatters[date],
    }

    # No list counts its rows on each request: Previous and Next only (flask-admin's simple
    # pager). A view of a small table (plans, carriers) may count them (False).
    simple_list_pager = True
    # What orders a sortable column when not the column itself: {name: expression}, e.g. a
    # name by its lower case, which an index on lower(last_name) serves.
    column_sort_keys = {}
    # The order of a search's results when staff chose none (a column name), where the default
    # order would sort every match: the column the search matches from its start.
    search_sort = None
    # What the search box looks through, said in its placeholder.
    search_hint = "Search"
    list_template = "admin/model/portal_list.html"
    create_template = "admin/model/portal_create.html"
    edit_template = "admin/model/portal_edit.html"
    details_template = "admin/model/portal_details.html"

    def create_blueprint(self, admin):
        blueprint = super().create_blueprint(admin)
        blueprint.before_request(refuse_unreadable_return_address)
        return blueprint

    def scaffold_form(self):
        # The same words on the form as in the list: "ZIP code", not the column name "Zip Code".
        form_class = super().scaffold_form()
        for name, label in (self.column_labels or {}).items():
            field = getattr(form_class, name, None)
            if field is not None:
                field.kwargs["label"] = label
        # In the order of `form_columns`, not the model's: a model's inherited columns (a
        # listing's) come first there. wtforms orders a form's fields by their counter.
        for order, name in enumerate(self.form_columns or ()):
            field = getattr(form_class, name, None)
            if field is not None:
                field.creation_counter = order
        return form_class

    def search_placeholder(self):
        return self.search_hint

    def consumer_of(self, row):
        """The consumer whose private data `row` is (a Consumer or its id), or None."""
        return None

    def default_order(self):
        """The list's order when staff chose none and `column_default_sort` says none: peewee
        expressions, for an order no one column gives (a review queue's waiting rows first)."""
        return ()

    def get_one(self, id):
        # Every page that shows one record (details, edit) opens it here: a staff member's look
        # at a client's record is a read of private data (S10). A save writes its own row.
        # An id that can name no row ("abc", beyond 64 bits) is not asked about.
        key = row_id(id)
        if key is None:
            abort(404)
        row = super().get_one(key)
        consumer = self.consumer_of(row) if row is not None else None
        if consumer is not None and request.method == "GET":
            audit.viewed(current_actor(), consumer, row, f"{self.name} record")
        return row

    @expose("/export/<export_type>/")
    def export(self, export_type):
        response = super().export(export_type)
        if self.can_export and export_type in self.export_types:
            cut_by = escape_control_characters(", ".join(
                f"{name}={value}" for name, value in request.args.items(multi=True)
            ))
            what = f"{self.name}, {export_type.upper()}"
            audit.exported(current_actor(), f"{what} ({cut_by})" if cut_by else what)
            # A file of private data is not kept by the browser or any cache on the way.
            response.headers["Cache-Control"] = "no-store"
        return response

    def get_export_value(self, model, name):
        value = super().get_export_value(model, name)
        if isinstance(value, (bool, int, float, Decimal)):
            return value
        return spreadsheet_cell("" if value is None else str(value))

    def get_query(self):
        query = self.model.select(self.model, *self.list_joins)
        for related in self.list_joins:
            query = query.join_from(self.model, related, JOIN.LEFT_OUTER)
        return query

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        """The page of rows flask-admin's list, search and export ask for (BaseModelView.
        get_list), from get_query with its related models joined once: the peewee backend's
        own would join a related model again for each of its columns searched, filtered or
        sorted by. No count unless the view keeps one (simple_list_pager). A page reached by
        Next or Previous continues from the row its link carries (admin_lists)."""
        query = self.get_query()
        if search and has_control_characters(search):
            flash(f"The search was not run. {TEXT_MESSAGE}", "error")
        elif search and self.column_searchable_list:
            for position, word in enumerate(search.split()):
                query = query.where(self.search_condition(position, word))
        available = self.get_filters()
        for index, _name, value in filters or ():
            query = available[index].apply(query, available[index].clean(value))
        count = None if self.simple_list_pager else query.count()
        keys = self.list_keys(sort_column, sort_desc, search)
        if keys:
            query = admin_lists.with_keys(query, keys)
        else:
            query = query.order_by(*self.default_order())
        page_size = self.page_size if page_size is None else page_size
        if page_size:
            page = max(page or 0, 0)
            if page * page_size > ROW_ID_MAX:
                page = 0  # an offset no database can skip to: the first page
            g.admin_list = {
                "keys": keys,
                "list": (self.endpoint, sort_column, sort_desc, search, filters, page_size),
            }
            if keys and page and execute:
                continued = self._continued(query, keys, page, page_size)
                if continued is not None:
                    return count, continued
            query = query.limit(page_size).offset(page * page_size)
        return count, list(query) if execute else query

    def _continued(self, query, keys, page, page_size):
        """The page continuing from the row an `after` (Next) or `before` (Previous) token
        names, or None when there is no such token for this very page (then OFFSET)."""
        for direction in ("after", "before"):
            values = admin_lists.read_token(
                request.args.get(direction),
                admin_lists.token_context(*g.admin_list["list"], page, direction),
                current_app.secret_key,
                len(keys),
            )
            if values is None:
                continue
            walk = keys if direction == "after" else admin_lists.reversed_keys(keys)
            rows = []
            for part in admin_lists.after_parts(walk, values):
                ordered = query.where(part).order_by(*(key.ordering() for key in walk))
                rows.extend(ordered.limit(page_size - len(rows)))
                if len(rows) == page_size:
                    break
            return rows if direction == "after" else rows[::-1]
        return None

    def continue_url(self, url, page, direction, row):
        """`url` (flask-admin's link to `page`) continuing from `row`: with a token of the row's
        keys for `direction` ("after" for Next, "before" for Previous) in place of any token
        the current page came with. The first page needs none."""
        parts = urlsplit(url)
        args = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("after", "before")]
        state = g.get("admin_list")
        if page and row is not None and state and state["keys"]:
            keys = state["keys"]
            token = admin_lists.make_token(
                admin_lists.key_values(row, keys),
                admin_lists.token_context(*state["list"], page, direction),
                current_app.secret_key,
            )
            args.append((direction, token))
        return urlunsplit(parts._replace(query=urlencode(args)))

    def search_condition(self, position, word):
        """What the `position`-th word of a search matches: by default a searched column that
        contains it (small tables). The big tables' lists match from the start of a column
        instead, so an index serves the search (admin_lists.starts_with)."""
        like = parse_like_term(word)
        return admin_lists.any_of(self._field(name) ** like for name in self.column_searchable_list)

    def list_keys(self, sort_column, sort_desc, search=None):
        """The list's order as admin_lists keys (ending with the id), or () for a view's own
        default_order. A hand-edited ?sort= naming a column that can't be sorted gets the
        default order."""
        sortable = self.get_sortable_columns()
        if sort_column in sortable:
            orders = [(sort_column, bool(sort_desc))]
        elif search and self.search_sort:
            orders = [(self.search_sort, False)]
        elif self.column_default_sort:
            # flask-admin's default: a column, a (column, descending) pair, or a list of them.
            default = self.column_default_sort
            orders = [
                order if isinstance(order, tuple) else (order, False)
                for order in (default if isinstance(default, list) else [default])
            ]
        else:
            return ()
        return admin_lists.keys_for(
            [self._sort_key(column, descending) for column, descending in orders],
            self.model.id,
        )

    def _sort_key(self, column, descending):
        name = column if isinstance(column, str) else column.name
        if name in self.column_sort_keys:
            return self.column_sort_keys[name], descending, False
        field = self._field(self.get_sortable_columns().get(name, column))
        # A column of a joined (LEFT OUTER) model is NULL where there is no related row.
        nullable = field.null or field.model is not self.model
        return field, descending, nullable

    def _field(self, column):
        return getattr(self.model, column) if isinstance(column, str) else column

    def create_model(self, form):
        return self._through_service(
            form, lambda values: self.create_service(current_actor(), values)
        )

    def update_model(self, form, model):
        return self._through_service(
            form, lambda values: self.update_service(current_actor(), model, values)
        )

    def _through_service(self, form, call):
        values = {field.name: field.data for field in form if field.name != "csrf_token"}
        try:
            return call(values)
        except DomainError as error:
            if error.field and error.field in form:
                form[error.field].errors = [*form[error.field].errors, error.message]
            flash(error.message, "error")
            return False
