"""The public question form: short, plain Dutch, nothing lost on an error."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import router
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from steunpunt.compiled import CompiledQuery
from steunpunt.forms import PRIVACY_READ_LABEL, ModelChoiceField
from steunpunt.models import AgeBand, Organisation, Theme
from steunpunt.uploads import MAX_UPLOAD_SIZE, allowed_types_label, file_error

from .models import Case, Evaluation
from .services import MAX_ATTACHMENTS

OTHER_SCHOOL = "anders"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if not isinstance(data, list | tuple):
            return [single(data, initial)] if data else []
        cleaned, errors = [], []
        for item in data:
            if not item:
                continue
            try:
                cleaned.append(single(item, initial))
            except ValidationError as error:
                name = getattr(item, "name", "")
                errors += [file_error(name, message) for message in error.messages]
        if errors:
            raise ValidationError(errors)
        return cleaned


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
    theme = ModelChoiceField(
        label=_("Waar gaat het over?"),
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("Kies een onderwerp"),
        error_messages={"required": _("Kies waar je vraag over gaat.")},
    )
    complaint_about = ModelChoiceField(
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
        choices=[("", _("Zeg ik liever niet")), *AgeBand.choices],
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
        label=PRIVACY_READ_LABEL,
        error_messages={"required": _("Zet een vinkje als je dit hebt gelezen.")},
    )
    # A field people never see: a bot that fills it in is sent away politely.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisations and themes of the choices, each read once (the fragment key
        # and, on a miss, the fields read them): the schools are the active
        # organisations of a school kind, in the same order.
        using = router.db_for_read(Organisation)
        organisations = _ACTIVE_ORGANISATIONS.objects(using=using)
        self.fields["complaint_about"].widget.choices.known_rows = organisations
        self.fields["theme"].widget.choices.known_rows = _ACTIVE_THEMES.objects(
            using=router.db_for_read(Theme)
        )
        schools = [s for s in organisations if s.kind in Organisation.SCHOOL_KINDS]
        self.fields["school"].choices = [
            ("", _("Zeg ik liever niet")),
            *[
                (str(s.pk), f"{s.name} ({s.municipality})" if s.municipality else s.name)
                for s in schools
            ],
            (OTHER_SCHOOL, _("Een andere school")),
        ]
        self._schools = {str(s.pk): s for s in schools}

    def fragment_key(self) -> str:
        """What the empty form's HTML depends on besides the code: the language, every
        label and help text, and the choices (themes, organisations, schools). The
        template caches the empty form's fields under this key."""
        parts = [get_language() or ""]
        for name, field in self.fields.items():
            parts += [name, str(field.label), str(field.help_text)]
            # The widget's choices: what the fields render (with the rows read above).
            choices = getattr(field.widget, "choices", ())
            parts += [f"{value}={label}" for value, label in choices]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

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


# --- The parent's evaluation --------------------------------------------------------------

EVALUATION_TOPIC_PREFIX = "topic_"


# The intake form's choices, read with queries compiled once per process: building and
# compiling them cost more than PostgreSQL needs to answer them.
_ACTIVE_ORGANISATIONS = CompiledQuery(
    lambda: IntakeForm.base_fields["complaint_about"].queryset.select_related("municipality")
)
_ACTIVE_THEMES = CompiledQuery(lambda: IntakeForm.base_fields["theme"].queryset)


class EvaluationForm(forms.Form):
    """Satisfaction 1 to 5 (needed), the praatplaat topics and a comment (both optional).
    The page draws its own fieldsets; this form only checks what comes in."""

    satisfaction = forms.TypedChoiceField(
        label=_("Hoe tevreden ben je over de hulp van het steunpunt?"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een cijfer van 1 tot 5."),
            "invalid_choice": _("Kies een cijfer van 1 tot 5."),
        },
    )
    comment = forms.CharField(
        label=_("Wil je nog iets zeggen? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        error_messages={
            "max_length": _("Je opmerking is te lang. Maak hem korter dan 2000 tekens.")
        },
    )

    contact_wanted = forms.BooleanField(
        label=_("Ik wil hierover nog contact"),
        required=False,
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        for key, label in Evaluation.TOPICS:
            self.fields[EVALUATION_TOPIC_PREFIX + key] = forms.ChoiceField(
                label=label,
                choices=Evaluation.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("Kies Eens, Een beetje of Oneens.")},
            )

    @property
    def topic_fields(self):
        return [field for field in self if field.name.startswith(EVALUATION_TOPIC_PREFIX)]

    def topics(self) -> dict[str, str]:
        """The answered topics, keyed as the Evaluation model keeps them."""
        return {
            name.removeprefix(EVALUATION_TOPIC_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(EVALUATION_TOPIC_PREFIX) and value
        }


class FollowUpAnswerForm(forms.Form):
    """A partner's answer to a follow-up, through the link or the partner portal."""

    answer = forms.CharField(
        label=_("Uw antwoord"),
        help_text=_(
            "Schrijf wat u heeft gedaan of wat u afspreekt. De coördinator van het steunpunt "
            "leest uw antwoord. De ouder kan het ook lezen."
        ),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=5000,
        error_messages={"required": _("Schrijf eerst uw antwoord. Dit veld is nog leeg.")},
    )


# --- Mijn steunpunt: what a parent does on their own case ---------------------------------


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Je bericht"),
        help_text=_("Noem liever niet de naam van je kind."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Schrijf eerst je bericht.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom trek je je vraag in? (mag leeg blijven)"),
        help_text=_("Dit helpt ons om beter te worden."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class ConsentForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Met welke school of organisatie mogen we contact opnemen?"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies de school of organisatie."),
            "invalid_choice": _("Kies een school of organisatie uit de lijst."),
        },
    )
    purpose = forms.CharField(
        label=_("Waarover mogen we contact opnemen?"),
        initial=_("Contact opnemen over deze vraag of klacht"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations that already have a valid consent are not offered again.
        given = case.consents.filter(withdrawn_at__isnull=True).values("organisation")
        field = self.fields["organisation"]
        field.queryset = (
            Organisation.objects.filter(is_active=True)
            .exclude(pk__in=given)
            .select_related("municipality")
            .order_by("name")
        )
        field.label_from_instance = lambda o: (
            f"{o.name} ({o.municipality})" if o.municipality else o.name
        )
        # The choices as a list, from one plain query: the field's own choices cost a count
        # and a server-side cursor, every time they are read (also for the cached field's
        # key, as_cached_crispy_field).
        field.choices = [
            ("", field.empty_label),
            *((o.pk, field.label_from_instance(o)) for o in field.queryset),
        ]
