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
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from steunpunt import public_cache
from steunpunt.forms import QuickSelect
from steunpunt.models import Municipality, Organisation, Theme
from steunpunt.selectors import site_settings

from . import page_cache, search
from .rendering import fold
from .search import MIN_PREFIX_LENGTH

SCHOOLS = "school"
EVERY_KIND = "alle"
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


def _stem(word: str) -> str:
    """Drop a Dutch plural or -er ending, so 'thuiszitten' also finds 'thuiszitter'."""
    for suffix in ("ers", "en", "er", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def _word_matches(word: str) -> Q:
    """Organisations whose name, what they help with, themes, place or kind has the word."""
    kinds = [
        value
        for value, label in Organisation.Kind.choices
        if (f"({word})" if len(word) < MIN_PREFIX_LENGTH else word) in fold(str(label))
    ]
    if len(word) < MIN_PREFIX_LENGTH:
        # An abbreviation is a whole word of the name ("SO De Lichtboei"), never a piece.
        return (
            Q(name__istartswith=f"{word} ")
            | Q(name__icontains=f" {word} ")
            | Q(name__iendswith=f" {word}")
            | Q(kind__in=kinds)
        )
    stem = _stem(word)
    in_themes = Theme.objects.filter(is_active=True, name__icontains=stem)
    return (
        Q(name__icontains=stem)
        | Q(description__icontains=stem)
        | Q(municipality__name__icontains=stem)
        | Q(pk__in=Organisation.objects.filter(themes__in=in_themes).values("pk"))
        | Q(kind__in=kinds)
    )


def _query_matches(q: str) -> tuple[Q, Q]:
    """(the organisations matching every word of q, those with one of them in the name).

    Every word or phrase may also be one of its synonyms (kennisbank.synonyms)."""
    matches, in_name = Q(), Q(pk__in=[])
    for slot in search.search_plan(q, correct=False).slots:
        any_alternative, named = Q(pk__in=[]), Q(pk__in=[])
        for alternative in slot:
            every_word, words_in_name = Q(), Q()
            for word in alternative:
                every_word &= _word_matches(word)
                words_in_name &= Q(name__icontains=_stem(word))
            any_alternative |= every_word
            named |= words_in_name
        matches &= any_alternative
        in_name |= named
    return matches, in_name


def _matching(
    *, municipality: Municipality | None, theme: Theme | None, q: str
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.filter(is_active=True)
    if municipality is not None:
        organisations = organisations.filter(
            Q(municipality=municipality) | Q(municipality__isnull=True)
        )
    if theme is not None:
        organisations = organisations.filter(themes=theme)
    q = q.strip()
    if q:
        matches, in_name = _query_matches(q)
        organisations = organisations.filter(matches).annotate(
            name_first=Case(When(in_name, then=Value(0)), default=Value(1))
        )
    else:
        organisations = organisations.annotate(name_first=Value(0))
    return organisations


def _of_kind(organisations: QuerySet[Organisation], kind: str | None):
    if kind is None:
        return organisations.exclude(kind__in=Organisation.SCHOOL_KINDS)
    if kind == SCHOOLS:
        return organisations.filter(kind__in=Organisation.SCHOOL_KINDS)
    if kind == EVERY_KIND:
        return organisations
    return organisations.filter(kind=kind)


def directory_organisations(
    *,
    municipality: Municipality | None,
    theme: Theme | None,
    kind: str | None,
    q: str = "",
) -> QuerySet[Organisation]:
    """Active organisations for the wegwijzer.

    `kind` None means every partner but no schools, `"school"` every school, `"alle"`
    every organisation, any other value that one kind. A municipality also brings in the
    region-wide organisations. `q` is looked for in the name, what they help with, the
    themes, the municipality and the kind, with the synonyms of the kennisbank; the
    organisations with it in their name come first.
    """
    organisations = _of_kind(_matching(municipality=municipality, theme=theme, q=q), kind)
    return (
        organisations.select_related("municipality")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.filter(is_active=True)),
        )
        .order_by("name_first", _kind_position(), "name", "pk")
    )


def hidden_matches(
    *,
    municipality: Municipality | None,
    theme: Theme | None,
    kind: str | None,
    q: str = "",
    shown: int,
) -> dict | None:
    """What the search would find if the filters let it: so the page can offer it.

    Only asked when there is a search word. First the kind ("3 scholen die nu verborgen
    zijn"), then, when nothing is found at all, the municipality and theme too."""
    if not q.strip():
        return None
    if kind != EVERY_KIND:
        every_kind = _matching(municipality=municipality, theme=theme, q=q).count()
        if every_kind > shown:
            what = "schools" if kind is None else "partners" if kind == SCHOOLS else "others"
            return {"count": every_kind - shown, "what": what, "params": {"soort": EVERY_KIND}}
    if shown == 0 and (municipality is not None or theme is not None):
        anywhere = _matching(municipality=None, theme=None, q=q).count()
        if anywhere:
            return {
                "count": anywhere,
                "what": "elsewhere",
                "params": {"soort": EVERY_KIND, "gemeente": "", "thema": ""},
            }
    return None


class _LenientChoiceField(forms.ChoiceField):
    """A choice that is dropped instead of refused when it is not on the list.

    Links to the wegwijzer outlive renamed municipalities and retired themes; an old link
    should show the unfiltered list, not a page full of errors.
    """

    def validate(self, value) -> None:
        pass  # the form's clean_<field> turns an unknown value into "no filter"


class DirectoryFilterForm(forms.Form):
    """The filters of the wegwijzer. Every field is optional; an unknown value is no filter."""

    gemeente = _LenientChoiceField(widget=QuickSelect, label=_("Gemeente"), required=False)
    thema = _LenientChoiceField(widget=QuickSelect, label=_("Thema"), required=False)
    soort = _LenientChoiceField(widget=QuickSelect, label=_("Soort organisatie"), required=False)
    q = forms.CharField(
        label=_("Zoek op naam, onderwerp of plaats"),
        required=False,
        help_text=_("Bijvoorbeeld: thuiszitten, Heiloo of de naam van een school."),
    )

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
            (EVERY_KIND, _("Alle partners en scholen")),
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
            {
                "class": "form-control",
                "maxlength": Q_MAX_LENGTH,
                "autocomplete": "off",
                "aria-describedby": "id_q_help",
            }
        )

    def clean_gemeente(self) -> Municipality | None:
        return self._municipalities.get(self.cleaned_data["gemeente"])

    def clean_thema(self) -> Theme | None:
        return self._themes.get(self.cleaned_data["thema"])

    def clean_soort(self) -> str | None:
        value = self.cleaned_data["soort"]
        known = value in {SCHOOLS, EVERY_KIND} or value in Organisation.Kind.values
        return value if known else None

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


# The wegwijzer follows every change of what it shows at once (kennisbank.page_cache).
PART_TIMEOUT = 60 * 60
CACHED_QUERY_LENGTH = 300


def _directory_part(request: HttpRequest) -> dict:
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    organisations = directory_organisations(**filters)
    paginator = Paginator(organisations, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    hidden = hidden_matches(**filters, shown=paginator.count)
    if hidden:
        params = request.GET.copy()
        params.pop("page", None)
        for name, value in hidden.pop("params").items():
            params[name] = value
        hidden["url"] = f"{request.path}?{params.urlencode()}"
    context = Context(
        {
            "form": form,
            "page_obj": page_obj,
            "organisations": page_obj.object_list,
            "hidden": hidden,
            "page_range": paginator.get_elided_page_range(
                page_obj.number, on_each_side=1, on_ends=1
            ),
            "site_settings": site_settings(),
        }
    )
    context.request = request  # for the page links' {% querystring %}
    return {
        "html": get_template("kennisbank/_directory_content.html").template.render(context),
        "number": page_obj.number,
        "num_pages": paginator.num_pages,
        "hidden": hidden,
    }


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The same for every visitor with the same address: rendered once per address and
    language until an organisation, municipality, theme or the site's details change."""
    if len(request.META.get("QUERY_STRING", "")) > CACHED_QUERY_LENGTH:
        part = _directory_part(request)
    else:
        key = ("directory", tuple(sorted(request.GET.lists())))
        part = public_cache.cached(
            page_cache.WEGWIJZER, key, lambda: _directory_part(request), timeout=PART_TIMEOUT
        )
    return render(
        request,
        "kennisbank/directory.html",
        {
            "content": mark_safe(part["html"]),
            "number": part["number"],
            "num_pages": part["num_pages"],
            "hidden": part["hidden"],
        },
    )
