from django import forms
from django.utils.translation import gettext_lazy as _

from . import dates
from .models import Entry
from .services import MAX_TEXT

WHEN_HELP = _("Bijvoorbeeld 12-3-2025. Weet je de dag niet meer? Schrijf dan 3-2025 of maart 2025.")


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Waar gaat het over?"),
        choices=Entry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies waar het over gaat.")},
    )
    starts = forms.CharField(
        label=_("Wanneer was het (of wanneer begon het)?"),
        max_length=40,
        help_text=WHEN_HELP,
        error_messages={"required": _("Schrijf op wanneer het was. De maand is genoeg.")},
    )
    ends = forms.CharField(
        label=_("Tot wanneer? (alleen als het een periode was)"),
        max_length=40,
        required=False,
        help_text=_("Laat leeg als het één moment was, of als het nog steeds zo is."),
    )
    what_happened = forms.CharField(
        label=_("Wat gebeurde er?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        error_messages={"required": _("Schrijf op wat er gebeurde.")},
    )
    what_helped = forms.CharField(
        label=_("Wat hielp? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    what_did_not_help = forms.CharField(
        label=_("Wat hielp niet? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    child_says = forms.CharField(
        label=_("Wat zegt je kind erover? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )

    # Service errors on these fields are shown beside these inputs.
    FIELD_OF = {"starts_on": "starts", "ends_on": "ends"}

    def __init__(self, *args, entry: Entry | None = None, **kwargs):
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": entry.kind,
                "starts": dates.as_input(entry.starts_on, entry.starts_precision),
                "ends": dates.as_input(entry.ends_on, entry.ends_precision),
                "what_happened": entry.what_happened,
                "what_helped": entry.what_helped,
                "what_did_not_help": entry.what_did_not_help,
                "child_says": entry.child_says,
            }
        super().__init__(*args, **kwargs)
        for name in ("what_happened", "what_helped", "what_did_not_help", "child_says"):
            self.fields[name].error_messages["max_length"] = _(
                "Dit is te lang. Schrijf het korter (hoogstens %(limit_value)s tekens)."
            )

    def clean_starts(self):
        return dates.parse(self.cleaned_data["starts"])

    def clean_ends(self):
        value = self.cleaned_data["ends"].strip()
        return dates.parse(value) if value else None

    def service_values(self) -> dict:
        data = self.cleaned_data
        starts_on, starts_precision = data["starts"]
        ends_on, ends_precision = data["ends"] or (None, "")
        return {
            "kind": data["kind"],
            "starts_on": starts_on,
            "starts_precision": starts_precision,
            "ends_on": ends_on,
            "ends_precision": ends_precision,
            "what_happened": data["what_happened"],
            "what_helped": data["what_helped"],
            "what_did_not_help": data["what_did_not_help"],
            "child_says": data["child_says"],
        }

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                field = self.FIELD_OF.get(name, name)
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class EntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        when = dates.label(obj.starts_on, obj.starts_precision)
        return f"{when} · {obj.get_kind_display()}: {obj.what_happened[:80]}"


class FollowUpChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj.organisation.name)


class ShareForm(forms.Form):
    entries = EntryChoiceField(
        label=_("Welke punten deel je?"),
        queryset=Entry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één punt om te delen.")},
    )
    with_steunpunt = forms.BooleanField(
        label=_("Het steunpunt (je coördinator)"), required=False, initial=True
    )
    followups = FollowUpChoiceField(
        label=_("Ook met de organisatie die we om hulp vroegen"),
        help_text=_(
            "Alleen organisaties waarvoor je toestemming gaf. Trek je je toestemming in? "
            "Dan zien zij je tijdlijn meteen niet meer."
        ),
        queryset=Entry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, entries, followups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["entries"].initial = [entry.pk for entry in entries]
        if followups.exists():
            self.fields["followups"].queryset = followups
        else:
            del self.fields["followups"]

    def clean(self):
        data = super().clean()
        if not data.get("with_steunpunt") and not data.get("followups"):
            self.add_error("with_steunpunt", _("Kies met wie je je tijdlijn deelt."))
        return data
