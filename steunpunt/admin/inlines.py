"""The read-only inline: records that only a service appends (a timeline, consents,
follow-ups, check-ins), shown on their parent's admin page as a plain table, a page of
rows at a time.

Django's tabular inline builds a form per row (a hidden id field, a readonly field
object per cell, the row through the formset templates) and fetches every row: a case
with 500 timeline events rendered all 500 forms. This inline keeps Django's inline
machinery for what it is needed for (permissions, the place on the page, a management
form so that saving the parent page validates) but its formset holds no forms; the
rows are read in one query, `per_page` at a time, and written as a table (issue #12)."""

from contextlib import suppress
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.contrib.admin.utils import (
    display_for_field,
    label_for_field,
    lookup_field,
    quote,
)
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..compiled import CompiledQuery
from .form_classes import KeptInstanceInline, kept_class
from .rows import DateWriter

# The page parameter of an inline: "<prefix>-pagina" (events-pagina=2).
PAGE_PARAM = "{prefix}-pagina"

# The first page's queries, compiled once per inline class and foreign key.
_FIRST_PAGES: dict[tuple, CompiledQuery] = {}
# The attribute of a page's record with the (model, foreign key name) pairs it is known
# to have no rows of, as read with it: their inlines show "no rows" without a query.
EMPTY_RELATIONS = "_empty_relations"
_PARENT_MARK = -987654360


class OneEmptyFormInlineFormSet(BaseInlineFormSet):
    """Django's inline formset with its empty form (the template of a new row) made once
    per formset: Django makes a new one each time the admin asks for it, and a page asks
    for it five times per inline (its rows, labels, media, multipart), each a ModelForm
    with its fields (issue #12)."""

    empty_form = cached_property(BaseInlineFormSet.empty_form.fget)


@dataclass
class PageLink:
    url: str
    label: str


@dataclass
class ReadOnlyTable:
    """What the template writes: the column labels, each row's label (as Django's
    inline shows it above the row) and cells (safe HTML) and, when there is more than
    one page, where this page is and the links."""

    headers: list[tuple[str, str]]
    rows: list[tuple[str, list[tuple[str, str]]]]
    count: int | None = None
    first: int = 0
    last: int = 0
    links: list[PageLink] = field(default_factory=list)
    # Every row of the inline's queryset, when they all fit on this (first) page; None
    # otherwise. The parent page can pick from them instead of reading them again.
    every_row: list | None = None

    @property
    def body(self) -> str:
        """The rows as Django's tabular inline writes them (a row's label above its
        cells), put together here rather than cell by cell in the template."""
        return format_html_join(
            "\n",
            '<tr class="form-row has_original"><td class="original"><p>{}</p></td>{}</tr>',
            (
                (original, format_html_join("", '<td class="field-{}"><p>{}</p></td>', cells))
                for original, cells in self.rows
            ),
        )


# The labels of a field's choices by value (lazy texts: in the language of the page that
# shows them), as display_for_field looks them up, made once per field instead of per
# cell; None for a field without choices, with choices it cannot look up by value or
# with choices a function gives.
_CHOICE_LABELS: dict[models.Field, dict | None] = {}


def _choice_labels(field: models.Field) -> dict | None:
    try:
        return _CHOICE_LABELS[field]
    except KeyError:
        pass
    if isinstance(field.choices, CallableChoiceIterator):
        return None  # asked afresh each time, as Django does
    labels = None
    if field.flatchoices:
        try:
            labels = dict(field.flatchoices)
        except TypeError:  # list-like choices: display_for_field handles them
            labels = None
    _CHOICE_LABELS[field] = labels
    return labels


def field_value_html(model_field: models.Field, value, empty: str, dates: DateWriter | None) -> str:
    """A model field's value in a read-only cell, as `AdminReadonlyField.contents` writes
    one that is no relation: `display_for_field`, with a choice's label looked up in a
    dict made once per field, and a date, or a date and time, written as Django's
    `date_format` does from the format split once for the page (`dates`): a timeline of
    twenty events spent 0.3 ms formatting their times."""
    shown = None
    labels = _choice_labels(model_field)
    if labels is not None:
        with suppress(TypeError):  # an unhashable value: display_for_field handles it
            shown = labels.get(value, empty)
    elif (
        dates is not None
        and value is not None
        and isinstance(model_field, models.DateField)
        and not model_field.flatchoices
    ):
        # As display_for_field: a datetime field's value in the current time zone.
        if isinstance(model_field, models.DateTimeField):
            value = timezone.template_localtime(value)
        shown = dates.write(value)
    if shown is None:
        shown = display_for_field(value, model_field, empty)
    return conditional_escape(linebreaksbr(shown))


def readonly_contents(admin_field, dates: DateWriter | None = None) -> str:
    """`AdminReadonlyField.contents()` (the same HTML), with a model field's value written
    by `field_value_html`; a read-only widget, a relation and a many-to-many field go
    Django's own way."""
    name = admin_field.field["field"]
    form = admin_field.form
    if name in form.fields:  # a read-only widget (as the password hash) renders itself
        return admin_field.contents()
    empty = admin_field.empty_value_display
    try:
        model_field, attr, value = lookup_field(name, form.instance, admin_field.model_admin)
    except (AttributeError, ValueError, ObjectDoesNotExist):
        return conditional_escape(empty)
    if model_field is None:
        if getattr(attr, "boolean", False):
            return conditional_escape(_boolean_icon(value))
        return conditional_escape(value if hasattr(value, "__html__") else linebreaksbr(value))
    if model_field.remote_field is not None and value is not None:
        if isinstance(model_field.remote_field, models.ManyToManyRel):
            shown = ", ".join(map(str, value.all()))
        else:
            shown = admin_field.get_admin_url(model_field.remote_field, value)
        return conditional_escape(linebreaksbr(shown))
    return field_value_html(model_field, value, empty, dates)


class RowsOfRecord:
    """What BaseInlineFormSet makes of an inline's queryset (the rows of the page's
    record, or none for a record not saved yet), made only when a table asks for it: a
    read-only inline reads its first page by a compiled query, and the filter alone cost
    about 0.2 ms an inline on every page."""

    def __init__(self, queryset, lookup: dict | None = None, empty: bool = False):
        self._queryset, self._lookup, self.empty = queryset, lookup or {}, empty

    def filter(self, **lookup) -> "RowsOfRecord":
        return RowsOfRecord(self._queryset, {**self._lookup, **lookup})

    def none(self) -> "RowsOfRecord":
        return RowsOfRecord(self._queryset, self._lookup, empty=True)

    @property
    def db(self) -> str:
        return self._queryset.db

    @cached_property
    def queryset(self):
        queryset = self._queryset.filter(**self._lookup)
        return queryset.none() if self.empty else queryset


class ReadOnlyTabularInline(KeptInstanceInline, admin.TabularInline):
    """A record that is only ever appended by a service (history, timeline, consents):
    shown in the admin, never added, edited or deleted there."""

    extra = 0
    max_num = 0
    can_delete = False
    template = "admin/edit_inline/readonly_table.html"
    formset = OneEmptyFormInlineFormSet
    # Rows a page. A timeline of hundreds of events shows the newest page first.
    per_page = 20
    # For a model ordered oldest first (a timeline): the first page is the last rows,
    # still shown oldest first, with "older" and "newer" links.
    newest_page_first = False
    # Related records that the rows' labels read (beyond the shown foreign keys).
    table_select_related: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_formset(self, request, obj=None, **kwargs):
        base = self._base_formset(request, obj, **kwargs)
        inline = self

        class ReadOnlyFormSet(base):
            # No forms: nothing is edited here, and a POST of the parent page carries
            # an empty management form for this prefix.
            def __init__(self, *args, queryset=None, **kwargs):
                if queryset is None:
                    queryset = self.model._default_manager
                super().__init__(*args, queryset=RowsOfRecord(queryset), **kwargs)

            def get_queryset(self):
                return []

            @property
            def media(self):
                return forms.Media()

            def is_multipart(self):
                # Nothing is uploaded here (Django would build the empty form to ask).
                return False

            @cached_property
            def table(self) -> ReadOnlyTable:
                # Read once, whether the page's template or the parent admin asks first.
                return inline.table(
                    request, self.queryset, self.prefix, parent=(self.fk.name, self.instance)
                )

        return ReadOnlyFormSet

    def _base_formset(self, request, obj=None, **kwargs):
        """Django's formset class; built once per process for each set of permissions
        (`kept_class`) when the inline's fields, permissions and numbers of forms are
        the ones of this class (nothing of the request or the record goes into it)."""
        if kwargs or not self._formset_keeps():
            return super().get_formset(request, obj, **kwargs)
        key = (type(self), self.admin_site.name, self.parent_model, obj is None)
        return kept_class(
            request, key, lambda: super(ReadOnlyTabularInline, self).get_formset(request, obj)
        )

    def _formset_keeps(self) -> bool:
        cls, base = type(self), ReadOnlyTabularInline
        return all(
            getattr(cls, name) is getattr(base, name)
            for name in (
                "get_fieldsets",
                "get_fields",
                "get_exclude",
                "get_readonly_fields",
                "get_extra",
                "get_min_num",
                "get_max_num",
                "has_add_permission",
                "has_change_permission",
                "has_delete_permission",
                "formfield_for_dbfield",
            )
        )

    # --- The table ---------------------------------------------------------------------

    def _related(self) -> list[str]:
        # A name that is no field is a display method: it reads what it needs itself.
        fields = {model_field.name: model_field for model_field in self.model._meta.fields}
        return [name for name in self.fields if isinstance(fields.get(name), models.ForeignKey)]

    def _page_number(self, request, prefix: str) -> int:
        try:
            return max(1, int(request.GET.get(PAGE_PARAM.format(prefix=prefix), 1)))
        except ValueError:
            return 1

    def _link(self, request, prefix: str, page: int, label) -> PageLink:
        params = request.GET.copy()
        params[PAGE_PARAM.format(prefix=prefix)] = str(page)
        return PageLink(url=f"?{params.urlencode()}#{prefix}-group", label=str(label))

    def table(self, request, queryset, prefix: str, parent=None) -> ReadOnlyTable:
        """One page of rows: one query, and a count only when there is more than one
        page. `queryset`: the rows (a `RowsOfRecord` is made into a queryset only to
        read more than the first page, or to count). `parent` (the foreign key's name and
        the page's record) is set on each row, so a row's label that names it reads no
        more."""
        if isinstance(queryset, RowsOfRecord):
            rows, empty = queryset, queryset.empty
        else:
            rows, empty = None, queryset.query.is_empty()
        page = self._page_number(request, prefix)
        compiles = parent is not None and not empty and self._first_page_compiles()
        if page > 1 or not compiles:
            queryset = self._table_queryset(rows.queryset if rows is not None else queryset)
        count = None
        if page > 1:
            count = queryset.count()
            page = min(page, max(1, -(-count // self.per_page)))
        start = (page - 1) * self.per_page
        if page == 1 and compiles:
            if (self.model, parent[0]) in getattr(parent[1], EMPTY_RELATIONS, ()):
                # The record was read with the knowledge that it has none.
                objects = []
            else:
                # The page almost everyone sees: its query compiled once per process.
                first_page = self._first_page(parent[0])
                objects = first_page.objects(parent[1].pk, using=queryset.db)
        else:
            objects = list(queryset[start : start + self.per_page + 1])
        more = len(objects) > self.per_page
        objects = objects[: self.per_page]
        if more and count is None:
            if isinstance(queryset, RowsOfRecord):
                queryset = queryset.queryset
            count = queryset.count()
        if self.newest_page_first:
            objects.reverse()
        if parent is not None:
            for obj in objects:
                setattr(obj, *parent)
        dates = DateWriter() if objects else None
        table = ReadOnlyTable(
            headers=[
                (name, capfirst(label_for_field(name, self.model, self))) for name in self.fields
            ],
            rows=[
                (str(obj), [(name, self.cell(obj, name, dates)) for name in self.fields])
                for obj in objects
            ],
        )
        if count is None and page == 1:
            table.every_row = objects
        if count is not None:
            table.count, table.first, table.last = count, start + 1, start + len(objects)
            if self.newest_page_first:
                table.first, table.last = count - table.last + 1, count - start
                later, earlier = _("Nieuwere"), _("Oudere")
            else:
                later, earlier = _("Vorige"), _("Volgende")
            if page > 1:
                table.links.append(self._link(request, prefix, page - 1, later))
            if more:
                table.links.append(self._link(request, prefix, page + 1, earlier))
        return table

    def _table_queryset(self, queryset):
        related = [*self._related(), *self.table_select_related]
        if related:  # select_related() without names would follow every foreign key
            queryset = queryset.select_related(*related)
        if self.newest_page_first:
            queryset = queryset.reverse()
        return queryset

    def _first_page_compiles(self) -> bool:
        # Only an inline that reads its rows as Django's does (whatever the request):
        # its queryset is then the model's rows of the page's record, in `ordering`.
        return (
            type(self).get_queryset is ReadOnlyTabularInline.get_queryset
            and type(self).get_ordering is ReadOnlyTabularInline.get_ordering
        )

    def _first_page(self, fk_name: str) -> CompiledQuery:
        """The first page of rows (and one more, to tell whether there is a next page) of
        the record with the marker's id, as `table` reads it from the formset's queryset."""
        key = (type(self), fk_name)
        compiled = _FIRST_PAGES.get(key)
        if compiled is None:

            def build(pk):
                queryset = self.model._default_manager.get_queryset()
                if self.ordering:
                    queryset = queryset.order_by(*self.ordering)
                queryset = self._table_queryset(queryset.filter(**{fk_name: pk}))
                return queryset[: self.per_page + 1]

            compiled = _FIRST_PAGES[key] = CompiledQuery(build, _PARENT_MARK)
        return compiled

    def cell(self, obj, name: str, dates: DateWriter | None = None) -> str:
        """A cell as the admin's read-only field shows it (`AdminReadonlyField.contents`):
        a display method's value, a yes/no icon, a link to a related record's page, a
        field's display value (`field_value_html`, with the table's `dates`)."""
        empty = self.get_empty_value_display()
        try:
            model_field, attr, value = lookup_field(name, obj, self)
        except (AttributeError, ValueError, ObjectDoesNotExist):
            return empty
        if model_field is None:
            if getattr(attr, "boolean", False):
                return _boolean_icon(value)
            return value if hasattr(value, "__html__") else linebreaksbr(value)
        if isinstance(model_field, models.ForeignKey) and value is not None:
            return self._admin_link(value)
        return field_value_html(model_field, value, empty, dates)

    def _admin_link(self, remote_obj) -> str:
        opts = remote_obj._meta
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[quote(remote_obj.pk)],
                current_app=self.admin_site.name,
            )
        except NoReverseMatch:
            return conditional_escape(str(remote_obj))
        return format_html('<a href="{}">{}</a>', url, remote_obj)
