"""What every admin page with personal data shares: the access-logged base
(`AccessLoggedAdmin`: every shown page and list, every saved change). The read-only
inline is in `inlines`."""

from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.db import connections
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from .. import access_log
from ..compiled import prepared_get, prepared_objects, reads_in_one_query
from ..forms_rendering import kept_media
from .paging import ListPaginator

_PK = "__pk__"


class LightChangeList(ChangeList):
    """The admin's list, with each row's link built from one reversed URL instead of a
    `reverse()` per row, and its rows written by `rows.RowRenderer` (through the
    `light_result_list` tag of `templates/admin/change_list.html`)."""

    # Stands in for the primary key in the one change URL a list reverses.
    PK_STANDIN = _PK

    def change_url_template(self) -> str:
        """The change URL with `PK_STANDIN` for the primary key (quoted as the admin
        quotes it)."""
        if not hasattr(self, "_change_url"):
            opts = self.opts
            self._change_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=(_PK,),
                current_app=self.model_admin.admin_site.name,
            )
        return self._change_url

    def get_results(self, request):
        super().get_results(request)
        # Long texts the list does not show stay in the database (`list_defer`), or only
        # what its rows read is fetched (`list_only`).
        defer = getattr(self.model_admin, "list_defer", ())
        if defer:
            self.result_list = self.result_list.defer(*defer)
        only = getattr(self.model_admin, "list_only", ())
        if only:
            self.result_list = self.result_list.only(*only)
        # The page's rows, read now as a prepared statement: the list's query is built
        # afresh every request, but in the same shape for the same filters.
        listed = self.result_list
        if (
            connections[listed.db].vendor == "postgresql"
            and listed._result_cache is None
            and reads_in_one_query(listed)
        ):
            listed._result_cache = prepared_objects(listed)

    def url_for_result(self, result):
        pk = str(quote(getattr(result, self.pk_attname)))
        return self.change_url_template().replace(_PK, pk, 1)


def object_by_id(queryset, object_id, from_field=None):
    """`ModelAdmin.get_object`'s answer (the object, or None for an id that is wrong or
    that no row has), its query run as a prepared statement on PostgreSQL."""
    meta = queryset.model._meta
    field = meta.pk if from_field is None else meta.get_field(from_field)
    try:
        return prepared_get(queryset, **{field.name: field.to_python(object_id)})
    except (queryset.model.DoesNotExist, ValidationError, ValueError):
        return None


class LightListAdmin:
    """What makes a long admin list cheap per row (issue #12): fifty rows a page, the
    row checkbox written as one string (Django renders a form widget through the
    template engine for every row) and the row links from `LightChangeList`. The HTML
    is the same as Django's."""

    # Fifty rows a page: a coordinator with fifty open cases sees them on one page, and
    # a list at regional size renders half of Django's hundred.
    list_per_page = 50
    # No count of the whole table next to a filtered list (the search box offers
    # "Alles tonen" instead), and the list itself counted as `ListPaginator` does.
    show_full_result_count = False
    paginator = ListPaginator
    # Fields the list's rows never read (long texts): not fetched for the shown page.
    list_defer: tuple[str, ...] = ()
    # Or, for a wide table, the only fields they read (with `related__field` for a
    # selected relation): the rest is neither sent nor converted. A column reading a
    # field not named here costs a query per row (the tests pin the list's queries).
    list_only: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return LightChangeList

    # The scripts and styles of the page's forms written once per process (`kept_media`):
    # the same list gives the same tags, each of which asks the static files storage
    # for its address.
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if isinstance(response, TemplateResponse) and context and "media" in context:
            context["media"] = kept_media(context["media"])
        return response

    def render_change_form(self, request, context, *args, **kwargs):
        if "media" in context:
            context["media"] = kept_media(context["media"])
        return super().render_change_form(request, context, *args, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        return object_by_id(self.get_queryset(request), object_id, from_field)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if not issubclass(self.paginator, ListPaginator):
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        try:
            page = max(1, int(request.GET.get(PAGE_VAR, 1)))
        except ValueError:
            page = 1  # the admin answers a wrong page number itself
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, page=page)

    def action_checkbox(self, obj):
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


class AccessLoggedAdmin(LightListAdmin):
    """Writes the access log for an admin of someone else's personal data: one entry per
    shown change page and history page (per data subject), one per shown list (without
    a subject: a list is not written down person by person), one per saved change.

    An admin says whom a record is about with `access_subjects(obj)` (user ids or users;
    empty for a record about many people) and which case with `access_case_reference`.
    The entry is written before the page is rendered, so a page whose reading cannot be
    logged is not shown (fail closed)."""

    # Whether a shown list (changelist) is logged too.
    access_log_lists = True

    def access_subjects(self, obj) -> list:
        return []

    def access_case_reference(self, obj) -> str:
        return ""

    def _log_object(self, request, obj, action: str) -> None:
        access_log.record_read(
            request=request,
            action=action,
            obj=obj,
            subjects=self.access_subjects(obj) or [None],
            case_reference=self.access_case_reference(obj),
        )

    @staticmethod
    def _shown(response, key: str):
        if not isinstance(response, TemplateResponse) or response.status_code >= 300:
            return None
        return (response.context_data or {}).get(key)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        listed = self.access_log_lists and request.method == "GET"
        if listed and self._shown(response, "cl") is not None:
            access_log.record_read(request=request, object_type=self.model._meta.label_lower)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self._shown(response, "original")
        if obj is not None:
            self._log_object(request, obj, access_log.Action.VIEW)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self._shown(response, "object")
        if obj is not None:
            self._log_object(request, obj, access_log.Action.VIEW)
        return response

    def log_change(self, request, obj, message):
        self._log_object(request, obj, access_log.Action.CHANGE)
        return super().log_change(request, obj, message)
