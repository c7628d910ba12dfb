"""Forms behind the coordinator's actions on a case page in the admin."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steunpunt.forms import ModelChoiceField
from steunpunt.models import AgeBand, Organisation, Theme

from . import services, workflow
from .deadlines import add_working_days
from .models import Case, Consent, StandardText

DEFAULT_FOLLOWUP_WORKING_DAYS = 5
P = StandardText.Purpose


class StandardTextChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: StandardText) -> str:
        if obj.purpose == P.STATUS_CHANGE and obj.status:
            return f"{obj.title} ({Case.Status(obj.status).label})"
        return obj.title


class StandardTextMixin:
    """A message form with a standard text to pick (`texts`, the ones for this case)
    and variables in its text (`text_field`), checked for the form's `purpose`."""

    text_field: str
    purpose: str
    # The button that sends (or, for a status change, saves) it.
    send_label = _("Versturen")

    def _add_standard_texts(self, texts) -> None:
        if texts is None or not texts.exists():
            return
        self.fields["standard_text"] = StandardTextChoiceField(
            label=_("Standaardtekst"),
            queryset=texts,
            required=False,
            empty_label=_("Kies een tekst"),
            help_text=_(
                "Kies een tekst en klik op 'Tekst invoegen'. Wat je al schreef blijft staan. "
                "Je kunt de tekst daarna aanpassen."
            ),
        )
        self.order_fields(
            ["standard_text", *[name for name in self.fields if name != "standard_text"]]
        )

    def _check_variables(self, text: str) -> str:
        services.text_check(text=text, purpose=self.purpose)
        return text

    @property
    def variables_help(self) -> str:
        return services.variables_help()


class MessageForm(StandardTextMixin, forms.Form):
    text_field = "text"
    purpose = P.PARENT_MESSAGE

    text = forms.CharField(
        label=_("Bericht aan de ouder"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("De ouder krijgt dit per e-mail en ziet het in Mijn steunpunt."),
        error_messages={"required": _("Schrijf eerst een bericht.")},
    )
    wait_for_reply = forms.BooleanField(
        label=_("We wachten op antwoord van de ouder"),
        required=False,
        help_text=_("De zaak krijgt de status 'Wacht op ouder'. De termijnen staan dan stil."),
    )

    def __init__(self, *args, texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_standard_texts(texts)

    def clean_text(self):
        return self._check_variables(self.cleaned_data["text"])


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Interne notitie"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("Alleen coördinatoren zien dit. De ouder ziet het nooit."),
        error_messages={"required": _("Schrijf eerst een notitie.")},
    )


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "Bijvoorbeeld: klacht ligt bij de klachtencommissie. Zolang de blokkade staat, "
            "maken bewaartermijnen en verwijderverzoeken deze zaak niet anoniem."
        ),
        error_messages={"required": _("Schrijf op waarom de zaak bewaard moet blijven.")},
    )


class LiftLegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom kan de blokkade eraf?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class ConsentForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        error_messages={"required": _("Kies de organisatie.")},
    )
    method = forms.ChoiceField(
        label=_("Hoe gaf de ouder toestemming?"),
        choices=[
            (Consent.Method.PHONE, Consent.Method.PHONE.label),
            (Consent.Method.EMAIL, Consent.Method.EMAIL.label),
            (Consent.Method.IN_PERSON, Consent.Method.IN_PERSON.label),
        ],
    )
    purpose = forms.CharField(
        label=_("Waarvoor"),
        max_length=300,
        required=False,
        help_text=_("Leeg: contact opnemen over deze vraag of klacht."),
    )


class FollowUpForm(StandardTextMixin, forms.Form):
    text_field = "request"
    purpose = P.FOLLOWUP_REQUEST

    organisation = ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        help_text=_("Alleen organisaties waarvoor de ouder toestemming gaf."),
        error_messages={"required": _("Kies de organisatie.")},
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres contactpersoon"),
        required=False,
        help_text=_("Leeg: het algemene e-mailadres van de organisatie."),
    )
    request = forms.CharField(
        label=_("Wat vragen we?"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_(
            "De partner ziet alleen dit, het kenmerk, de leeftijd van het kind en de school. "
            "Schrijf geen gegevens op die de partner niet nodig heeft."
        ),
        error_messages={"required": _("Schrijf wat je aan de partner vraagt.")},
    )
    due_date = forms.DateField(
        label=_("Antwoord uiterlijk"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Kies een datum."),
            "invalid": _("Vul een datum in, bijvoorbeeld 2026-12-01."),
        },
    )

    def __init__(self, *args, case: Case, texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_standard_texts(texts)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=case.consents.filter(withdrawn_at__isnull=True).values("organisation")
        ).order_by("name")
        self.fields["due_date"].initial = add_working_days(
            timezone.localdate(), DEFAULT_FOLLOWUP_WORKING_DAYS
        )

    def clean_request(self):
        return self._check_variables(self.cleaned_data["request"])


class StatusForm(StandardTextMixin, forms.Form):
    text_field = "note"
    purpose = P.STATUS_CHANGE
    send_label = _("Opslaan")

    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    resolution = forms.ChoiceField(
        label=_("Afloop"),
        required=False,
        help_text=_("Nodig bij 'Opgelost', en bij sluiten van een open zaak."),
    )
    note = forms.CharField(
        label=_("Toelichting (voor de tijdlijn)"),
        required=False,
        help_text=_(
            "De ouder leest dit in Mijn steunpunt. Iets alleen voor collega's? Gebruik "
            "dan een interne notitie."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )

    def __init__(self, *args, case: Case, texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_standard_texts(texts)
        allowed = workflow.TRANSITIONS.get(case.status, frozenset())
        self.fields["to_status"].choices = [
            (value, label) for value, label in Case.Status.choices if value in allowed
        ]
        resolutions = [(value, label) for value, label in Case.Resolution.choices]
        if case.kind != Case.Kind.COMPLAINT:
            resolutions = [
                (value, label)
                for value, label in resolutions
                if value not in (Case.Resolution.UPHELD, Case.Resolution.NOT_UPHELD)
            ]
        self.fields["resolution"].choices = [("", "---------"), *resolutions]

    def clean_note(self):
        return self._check_variables(self.cleaned_data["note"])


class CaseOnBehalfForm(forms.Form):
    """A question or complaint that came in by phone, email or at the desk."""

    channel = forms.ChoiceField(
        label=_("Binnengekomen via"),
        choices=[
            (Case.Channel.PHONE, Case.Channel.PHONE.label),
            (Case.Channel.EMAIL, Case.Channel.EMAIL.label),
            (Case.Channel.WALK_IN, Case.Channel.WALK_IN.label),
        ],
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Case.Kind.choices)
    theme = ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.order_by("name"),
        error_messages={"required": _("Kies een thema.")},
    )
    description = forms.CharField(
        label=_("Het verhaal"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("Geen naam of BSN van het kind."),
        error_messages={"required": _("Schrijf kort op waar het over gaat.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres van de ouder"),
        help_text=_("De ouder krijgt een bevestiging met het kenmerk."),
        error_messages={
            "required": _("Vul het e-mailadres van de ouder in."),
            "invalid": _("Dit e-mailadres klopt niet."),
        },
    )
    phone = forms.CharField(label=_("Telefoon"), max_length=32, required=False)
    contact_preference = forms.ChoiceField(
        label=_("Contact bij voorkeur"), choices=Case.ContactPreference.choices
    )
    contact_times = forms.CharField(label=_("Wanneer bereikbaar"), max_length=200, required=False)
    age_band = forms.ChoiceField(
        label=_("Leeftijd van het kind"),
        choices=[("", "---------"), *AgeBand.choices],
        required=False,
    )
    school = ModelChoiceField(
        label=_("School"), queryset=Organisation.objects.order_by("name"), required=False
    )
    complaint_about = ModelChoiceField(
        label=_("Klacht over"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    consent_school = forms.BooleanField(
        label=_("De ouder geeft toestemming om contact op te nemen met de school"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("consent_school") and not data.get("school"):
            self.add_error("school", _("Kies de school waarvoor de ouder toestemming gaf."))
        if data.get("kind") == Case.Kind.COMPLAINT and not data.get("complaint_about"):
            self.add_error("complaint_about", _("Over welke organisatie gaat de klacht?"))
        return data


class CaseChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return _("%(reference)s · %(theme)s · %(status)s · ontvangen %(date)s") % {
            "reference": obj.reference,
            "theme": obj.theme,
            "status": obj.get_status_display(),
            "date": timezone.localdate(obj.created_at).strftime("%d-%m-%Y"),
        }


class MergeForm(forms.Form):
    surviving = CaseChoiceField(
        label=_("Samenvoegen met"),
        queryset=Case.objects.none(),
        help_text=_("De zaak die doorgaat. Alleen open zaken van dezelfde ouder."),
        error_messages={"required": _("Kies de zaak die doorgaat.")},
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surviving"].queryset = (
            Case.objects.filter(parent_id=case.parent_id, status__in=workflow.OPEN)
            .exclude(pk=case.pk)
            .select_related("theme")
            .order_by("created_at")
            if case.parent_id
            else Case.objects.none()
        )


class LinkForm(forms.Form):
    other = CaseChoiceField(
        label=_("Koppelen aan"),
        queryset=Case.objects.none(),
        help_text=_("Een andere zaak van dezelfde ouder. Beide zaken blijven bestaan."),
        error_messages={"required": _("Kies de zaak om te koppelen.")},
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (
            Case.objects.filter(parent_id=case.parent_id, merged_into__isnull=True)
            .exclude(pk=case.pk)
            .exclude(pk__in=case.linked_cases.values("pk"))
            .select_related("theme")
            .order_by("created_at")
            if case.parent_id
            else Case.objects.none()
        )
