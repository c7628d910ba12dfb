"""Form fields every app uses instead of Django's model choice fields.

Django hands a chosen id to the database as it came in. A 26-digit number does not fit
in a database integer, and SQLite answers with an ``OverflowError`` (a 500) instead of
"no such row". These fields first check that the id could exist at all, so bad input
always ends as the normal "choose from the list" form error. And they read their
choices in one query rather than through a cursor (`ListedModelChoiceIterator`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.query import ModelIterable
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .compiled import CompiledQuery

INVALID_CHOICE = _("Kies een van de mogelijkheden uit de lijst.")


def fits_in_key(field: models.Field, number: int, *, using: str = "default") -> bool:
    """Whether `number` lies in the range the database holds for this integer field."""
    low, high = connections[using].ops.integer_field_range(field.get_internal_type())
    return (low is None or number >= low) and (high is None or number <= high)


class _SafeChoiceMixin:
    """Refuse ids that are no whole number or lie outside the database's range."""

    def _key_field(self) -> models.Field:
        meta = self.queryset.model._meta
        return meta.pk if not self.to_field_name else meta.get_field(self.to_field_name)

    def _could_exist(self, value) -> bool:
        field = self._key_field()
        if not isinstance(field, models.IntegerField):
            return True
        try:
            number = int(str(value).strip())
        except ValueError:
            return False
        return fits_in_key(field, number, using=self.queryset.db)

    def _refuse(self, value):
        return ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


# Every row of a model in an order, compiled once per process (`_every_row`).
_EVERY_ROW: dict[tuple, CompiledQuery] = {}


def _every_row(queryset) -> CompiledQuery | None:
    """For a queryset of every row of its model (no filter, annotation, slice, related
    rows or deferred fields: a theme's or a signal's choices), the same query compiled
    once per process; None for any other queryset."""
    query = queryset.query
    plain = (
        queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
        and type(queryset) is models.QuerySet
        and not query.where
        and not query.annotations
        and not query.extra
        and not query.extra_order_by
        and not query.select_related
        and not query.distinct
        and not query.select_for_update
        and not query.combinator
        and not query.values_select
        and query.deferred_loading == (frozenset(), True)
        and query.low_mark == 0
        and query.high_mark is None
        and len(query.alias_map) <= 1
    )
    if not plain:
        return None
    model, order_by = queryset.model, query.order_by
    default_ordering, standard_ordering = query.default_ordering, query.standard_ordering
    key = (model, tuple(map(str, order_by)), default_ordering, standard_ordering)
    compiled = _EVERY_ROW.get(key)
    if compiled is None:

        def build():
            rows = models.QuerySet(model)
            if order_by:
                rows = rows.order_by(*order_by)
            rows.query.default_ordering = default_ordering
            rows.query.standard_ordering = standard_ordering
            return rows

        compiled = _EVERY_ROW[key] = CompiledQuery(build)
    return compiled


class ListedModelChoiceIterator(ModelChoiceIterator):
    """Django's, with the choices read in one round trip. Django reads them with
    `iterator()`, on PostgreSQL a server-side cursor (DECLARE, FETCH until none are
    left, CLOSE: four round trips for a dozen themes, twice the time of one query),
    meant for results too big to hold; a select's or checkbox list's choices all go
    into the page anyway. Each iteration reads them afresh, as Django's does. When the
    choices are every row of their model in an order (themes, signals), the query is
    compiled once per process (issue #12)."""

    # Every row of the queryset, when the page read them already (`known_choices`).
    known_rows: list | None = None

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.known_rows
        if rows is None:
            compiled = _every_row(self.queryset)
            rows = (
                self.queryset.all()
                if compiled is None
                else compiled.objects(using=self.queryset.db)
            )
        for obj in rows:
            yield self.choice(obj)


def known_choices(field, rows: list) -> bool:
    """Hand a model choice field's widget `rows`, every row of its model in the order
    of its queryset, which the page read already: it then reads no choices itself. Only
    for a field whose queryset is that (every row, in the model's order); False when it
    is not."""
    queryset = getattr(field, "queryset", None)
    if (
        queryset is None
        or _every_row(queryset) is None
        or queryset.query.order_by
        or not queryset.query.default_ordering
        or not queryset.query.standard_ordering
        or any(not isinstance(row, queryset.model) for row in rows)
    ):
        return False
    widget = field.widget
    handed = False
    for choices in (
        getattr(widget, "choices", None),
        getattr(getattr(widget, "widget", None), "choices", None),
    ):
        if isinstance(choices, ListedModelChoiceIterator):
            choices.known_rows = list(rows)
            handed = True
    return handed


class ModelChoiceField(_SafeChoiceMixin, forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE}
    iterator = ListedModelChoiceIterator

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, self.queryset.model)
            and not self._could_exist(value)
        ):
            raise self._refuse(value)
        return super().to_python(value)


class ModelMultipleChoiceField(_SafeChoiceMixin, forms.ModelMultipleChoiceField):
    iterator = ListedModelChoiceIterator
    default_error_messages = {
        "invalid_choice": INVALID_CHOICE,
        "invalid_pk_value": INVALID_CHOICE,
        "invalid_list": INVALID_CHOICE,
    }

    def _check_values(self, value):
        if isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str | int) and not self._could_exist(item):
                    raise self._refuse(item)
        return super()._check_values(value)


def _flat_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python: True is a bare name, False is left out."""
    return mark_safe(  # every part went through format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """A select that renders in Python the HTML Django's select templates make.

    Through the form renderer, every option is a template include of its own: three
    selects with 30 options cost 3 ms on the wegwijzer, more than its queries. The output
    is the same, character for character (tests/steunpunt/test_quick_select.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _flat_attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # the option template ends in one
                    str(option["value"]),
                    _flat_attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part went through format_html


def _privacy_read_label() -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Ik heb gelezen wat het steunpunt met mijn gegevens doet."),
        reverse_lazy("privacy"),
        _("Lees de privacyverklaring"),
    )


# The label of every "I have read the privacy statement" checkbox, with the link to it.
PRIVACY_READ_LABEL = lazy(_privacy_read_label, str)()
