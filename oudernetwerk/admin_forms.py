"""Forms behind the coordinator's work on buddies and requests in the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from steunpunt.models import AgeBand

from . import services
from .forms import BuddyRequestForm
from .models import BuddyProfile, Language, SchoolType


class BuddyProfileAdminForm(forms.ModelForm):
    """The profile with its small lists as checkboxes. Screening dates are checked by
    the same rule the service applies, so a wrong date is shown beside the field."""

    age_bands = forms.MultipleChoiceField(
        label=_("Leeftijden van kinderen"),
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    school_types = forms.MultipleChoiceField(
        label=_("Soorten school"),
        choices=SchoolType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één taal.")},
    )
    max_active_matches = forms.TypedChoiceField(
        label=_("Hoeveel ouders tegelijk"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
    )

    class Meta:
        model = BuddyProfile
        fields = [
            "intake_held_at",
            "vog_date",
            "training_date",
            "themes",
            "age_bands",
            "school_types",
            "municipalities",
            "languages",
            "max_active_matches",
            "introduction",
        ]

    def clean(self):
        data = super().clean()
        try:
            services.validate_screening(
                intake_held_at=data.get("intake_held_at"),
                vog_date=data.get("vog_date"),
                training_date=data.get("training_date"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data


class ApproveForm(forms.Form):
    """Nothing to fill in: the page shows what the approval rests on."""


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom niet?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "Alleen coördinatoren lezen dit. De persoon krijgt een korte, vriendelijke e-mail "
            "zonder deze reden. Bel liever eerst."
        ),
        error_messages={"required": _("Schrijf op waarom. Dat is alleen voor coördinatoren.")},
    )


class EndMatchForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom stopt de koppeling?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "Ouder en buddy zien hun contactgegevens daarna niet meer en krijgen een paar "
            "vragen over hoe het ging. Bel ze liever eerst."
        ),
        error_messages={"required": _("Schrijf op waarom de koppeling stopt.")},
    )


class RequestOnBehalfForm(BuddyRequestForm):
    """A request for a parent who called or came by."""

    email = forms.EmailField(
        label=_("E-mailadres van de ouder"),
        help_text=_("De ouder krijgt een bevestiging. Zonder account maken we er een."),
        error_messages={
            "required": _("Vul het e-mailadres van de ouder in."),
            "invalid": _("Dit e-mailadres klopt niet."),
        },
    )

    field_order = ["email", *BuddyRequestForm.field_order]
