"""The public question form: short, plain Dutch, nothing lost on an error."""

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Organisation, Theme
from steunpunt.uploads import MAX_UPLOAD_SIZE, allowed_types_label

from .models import Case
from .services import MAX_ATTACHMENTS

OTHER_SCHOOL = "anders"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _privacy_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Ik heb gelezen wat het steunpunt met mijn gegevens doet."),
        reverse_lazy("privacy"),
        _("Lees de privacyverklaring"),
    )


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wil je doen?"),
        choices=[
            (Case.Kind.QUESTION, _("Een vraag stellen")),
            (Case.Kind.COMPLAINT, _("Een klacht indienen")),
        ],
        initial=Case.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Waar gaat het over?"),
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("Kies een onderwerp"),
        error_messages={"required": _("Kies waar je vraag over gaat.")},
    )
    complaint_about = forms.ModelChoiceField(
        label=_("Over welke organisatie gaat je klacht?"),
        help_text=_("Alleen invullen bij een klacht."),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Kies een organisatie"),
    )
    description = forms.CharField(
        label=_("Vertel je verhaal"),
        help_text=_(
            "Wat is er aan de hand? Wat heb je al geprobeerd? Noem liever niet de naam van je kind."
        ),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=5000,
        error_messages={"required": _("Vertel in een paar zinnen waar het over gaat.")},
    )
    age_band = forms.ChoiceField(
        label=_("Hoe oud is je kind?"),
        choices=[("", _("Zeg ik liever niet")), *Case.AgeBand.choices],
        required=False,
    )
    school = forms.ChoiceField(label=_("Op welke school zit je kind?"), required=False)
    school_other = forms.CharField(
        label=_("Naam van de school"),
        help_text=_("Alleen als je school niet in de lijst staat."),
        max_length=200,
        required=False,
    )
    consent_school = forms.BooleanField(
        label=_("Het steunpunt mag contact opnemen met deze school over mijn vraag."),
        help_text=_("Dat mag alleen als jij dat wilt. Je kunt dit later altijd intrekken."),
        required=False,
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        help_text=_("Hier sturen we een bevestiging naartoe."),
        error_messages={
            "required": _("Vul je e-mailadres in. Dan kunnen we je antwoord geven."),
            "invalid": _("Dit e-mailadres klopt niet. Kijk het nog eens na."),
        },
    )
    phone = forms.CharField(
        label=_("Je telefoonnummer (mag leeg blijven)"), max_length=32, required=False
    )
    contact_preference = forms.ChoiceField(
        label=_("Hoe wil je antwoord?"),
        choices=Case.ContactPreference.choices,
        initial=Case.ContactPreference.EMAIL,
        widget=forms.RadioSelect,
    )
    contact_times = forms.CharField(
        label=_("Wanneer ben je goed bereikbaar? (mag leeg blijven)"),
        help_text=_("Bijvoorbeeld: dinsdag en donderdag na 15.00 uur."),
        max_length=200,
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Bestanden meesturen (mag leeg blijven)"),
        help_text=lazy(
            lambda: (
                _(
                    "Bijvoorbeeld een brief van school. Maximaal %(count)s bestanden van "
                    "elk %(size)s MB. Dit kan: %(types)s."
                )
                % {
                    "count": MAX_ATTACHMENTS,
                    "size": MAX_UPLOAD_SIZE // (1024 * 1024),
                    "types": allowed_types_label(),
                }
            ),
            str,
        )(),
        required=False,
    )
    privacy = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={"required": _("Zet een vinkje als je dit hebt gelezen.")},
    )
    # A field people never see: a bot that fills it in is sent away politely.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schools = Organisation.objects.filter(
            is_active=True, kind__in=Organisation.SCHOOL_KINDS
        ).select_related("municipality")
        self.fields["school"].choices = [
            ("", _("Zeg ik liever niet")),
            *[
                (str(s.pk), f"{s.name} ({s.municipality})" if s.municipality else s.name)
                for s in schools
            ],
            (OTHER_SCHOOL, _("Een andere school")),
        ]
        self._schools = {str(s.pk): s for s in schools}

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Case.Kind.COMPLAINT and not cleaned.get("complaint_about"):
            self.add_error("complaint_about", _("Kies over welke organisatie je klacht gaat."))
        if cleaned.get("contact_preference") == Case.ContactPreference.PHONE and not cleaned.get(
            "phone"
        ):
            self.add_error("phone", _("Vul je telefoonnummer in, dan kunnen we je bellen."))
        school = cleaned.get("school")
        cleaned["school_organisation"] = self._schools.get(school or "")
        if cleaned.get("consent_school") and cleaned["school_organisation"] is None:
            self.add_error(
                "consent_school",
                _("Kies eerst de school uit de lijst. Dan weten we wie we mogen bellen."),
            )
        if len(cleaned.get("attachments") or []) > MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                _("Je kunt maximaal %(max)s bestanden meesturen.") % {"max": MAX_ATTACHMENTS},
            )
        return cleaned
