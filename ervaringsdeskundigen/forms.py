"""The forms of policy work: a parent joins the pool (or changes what they gave), a
partner asks for a parent perspective, and the coordinator's report and payment."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from steunpunt.forms import PRIVACY_READ_LABEL, ModelChoiceField, ModelMultipleChoiceField
from steunpunt.models import Municipality, Theme

from .models import Format, Moment
from .services import (
    DESCRIPTION_MAX_LENGTH,
    EXPERIENCE_MAX_LENGTH,
    MAX_PARENTS_WANTED,
    REPORT_MAX_LENGTH,
)


def _themes():
    return Theme.objects.filter(is_active=True)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PoolForm(forms.Form):
    themes = ModelMultipleChoiceField(
        label=_("Waar heb je zelf ervaring mee?"),
        help_text=_("Kies alles wat past."),
        queryset=_themes(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één thema waar je ervaring mee hebt.")},
    )
    experience = forms.CharField(
        label=_("Vertel kort wat je hebt meegemaakt (mag leeg blijven)"),
        help_text=_(
            "Bijvoorbeeld: mijn zoon zat een jaar thuis, ik heb veel gesprekken met school "
            "gehad. Noem geen namen van kinderen of scholen."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=EXPERIENCE_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Je tekst is te lang. Maak hem korter dan 1500 tekens."),
        },
    )
    municipalities = ModelMultipleChoiceField(
        label=_("Voor welke gemeenten wil je meedenken? (mag leeg blijven)"),
        help_text=_("Leeg: de hele regio."),
        queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    formats = forms.MultipleChoiceField(
        label=_("Hoe wil je meedenken?"),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één manier van meedenken.")},
    )
    moments = forms.MultipleChoiceField(
        label=_("Wanneer kun je?"),
        choices=Moment.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies wanneer in de dag je kunt.")},
    )
    max_per_year = forms.TypedChoiceField(
        label=_("Hoe vaak per jaar mogen we je vragen?"),
        help_text=_("Je zegt elke keer zelf ja of nee."),
        choices=[(str(n), str(n)) for n in range(1, 13)],
        coerce=int,
        initial="4",
        error_messages={"invalid_choice": _("Kies een aantal van 1 tot 12.")},
    )

    field_order = ["themes", "experience", "municipalities", "formats", "moments", "max_per_year"]


class PoolJoinForm(PoolForm):
    privacy = forms.BooleanField(
        label=PRIVACY_READ_LABEL,
        error_messages={"required": _("Zet een vinkje als je dit hebt gelezen.")},
    )


class PerspectiveRequestForm(forms.Form):
    topic = forms.CharField(
        label=_("Waar gaat het over?"),
        help_text=_("Bijvoorbeeld: het nieuwe ondersteuningsplan, of de aanpak van thuiszitten."),
        max_length=200,
        error_messages={"required": _("Schrijf waar het over gaat.")},
    )
    description = forms.CharField(
        label=_("Wat wilt u van ouders weten?"),
        help_text=_("Schrijf ook wat u met hun inbreng doet."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={
            "required": _("Schrijf wat u van ouders wilt weten."),
            "max_length": _("Uw tekst is te lang. Maak hem korter dan 3000 tekens."),
        },
    )
    format = forms.ChoiceField(
        label=_("Hoe denken de ouders mee?"),
        choices=Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een vorm.")},
    )
    moment = forms.ChoiceField(
        label=_("Wanneer is het?"),
        choices=Moment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wanneer in de dag het is.")},
    )
    date_1 = forms.DateField(
        label=_("Datum (eerste keer)"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een datum in, zoals 15-03-2027."),
        },
    )
    date_2 = forms.DateField(
        label=_("Tweede datum (mag leeg blijven)"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Vul een datum in, zoals 15-03-2027.")},
    )
    date_3 = forms.DateField(
        label=_("Derde datum (mag leeg blijven)"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Vul een datum in, zoals 15-03-2027.")},
    )
    hours = forms.DecimalField(
        label=_("Hoeveel uur kost het een ouder, alles bij elkaar?"),
        help_text=_("Met voorbereiden en reizen."),
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "required": _("Vul in hoeveel uur het kost."),
            "invalid": _("Vul een getal in, zoals 3 of 2,5."),
            "min_value": _("Vul minstens een half uur in."),
            "max_value": _("Vul hoogstens 40 uur in."),
            "max_decimal_places": _("Vul het aantal uren in op een half uur, zoals 2,5."),
        },
    )
    parents_wanted = forms.TypedChoiceField(
        label=_("Hoeveel ouders zoekt u?"),
        choices=[(str(n), str(n)) for n in range(1, MAX_PARENTS_WANTED + 1)],
        coerce=int,
        initial="2",
        error_messages={"invalid_choice": _("Kies een aantal van 1 tot 6.")},
    )
    allowance = forms.DecimalField(
        label=_("Vergoeding per ouder in euro"),
        help_text=_("Vul 0 in als er geen vergoeding is. Reiskosten horen erbij."),
        min_value=Decimal("0"),
        decimal_places=2,
        initial=Decimal("0"),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        error_messages={
            "required": _("Vul de vergoeding in, of 0."),
            "invalid": _("Vul een bedrag in, zoals 25 of 37,50."),
            "min_value": _("De vergoeding kan niet minder dan € 0 zijn."),
            "max_decimal_places": _("Vul het bedrag in met hoogstens 2 cijfers na de komma."),
        },
    )
    themes = ModelMultipleChoiceField(
        label=_("Over welke thema's gaat het? (mag leeg blijven)"),
        help_text=_("Zo vinden we ouders met de juiste ervaring."),
        queryset=_themes(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipality = ModelChoiceField(
        label=_("Voor welke gemeente? (mag leeg blijven)"),
        help_text=_("Leeg: de hele regio."),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("De hele regio"),
    )

    def dates(self) -> list:
        data = self.cleaned_data
        return [data[name] for name in ("date_1", "date_2", "date_3") if data.get(name)]


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Wat brachten de ouders in?"),
        help_text=_(
            "Een paar zinnen: wat vertelden de ouders, wat nam de partner mee? Zonder namen. "
            "Dit komt in het signalenrapport."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=REPORT_MAX_LENGTH,
        error_messages={
            "required": _("Schrijf kort wat de ouders hebben ingebracht."),
            "max_length": _("Het verslag is te lang. Maak het korter dan 5000 tekens."),
        },
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Betaald bedrag in euro"),
        min_value=Decimal("0.01"),
        decimal_places=2,
        error_messages={
            "required": _("Vul het bedrag in."),
            "invalid": _("Vul een bedrag in, zoals 25 of 37,50."),
            "min_value": _("Vul een bedrag in van meer dan € 0."),
            "max_decimal_places": _("Vul het bedrag in met hoogstens 2 cijfers na de komma."),
        },
    )
    paid_on = forms.DateField(
        label=_("Betaald op"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum van betalen in."),
            "invalid": _("Vul een datum in, zoals 15-03-2027."),
        },
    )
