"""Forms behind the coordinator's work on buddies and requests in the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from steunpunt.models import AgeBand

from . import services
from .forms import BuddyRequestForm
from .models import BuddyProfile, Language, Meetup, MeetupRegistration, SchoolType


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


# --- Meetups --------------------------------------------------------------------------------


class MeetupAdminForm(forms.ModelForm):
    """A meetup is saved as a draft or published; calling it off is an action of its
    own, which tells everybody who signed up."""

    online_url = forms.URLField(
        label=capfirst(Meetup._meta.get_field("online_url").verbose_name),
        help_text=Meetup._meta.get_field("online_url").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Meetup
        fields = [
            "title",
            "theme",
            "description",
            "status",
            "starts_at",
            "ends_at",
            "kind",
            "place_name",
            "address",
            "municipality",
            "online_url",
            "capacity",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = [
                (value, label)
                for value, label in Meetup.Status.choices
                if value != Meetup.Status.CANCELLED
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if (
            status == Meetup.Status.DRAFT
            and self.instance.pk
            and self.instance.registrations.filter(
                status__in=[MeetupRegistration.Status.REGISTERED, MeetupRegistration.Status.WAITING]
            ).exists()
        ):
            raise ValidationError(
                _(
                    "Er hebben zich al ouders aangemeld. Terug naar concept kan niet meer; "
                    "afgelasten kan wel."
                )
            )
        return status


class MeetupCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom gaat de ontmoeting niet door?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "Iedereen die is aangemeld of op de wachtlijst staat, krijgt een e-mail met deze "
            "reden. Schrijf kort en eenvoudig."
        ),
        error_messages={"required": _("Schrijf kort op waarom. De aangemelde ouders lezen dit.")},
    )


class AttendanceForm(forms.ModelForm):
    """One row of the attendance list: was this parent there?"""

    class Meta:
        model = MeetupRegistration
        fields = ["attended"]

    def clean_attended(self):
        attended = self.cleaned_data["attended"]
        if "attended" in self.changed_data:
            refusal = services.attendance_refusal(self.instance)
            if refusal:
                raise ValidationError(refusal)
        return attended
