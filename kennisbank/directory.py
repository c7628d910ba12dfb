"""The wegwijzer: which partners in the region help with what, and how to reach them.

Only public facts about organisations live here (no personal data), so the page is open
to everyone. By default it lists partners; schools are one choice away, because a
parent usually already knows their own school.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from steunpunt.models import Municipality, Organisation, Theme

SCHOOLS = "school"
PAGE_SIZE = 20
Q_MAX_LENGTH = 100


def _kind_position() -> Case:
    # The order the kinds are declared in (samenwerkingsverband before wijkteam, "anders"
    # last) reads better than the alphabetical order of their stored values.
    return Case(
        *[
            When(kind=value, then=Value(position))
            for position, value in enumerate(Organisation.Kind.values)
        ],
        default=Value(len(Organisation.Kind.values)),
        output_field=IntegerField(),
    )


def directory_organisations(
    *,
    municipality: Municipality | None,
    theme: Theme | None,
    kind: str | None,
    q: str = "",
) -> QuerySet[Organisation]:
    """Active organisations for the wegwijzer.

    `kind` None means every partner but no schools, `"school"` every school, any other
    value that one kind. A municipality also brings in the region-wide organisations.
    """
    organisations = Organisation.objects.filter(is_active=True)
    if kind is None:
        organisations = organisations.exclude(kind__in=Organisation.SCHOOL_KINDS)
    elif kind == SCHOOLS:
        organisations = organisations.filter(kind__in=Organisation.SCHOOL_KINDS)
    else:
        organisations = organisations.filter(kind=kind)
    if municipality is not None:
        organisations = organisations.filter(
            Q(municipality=municipality) | Q(municipality__isnull=True)
        )
    if theme is not None:
        organisations = organisations.filter(themes=theme)
    q = q.strip()
    if q:
        organisations = organisations.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return (
        organisations.select_related("municipality")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.filter(is_active=True)),
        )
        .order_by(_kind_position(), "name", "pk")
    )


class _LenientChoiceField(forms.ChoiceField):
    """A choice that is dropped instead of refused when it is not on the list.

    Links to the wegwijzer outlive renamed municipalities and retired themes; an old link
    should show the unfiltered list, not a page full of errors.
    """

    def validate(self, value) -> None:
        pass  # the form's clean_<field> turns an unknown value into "no filter"


class DirectoryFilterForm(forms.Form):
    """The filters of the wegwijzer. Every field is optional; an unknown value is no filter."""

    gemeente = _LenientChoiceField(label=_("Gemeente"), required=False)
    thema = _LenientChoiceField(label=_("Thema"), required=False)
    soort = _LenientChoiceField(label=_("Soort organisatie"), required=False)
    q = forms.CharField(label=_("Zoek op naam"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One query each; cleaning looks the chosen slug up in these dicts, not the database.
        self._municipalities = {m.slug: m for m in Municipality.objects.order_by("name")}
        self._themes = {t.slug: t for t in Theme.objects.filter(is_active=True)}
        self.fields["gemeente"].choices = [
            ("", _("Alle gemeenten")),
            *[(slug, m.name) for slug, m in self._municipalities.items()],
        ]
        self.fields["thema"].choices = [
            ("", _("Alle thema's")),
            *[(slug, t.name) for slug, t in self._themes.items()],
        ]
        kinds = Organisation.Kind
        self.fields["soort"].choices = [
            ("", _("Alle partners (geen scholen)")),
            (SCHOOLS, _("Alle scholen")),
            (
                _("Partners"),
                [(k.value, k.label) for k in kinds if k not in Organisation.SCHOOL_KINDS],
            ),
            (
                _("Scholen"),
                [(k.value, k.label) for k in kinds if k in Organisation.SCHOOL_KINDS],
            ),
        ]
        for name in ["gemeente", "thema", "soort"]:
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "maxlength": Q_MAX_LENGTH, "autocomplete": "off"}
        )

    def clean_gemeente(self) -> Municipality | None:
        return self._municipalities.get(self.cleaned_data["gemeente"])

    def clean_thema(self) -> Theme | None:
        return self._themes.get(self.cleaned_data["thema"])

    def clean_soort(self) -> str | None:
        value = self.cleaned_data["soort"]
        return value if value == SCHOOLS or value in Organisation.Kind.values else None

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:Q_MAX_LENGTH]

    def filters(self) -> dict:
        """Keyword arguments for `directory_organisations`."""
        # Only a null character in q can fail (PostgreSQL refuses it): q is then left out.
        self.is_valid()
        data = self.cleaned_data
        return {
            "municipality": data.get("gemeente"),
            "theme": data.get("thema"),
            "kind": data.get("soort"),
            "q": data.get("q", ""),
        }


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    organisations = directory_organisations(**form.filters())
    paginator = Paginator(organisations, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "kennisbank/directory.html",
        {
            "form": form,
            "page_obj": page_obj,
            "organisations": page_obj.object_list,
            "page_range": paginator.get_elided_page_range(
                page_obj.number, on_each_side=1, on_ends=1
            ),
        },
    )
