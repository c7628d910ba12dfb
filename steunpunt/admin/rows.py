"""The rows of a long admin list, written without Django's per-cell work (issue #12).

Django's `items_for_result` works out, for every cell of every row, what the column is
(a field, a model admin method, an attribute), which class it gets, whether it links,
and for a linking cell resolves the change URL again to add the list's filters. All of
that is the same for every row of one list: `RowRenderer` works it out once per list
and then only reads the values of each row. The HTML is the same as Django's, cell for
cell (tested against Django's own output, `tests/steunpunt/test_light_list.py`).

A list with editable columns (`list_editable`) is left to Django.
"""

import datetime
import html
from collections.abc import Callable

from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (
    _boolean_icon,
    _coerce_field_name,
)
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.dateformat import DateFormat, TimeFormat, re_escaped, re_formatchars
from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from steunpunt.admin.preserved_filters import add_preserved_filters

from .base import LightListAdmin

_DATES = (datetime.date, datetime.time)


# Django's escape and conditional_escape, the same text, without `keep_lazy`'s check of
# the arguments on every call: a list of fifty rows escapes some six hundred values.
def _escape(value) -> SafeString:
    return SafeString(html.escape(str(value)))


def _conditional_escape(value) -> SafeString:
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(value)


_TEXT = (str, SafeString)


def _blank_to_empty(value):
    if isinstance(value, str) and value.strip() == "":
        return ""
    return value


def _is_flag(value) -> bool:
    # True, False or None itself (not 1 or 0: Django's icon writes the value as its alt).
    return value is True or value is False or value is None


def _checkbox_writer() -> Callable:
    """`LightListAdmin.action_checkbox` with its label translated once per list instead
    of once per row (the same HTML)."""
    label = gettext("Select this object for an action - {}")
    name = escape(helpers.ACTION_CHECKBOX_NAME)

    def checkbox(obj) -> SafeString:
        return SafeString(
            f'<input type="checkbox" name="{name}" value="{_escape(str(obj.pk))}" '
            f'class="action-select" aria-label="{label.format(_escape(str(obj)))}">'
        )

    return checkbox


# Format characters that read the time zone (DateFormat's own `timezone`): a format
# with one of these is left to Django's `date_format`.
_ZONED = frozenset("cIOrTUeZ")


class DateWriter:
    """`formats.localize(value)` of a date or datetime as `display_for_field` writes it
    (in the language active when made), with the format split into its parts once
    instead of for every cell: fifty rows with two dates each cost 2.5 ms in
    `date_format`. Each part is DateFormat's own method, given the value."""

    def __init__(self):
        dates = self._split(get_format("DATE_FORMAT"))
        if dates and any(method and hasattr(TimeFormat, piece) for method, piece in dates):
            dates = None  # Django refuses a time in a date's format: its error it is
        self._parts = {
            datetime.datetime: self._split(get_format("DATETIME_FORMAT")),
            datetime.date: dates,
        }

    @staticmethod
    def _split(format_string) -> list | None:
        parts = []
        for index, piece in enumerate(re_formatchars.split(str(format_string))):
            if index % 2:
                if piece in _ZONED:
                    return None
                parts.append((getattr(DateFormat, piece), piece))
            elif piece:
                parts.append((None, re_escaped.sub(r"\1", piece)))
        return parts

    def write(self, value) -> str | None:
        """The value as text, or None for a value this writer leaves to Django."""
        parts = self._parts.get(type(value))
        if parts is None:
            return None
        formatter = DateFormat.__new__(DateFormat)
        formatter.data = value
        formatter.timezone = None
        return "".join(
            piece if method is None else str(method(formatter)) for method, piece in parts
        )


class _Column:
    """One column of the list: how a row's value is found and shown, worked out once."""

    def __init__(self, cl, index: int, name, *, link: bool, is_first_link: bool):
        model_admin = cl.model_admin
        self.name = name
        self.link = link
        self.tag = "th" if is_first_link else "td"
        self.empty = model_admin.get_empty_value_display()
        self.classes = [f"field-{_coerce_field_name(name, index)}"]
        self.field = None
        self.value: Callable | None = None  # how to read the value; None: lookup_field
        self.boolean = False
        self.choices: dict | None = None
        # A date or datetime field: written by `DateWriter` (set by `prepare`).
        self.dated = False
        self.dates: DateWriter | None = None
        self.text = False
        self.integer = False
        # A yes/no field's icons, made once per list (each is a `static()` lookup).
        self.icons: dict = {}
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            self._init_computed(model_admin, name)
        else:
            self._init_field(field)

    def _init_computed(self, model_admin, name) -> None:
        # lookup_field's first two cases: the attribute is the same for every row.
        if callable(name):
            attr = name
        elif hasattr(model_admin, name) and name != "__str__":
            attr = getattr(model_admin, name)
        else:
            return  # an attribute of the row (or a path): lookup_field per row
        self.value = attr
        self.boolean = getattr(attr, "boolean", False)
        self.empty_shown = getattr(attr, "empty_value_display", self.empty)
        if name == "action_checkbox":
            self.classes = ["action-checkbox"]
            if getattr(attr, "__func__", None) is LightListAdmin.action_checkbox:
                self.value = _checkbox_writer()

    def _init_field(self, field) -> None:
        self.field = field
        self.empty_shown = self.empty
        if field.auto_created:
            return
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            self.classes.append("nowrap")
        plain = not getattr(field, "flatchoices", None)
        self.dated = plain and isinstance(field, models.DateField)
        # Text and whole numbers as display_for_field shows them, without its checks for
        # every kind of field (and a format lookup per number).
        self.text = (
            plain
            and isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, models.URLField)
        )
        self.integer = (
            plain and isinstance(field, models.IntegerField) and not settings.USE_THOUSAND_SEPARATOR
        )
        if isinstance(field.remote_field, models.ManyToOneRel):
            return
        if isinstance(field, models.BooleanField) and not field.flatchoices:
            self.boolean = True  # display_for_field shows an icon
            return
        if getattr(field, "flatchoices", None):
            try:
                self.choices = {key: conditional_escape(label) for key, label in field.flatchoices}
            except TypeError:  # list-like choices: display_for_field handles them
                self.choices = None

    def _class_attr(self, classes: list[str]) -> str:
        return ' class="{}"'.format(" ".join(classes))

    def html(self, result) -> tuple[str, str]:
        """The cell's shown value (escaped HTML) and its class attribute."""
        try:
            if self.field is None:
                return self._computed_html(result)
            shown = self._field_html(result)
        except ObjectDoesNotExist:
            return self._empty_html, self._fixed_class
        if self.field.auto_created and isinstance(getattr(result, self.name), _DATES):
            return shown, self._class_attr([*self.classes, "nowrap"])
        return shown, self._fixed_class

    def _field_html(self, result) -> str:
        field = self.field
        if isinstance(field.remote_field, models.ManyToOneRel) and not field.auto_created:
            related = getattr(result, field.name)
            return _conditional_escape(self.empty if related is None else related)
        value = _blank_to_empty(getattr(result, self.name))
        if field.auto_created:
            return _conditional_escape(display_for_value(value, self.empty))
        if self.boolean and _is_flag(value):
            return self._icon(value)
        if self.choices is not None:
            try:
                return self.choices.get(value, self._empty_html)
            except TypeError:  # an unhashable value: display_for_field handles it
                pass
        if self.text and type(value) is str:
            return _conditional_escape(value) if value else self._empty_html
        if self.integer and type(value) is int:
            return str(value)
        if self.dated and value is not None:
            shown = self.dates.write(self._local(value))
            if shown is not None:
                return _conditional_escape(shown)
        return _conditional_escape(
            display_for_field(value, field, self.empty, avoid_link=self.link)
        )

    def _local(self, value):
        # As display_for_field: a datetime field's value in the current time zone.
        if isinstance(self.field, models.DateTimeField):
            return timezone.template_localtime(value)
        return value

    def _computed_html(self, result) -> tuple[str, str]:
        if self.value is not None:
            value = self.value(result)
            boolean, empty = self.boolean, self.empty_shown
        else:
            _field, attr, value = lookup_field(self.name, result, self.cl_admin)
            empty = getattr(attr, "empty_value_display", self.empty)
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
        value = _blank_to_empty(value)
        if type(value) in _TEXT and value and not boolean:
            # What display_for_value gives a text (itself), without its checks.
            return _conditional_escape(value), self._fixed_class
        if boolean and _is_flag(value):
            shown = self._icon(value)
        else:
            shown = _boolean_icon(value) if boolean else display_for_value(value, empty, boolean)
        if isinstance(value, _DATES):
            return _conditional_escape(shown), self._class_attr([*self.classes, "nowrap"])
        return _conditional_escape(shown), self._fixed_class

    def _icon(self, value) -> str:
        icon = self.icons.get(value)
        if icon is None:
            icon = self.icons[value] = _boolean_icon(value)
        return icon

    def prepare(self, cl, dates: DateWriter) -> None:
        self.cl_admin = cl.model_admin
        self.dates = dates
        self._fixed_class = self._class_attr(self.classes)
        self._empty_html = conditional_escape(self.empty)


class RowRenderer:
    """Writes the cells of each row of `cl` (a `LightChangeList`) as Django would."""

    def __init__(self, cl):
        self.cl = cl
        self.columns = []
        first = True
        links = cl.list_display_links
        dates = DateWriter()
        for index, name in enumerate(cl.list_display):
            if links is None:
                link = False
            elif first and not links:
                link = True
            else:
                link = name in links
            column = _Column(cl, index, name, link=link, is_first_link=link and first)
            column.prepare(cl, dates)
            self.columns.append(column)
            if link:
                first = False
        self._link = self._link_template()

    def _link_template(self) -> tuple[str, str] | None:
        """The escaped change URL with its preserved filters, around a stand-in for the
        primary key; None when the model has no change URL."""
        cl = self.cl
        try:
            url = cl.change_url_template()
        except NoReverseMatch:
            return None
        url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url
        )
        before, _pk, after = escape(url).partition(escape(cl.PK_STANDIN))
        return before, after

    def _link_html(self, result, shown: str) -> str:
        if self._link is None:
            return shown
        cl = self.cl
        before, after = self._link
        url = SafeString(before + _escape(str(quote(getattr(result, cl.pk_attname)))) + after)
        popup = ""
        if cl.is_popup:
            attr = str(cl.to_field) if cl.to_field else cl.lookup_opts.pk.attname
            popup = format_html(' data-popup-opener="{}"', result.serializable_value(attr))
        return format_html('<a href="{}"{}>{}</a>', url, popup, mark_safe(shown))

    def cells(self, result) -> list[SafeString]:
        cells = []
        for column in self.columns:
            shown, class_attr = column.html(result)
            if column.link:
                shown = self._link_html(result, shown)
                tag = column.tag
                cells.append(SafeString(f"<{tag}{class_attr}>{shown}</{tag}>"))
            else:
                cells.append(SafeString(f"<td{class_attr}>{shown}</td>"))
        return cells
