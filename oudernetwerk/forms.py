"""The public forms of the parent network: signing up as a buddy, asking for one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from steunpunt.forms import PRIVACY_READ_LABEL, ModelChoiceField, ModelMultipleChoiceField
from steunpunt.models import AgeBand, Municipality, Theme

from .models import MAX_ACTIVE_MATCHES_LIMIT, BuddyRequest, CheckIn, Language, Question, SchoolType
from .services import (
    INTRODUCTION_MAX_LENGTH,
    OPEN_ANSWER_MAX_LENGTH,
    PANEL_CONSENT_TEXT,
    answer_field_name,
    clean_contact_sharing,
)


def _themes():
    return Theme.objects.filter(is_active=True)


class ContactSharingForm(forms.Form):
    """What the other side of a match may see, once the buddy has said yes. The
    wording of the labels is set per form."""

    share_email = forms.BooleanField(required=False, initial=True)
    share_phone = forms.BooleanField(required=False)
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean(self):
        data = super().clean()
        try:
            data["phone"] = clean_contact_sharing(
                share_email=data.get("share_email", False),
                share_phone=data.get("share_phone", False),
                phone=data.get("phone", ""),
            )
        except forms.ValidationError as error:
            field = "phone" if data.get("share_phone") or data.get("phone") else "share_email"
            self.add_error(field, error)
        return data


class BuddyApplyForm(ContactSharingForm):
    themes = ModelMultipleChoiceField(
        label=_("Waar heb je zelf ervaring mee?"),
        help_text=_("Kies alles wat past."),
        queryset=_themes(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één onderwerp waar je ervaring mee hebt.")},
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Hoe oud was je kind toen? (mag leeg blijven)"),
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    school_types = forms.MultipleChoiceField(
        label=_("Met welke soort school heb je ervaring? (mag leeg blijven)"),
        choices=SchoolType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipalities = ModelMultipleChoiceField(
        label=_("In welke gemeenten wil je ouders helpen?"),
        help_text=_("Vaak spreek je af in de buurt. Bellen of videobellen kan ook."),
        queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één gemeente.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("In welke talen kun je een gesprek voeren?"),
        choices=Language.choices,
        initial=[Language.DUTCH],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één taal.")},
    )
    max_active_matches = forms.TypedChoiceField(
        label=_("Hoeveel ouders wil je tegelijk helpen?"),
        help_text=_("De meeste buddy's helpen één of twee ouders tegelijk."),
        choices=[(str(n), str(n)) for n in range(1, MAX_ACTIVE_MATCHES_LIMIT + 1)],
        coerce=int,
        initial="1",
        error_messages={"invalid_choice": _("Kies een aantal van 1 tot 5.")},
    )
    introduction = forms.CharField(
        label=_("Stel jezelf kort voor"),
        help_text=_(
            "Dit leest de ouder als jullie gekoppeld zijn. Bijvoorbeeld: wie je bent, wat je "
            "met school hebt meegemaakt en waar je goed in bent. Noem geen namen van kinderen."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=INTRODUCTION_MAX_LENGTH,
        error_messages={
            "required": _("Vertel in een paar zinnen wie je bent."),
            "max_length": _("Je tekst is te lang. Maak hem korter dan 1500 tekens."),
        },
    )
    privacy = forms.BooleanField(
        label=PRIVACY_READ_LABEL,
        error_messages={"required": _("Zet een vinkje als je dit hebt gelezen.")},
    )

    field_order = [
        "themes",
        "age_bands",
        "school_types",
        "municipalities",
        "languages",
        "max_active_matches",
        "introduction",
        "share_email",
        "share_phone",
        "phone",
        "privacy",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share_email"].label = _(
            "Een ouder met wie je gekoppeld bent mag mijn e-mailadres zien"
        )
        self.fields["share_phone"].label = _(
            "Een ouder met wie je gekoppeld bent mag mijn telefoonnummer zien"
        )
        self.fields["share_phone"].help_text = _(
            "Alleen als jij ja zegt tegen een ouder. Eerder niet, en na afloop niet meer."
        )


class BuddyRequestForm(ContactSharingForm):
    themes = ModelMultipleChoiceField(
        label=_("Waar wil je over praten?"),
        help_text=_("Kies alles wat past."),
        queryset=_themes(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één onderwerp.")},
    )
    age_band = forms.ChoiceField(
        label=_("Hoe oud is je kind?"),
        choices=[("", _("Zeg ik liever niet")), *AgeBand.choices],
        required=False,
    )
    school_type = forms.ChoiceField(
        label=_("Naar wat voor school gaat je kind?"),
        choices=[("", _("Zeg ik liever niet")), *SchoolType.choices],
        required=False,
    )
    municipality = ModelChoiceField(
        label=_("In welke gemeente woon je?"),
        help_text=_("Dan zoeken we een buddy in de buurt."),
        queryset=Municipality.objects.all(),
        empty_label=_("Kies je gemeente"),
        error_messages={
            "required": _("Kies je gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    language = forms.ChoiceField(
        label=_("In welke taal wil je praten?"),
        choices=Language.choices,
        initial=Language.DUTCH,
    )
    hopes = forms.CharField(
        label=_("Wat hoop je van een buddy?"),
        help_text=_(
            "Bijvoorbeeld: iemand om mee te praten, tips voor het gesprek met school, of "
            "iemand die meegaat naar een gesprek. De buddy die we je voorstellen, leest dit. "
            "Noem liever niet de naam van je kind."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={
            "required": _("Vertel kort wat je hoopt van een buddy."),
            "max_length": _("Je tekst is te lang. Maak hem korter dan 2000 tekens."),
        },
    )
    urgency = forms.ChoiceField(
        label=_("Hoe snel zoek je een buddy?"),
        choices=BuddyRequest.Urgency.choices,
        initial=BuddyRequest.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )

    field_order = [
        "themes",
        "age_band",
        "school_type",
        "municipality",
        "language",
        "hopes",
        "urgency",
        "share_email",
        "share_phone",
        "phone",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share_email"].label = _("Mijn buddy mag mijn e-mailadres zien")
        self.fields["share_phone"].label = _("Mijn buddy mag mijn telefoonnummer zien")
        self.fields["share_phone"].help_text = _(
            "Pas als de buddy ja zegt. Eerder niet, en na afloop niet meer."
        )


class CapacityForm(forms.Form):
    max_active_matches = forms.TypedChoiceField(
        label=_("Hoeveel ouders wil je tegelijk helpen?"),
        help_text=_("Kies je minder dan je nu helpt? Die ouders help je gewoon verder."),
        choices=[(str(n), str(n)) for n in range(1, MAX_ACTIVE_MATCHES_LIMIT + 1)],
        coerce=int,
        error_messages={
            "required": _("Kies een aantal van 1 tot 5."),
            "invalid_choice": _("Kies een aantal van 1 tot 5."),
        },
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom past het nu niet?"),
        help_text=_("Alleen de coördinator leest dit. Nee zeggen mag altijd."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Vertel kort waarom niet. Alleen de coördinator leest dit.")},
    )


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom stoppen jullie?"),
        help_text=_("Bijvoorbeeld: het gaat nu goed, of het klikt niet. De coördinator leest dit."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Vertel kort waarom jullie stoppen.")},
    )


class CheckInForm(forms.Form):
    mood = forms.ChoiceField(
        label=_("Hoe gaat het?"),
        choices=CheckIn.Mood.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe het gaat.")},
    )
    note = forms.CharField(
        label=_("Wil je er iets over vertellen? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": _("Je tekst is te lang. Maak hem korter dan 2000 tekens.")},
    )
    wants_help = forms.BooleanField(
        label=_("Ik wil graag dat de coördinator contact met me opneemt"),
        required=False,
    )


# --- Parent panel and consultations ----------------------------------------------------------


class PanelJoinForm(forms.Form):
    municipality = ModelChoiceField(
        label=_("In welke gemeente woon je?"),
        help_text=_("Soms gaat een vragenlijst over één gemeente."),
        queryset=Municipality.objects.all(),
        empty_label=_("Kies je gemeente"),
        error_messages={
            "required": _("Kies je gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    themes = ModelMultipleChoiceField(
        label=_("Waar wil je over meedenken? (mag leeg blijven)"),
        help_text=_("Kies je niets? Dan kunnen we je over alle onderwerpen iets vragen."),
        queryset=_themes(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(
        label=PANEL_CONSENT_TEXT,
        error_messages={"required": _("Zet een vinkje als je mee wilt doen.")},
    )


class ConsultationAnswerForm(forms.Form):
    """One field per question: radio buttons for a choice, a text box for an open one."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = (
                question.text
                if question.required
                else _("%(question)s (mag leeg blijven)") % {"question": question.text}
            )
            if question.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(
                    choices=[(option, option) for option in question.options],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Kies een antwoord."),
                        "invalid_choice": _("Kies een van de antwoorden uit de lijst."),
                    },
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=OPEN_ANSWER_MAX_LENGTH,
                    error_messages={
                        "required": _("Vul hier een antwoord in."),
                        "max_length": _("Je antwoord is te lang. Maak het korter dan 2000 tekens."),
                    },
                )
            field.label = label
            field.help_text = question.help_text
            field.required = question.required
            self.fields[answer_field_name(question)] = field

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(answer_field_name(question)) or ""
            for question in self.questions
        }
