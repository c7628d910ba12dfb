"""Standard texts and the variables in a message: a fixed set of names in single braces
({voornaam}, {kenmerk}, {termijn}, {organisatie}) replaced by plain values. Coordinators
write these texts, so they never go through the template engine: nothing else in a text
is read as code, and what the text says is what is sent."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steunpunt.models import Organisation

from ..models import Case, StandardText

P = StandardText.Purpose

# Every variable and what it becomes; the order is the order the help text lists them.
VARIABLES: dict[str, str] = {
    "voornaam": gettext_lazy("de voornaam van de ouder, zoals de ouder die gaf"),
    "kenmerk": gettext_lazy("het kenmerk van de zaak, bijvoorbeeld OSP-2026-00042"),
    "termijn": gettext_lazy(
        "de datum waarop we uiterlijk afronden; in een vraag aan een partner: de datum "
        "waarop de partner uiterlijk antwoordt"
    ),
    "organisatie": gettext_lazy(
        "in een vraag aan een partner: die organisatie; anders: de school, of bij een "
        "klacht de organisatie waarover de klacht gaat"
    ),
}

# A partner never gets the parent's name from us (they see only what they need).
NOT_FOR = {P.FOLLOWUP_REQUEST: frozenset({"voornaam"})}

_VARIABLE = re.compile(r"\{([^{}\n]*)\}")
DAY = "l j F Y"


def variables_help() -> str:
    return "; ".join(f"{{{name}}}: {meaning}" for name, meaning in VARIABLES.items())


def text_check(*, text: str, purpose: str) -> None:
    """Raise ValidationError (in Dutch) for every variable that is not one of ours or
    cannot be used for this purpose."""
    errors = []
    if "{{" in text or "}}" in text:
        errors.append(_("Gebruik één paar accolades om een variabele, bijvoorbeeld {voornaam}."))
    known = ", ".join(f"{{{name}}}" for name in VARIABLES)
    for raw in dict.fromkeys(match.group(1) for match in _VARIABLE.finditer(text)):
        name = raw.strip()
        if name not in VARIABLES:
            errors.append(
                _("{%(name)s} kennen we niet. Je kunt deze variabelen gebruiken: %(known)s.")
                % {"name": raw, "known": known}
            )
        elif name in NOT_FOR.get(purpose, ()):
            errors.append(
                _(
                    "{%(name)s} kan niet in een vraag aan een partner: de partner krijgt de "
                    "naam van de ouder niet van ons."
                )
                % {"name": name}
            )
    if errors:
        raise ValidationError(errors)


def text_fill(*, text: str, values: dict[str, str]) -> str:
    """Replace each known variable by its value; anything else stays as written."""

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        return values[name] if name in values else match.group(0)

    return _VARIABLE.sub(replace, text)


def parent_first_name(case: Case) -> str:
    """The first word of the name the parent gave, as they wrote it (empty: none)."""
    name = (case.parent.name if case.parent_id else "").strip()
    return name.split()[0] if name else ""


def _case_organisation(case: Case) -> str:
    if case.kind == Case.Kind.COMPLAINT and case.complaint_about_id:
        return case.complaint_about.name
    if case.school_id:
        return case.school.name
    return case.school_other


def text_values(
    *,
    case: Case,
    purpose: str,
    organisation: Organisation | None = None,
    due_date: date | None = None,
) -> dict[str, str]:
    """The value of every variable for this case and purpose (empty when unknown)."""
    if purpose == P.FOLLOWUP_REQUEST:
        values = {
            "kenmerk": case.reference,
            "termijn": date_format(due_date, DAY) if due_date else "",
            "organisatie": organisation.name if organisation else "",
        }
    else:
        values = {
            "voornaam": parent_first_name(case),
            "kenmerk": case.reference,
            "termijn": date_format(case.resolve_by, DAY),
            "organisatie": _case_organisation(case),
        }
    return values


def empty_variables(*, text: str, values: dict[str, str]) -> list[str]:
    """The variables in `text` that have no value here: the preview warns about them."""
    names = [match.group(1).strip() for match in _VARIABLE.finditer(text)]
    return [name for name in dict.fromkeys(names) if name in values and not values[name]]


def standard_texts_for(*, case: Case, purpose: str, statuses=None) -> QuerySet[StandardText]:
    """The texts a coordinator can pick for this case: in use, for this purpose, for its
    theme or every theme, and for its status (a message) or one of `statuses` (the
    statuses it can go to, for a status change) or every status."""
    wanted = statuses if statuses is not None else [case.status]
    return (
        StandardText.objects.filter(is_active=True, purpose=purpose)
        .filter(Q(theme__isnull=True) | Q(theme_id=case.theme_id))
        .filter(Q(status="") | Q(status__in=list(wanted)))
        .order_by("title", "pk")
    )
