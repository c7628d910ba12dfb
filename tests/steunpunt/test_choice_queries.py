"""The model choice fields' choices (steunpunt/forms.py): every row of a model in an
order from a query compiled once per process; any other queryset read as it is (issue
#12)."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from casussen.models import SignalTag
from steunpunt.forms import (
    ModelChoiceField,
    ModelMultipleChoiceField,
    _every_row,
    known_choices,
)
from steunpunt.models import Theme
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def _choices(field) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.choices]


def _expected(queryset, empty: bool = True) -> list[tuple[str, str]]:
    rows = [(str(row.pk), str(row)) for row in queryset]
    return [("", "---------"), *rows] if empty else rows


@pytest.mark.parametrize(
    "order",
    [(), ("name",), ("-position", "name"), (F("name").desc(),)],
)
def test_choices_of_every_row_are_the_querysets_in_its_order(order):
    for position, name in enumerate(["Beta", "Alfa", "Gamma"]):
        ThemeFactory(name=name, position=position % 2)
    queryset = Theme.objects.order_by(*order) if order else Theme.objects.all()
    field = ModelChoiceField(queryset=queryset)

    assert _every_row(field.queryset) is not None
    assert _choices(field) == _expected(queryset)


def test_reversed_choices_are_the_querysets_reversed():
    for name in ["Beta", "Alfa", "Gamma"]:
        ThemeFactory(name=name)
    queryset = Theme.objects.order_by("name").reverse()

    assert _choices(ModelChoiceField(queryset=queryset)) == _expected(queryset)


@pytest.mark.parametrize(
    "narrow",
    [
        lambda rows: rows.filter(is_active=True),
        lambda rows: rows.order_by("name")[:1],
        lambda rows: rows.only("name"),
        lambda rows: rows.distinct(),
        lambda rows: rows.annotate(big=F("position") + 1),
    ],
)
def test_choices_of_a_narrowed_queryset_are_read_as_it_is(narrow):
    ThemeFactory(name="Actief")
    ThemeFactory(name="Oud", is_active=False)
    queryset = narrow(Theme.objects.all())

    assert _every_row(queryset) is None
    assert _choices(ModelChoiceField(queryset=queryset)) == _expected(queryset)


def test_choices_are_read_afresh_each_time_in_one_query():
    field = ModelMultipleChoiceField(queryset=SignalTag.objects.all())
    SignalTag.objects.create(name="Eerste", slug="eerste")
    _choices(field)
    SignalTag.objects.create(name="Tweede", slug="tweede")

    with CaptureQueriesContext(connection) as queries:
        choices = _choices(field)

    assert len(queries.captured_queries) == 1
    assert choices == _expected(SignalTag.objects.all(), empty=False)
    assert [label for _value, label in choices] == ["Eerste", "Tweede"]


def test_known_choices_are_shown_without_reading_them():
    first = SignalTag.objects.create(name="Eerste", slug="eerste")
    second = SignalTag.objects.create(name="Tweede", slug="tweede")
    field = ModelMultipleChoiceField(queryset=SignalTag.objects.all())

    handed = known_choices(field, [first, second])
    with CaptureQueriesContext(connection) as queries:
        # What the widget shows: its own choices.
        choices = [(str(value), str(label)) for value, label in field.widget.choices]

    assert handed
    assert len(queries.captured_queries) == 0
    assert choices == [(str(first.pk), "Eerste"), (str(second.pk), "Tweede")]


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: SignalTag.objects.filter(name="Eerste"),
        lambda: SignalTag.objects.order_by("-name"),
    ],
)
def test_known_choices_are_refused_for_a_field_of_other_rows(queryset):
    tag = SignalTag.objects.create(name="Eerste", slug="eerste")
    field = ModelMultipleChoiceField(queryset=queryset())

    assert not known_choices(field, [tag])
    assert field.widget.choices.known_rows is None
