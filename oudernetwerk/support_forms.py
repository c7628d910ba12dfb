"""The forms of match support: goals and expected contact, a contact in a few taps, the
check-in that looks back at the goals, and the closure of a match."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import CheckInForm, EndForm
from .models import CheckIn, Goal, GoalReview, MatchAgreement, MatchClosure, MatchContact
from .models.support import CONTACT_NOTE_MAX_LENGTH, GOAL_MAX_LENGTH, MAX_GOALS
from .services.support import REST_DAYS

GOAL_FIELDS = [f"goal_{number}" for number in range(1, MAX_GOALS + 1)]


def _goal_field(number: int) -> forms.CharField:
    return forms.CharField(
        label=_("Doel %(number)s") % {"number": number}
        if number == 1
        else _("Doel %(number)s (mag leeg blijven)") % {"number": number},
        max_length=GOAL_MAX_LENGTH,
        required=number == 1,
        error_messages={
            "required": _("Schrijf minstens één doel op."),
            "max_length": _("Dit doel is te lang. Maak het korter dan %(limit_value)s tekens."),
        },
    )


class AgreementForm(forms.Form):
    """A few goals in their own words, and how often they expect contact."""

    contact_frequency = forms.ChoiceField(
        label=_("Hoe vaak willen jullie contact hebben?"),
        choices=MatchAgreement.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe vaak jullie contact willen hebben.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = {name: _goal_field(number) for number, name in enumerate(GOAL_FIELDS, start=1)}
        goals["goal_1"].help_text = _(
            "Schrijf het op in jullie eigen woorden. Bijvoorbeeld: "
            "ik weet wat ik kan vragen in het gesprek op school."
        )
        self.fields = {**goals, **self.fields}

    @classmethod
    def initial_for(cls, agreement) -> dict:
        if agreement is None:
            return {}
        initial = {"contact_frequency": agreement.contact_frequency}
        for name, goal in zip(GOAL_FIELDS, agreement.goals.all(), strict=False):
            initial[name] = goal.text
        return initial

    def goals(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in GOAL_FIELDS]


class ConfirmAgreementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactForm(forms.Form):
    contact_date = forms.DateField(
        label=_("Wanneer?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={
            "required": _("Kies de datum van het contact."),
            "invalid": _("Vul een datum in, bijvoorbeeld 24-11-2026."),
        },
    )
    how = forms.ChoiceField(
        label=_("Hoe hadden jullie contact?"),
        choices=MatchContact.How.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe jullie contact hadden.")},
    )
    note = forms.CharField(
        label=_("Notitie voor de coördinator (mag leeg blijven)"),
        help_text=_("Alleen de coördinator leest dit. De ouder ziet het nooit."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CONTACT_NOTE_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Je notitie is te lang. Maak hem korter dan %(limit_value)s tekens.")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"contact_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


def goal_field_name(goal: Goal) -> str:
    return f"goal_review_{goal.pk}"


class GoalReviewMixin:
    """One question per goal of the match: how is it going with this goal?"""

    def add_goal_fields(self, goals: list[Goal]) -> None:
        self.goals = goals
        for goal in goals:
            self.fields[goal_field_name(goal)] = forms.ChoiceField(
                label=goal.text,
                choices=GoalReview.Progress.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies hoe het gaat met dit doel.")},
            )

    def goal_fields(self) -> list:
        return [self[goal_field_name(goal)] for goal in self.goals]

    def goal_progress(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[goal_field_name(goal)] for goal in self.goals}


class CheckInWithGoalsForm(GoalReviewMixin, CheckInForm):
    def __init__(self, *args, goals: list[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_goal_fields(goals)

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "mood": data["mood"],
            "note": data["note"],
            "wants_help": data["wants_help"],
            "goal_progress": self.goal_progress(),
        }


REST_LABELS = {
    "now": _("Ik kan meteen weer een ouder helpen"),
    "1": _("Over een maand"),
    "3": _("Over drie maanden"),
    "6": _("Over een half jaar"),
}
REST_CHOICES = [(code, REST_LABELS[code]) for code in REST_DAYS]


class ClosureFieldsMixin(GoalReviewMixin):
    """The look back when a match ends: what helped, would you be matched again, and for
    the parent a new buddy, for the buddy a rest."""

    def add_closure_fields(self, *, respondent: str, goals: list[Goal]) -> None:
        self.respondent = respondent
        self.fields["mood"].label = _("Hoe ging het?")
        self.add_goal_fields(goals)
        self.fields["what_helped"] = forms.CharField(
            label=_("Wat hielp jou? (mag leeg blijven)"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
            required=False,
            error_messages={
                "max_length": _("Je tekst is te lang. Maak hem korter dan 2000 tekens.")
            },
        )
        self.fields["would_match_again"] = forms.ChoiceField(
            label=_("Wil je nog eens met iemand gekoppeld worden?")
            if respondent == CheckIn.Respondent.PARENT
            else _("Wil je nog eens een ouder helpen?"),
            choices=MatchClosure.Again.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Kies ja, misschien of nee.")},
        )
        if respondent == CheckIn.Respondent.PARENT:
            self.fields["wants_new_buddy"] = forms.BooleanField(
                label=_("Ik wil graag een nieuwe buddy"),
                help_text=_(
                    "We maken dan een nieuwe aanvraag voor je, met wat je de vorige keer "
                    "vertelde. De coördinator zoekt een buddy die past."
                ),
                required=False,
            )
        else:
            self.fields["rest"] = forms.ChoiceField(
                label=_("Wanneer wil je weer een ouder helpen?"),
                help_text=_("Tot die tijd vragen we je niet voor een nieuwe ouder."),
                choices=REST_CHOICES,
                initial="now",
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies wanneer je weer een ouder wilt helpen.")},
            )

    def answers(self) -> dict:
        return self.closure_answers()

    def closure_answers(self) -> dict:
        data = self.cleaned_data
        return {
            "mood": data["mood"],
            "what_helped": data.get("what_helped", ""),
            "would_match_again": data["would_match_again"],
            "goal_progress": self.goal_progress(),
            "wants_new_buddy": data.get("wants_new_buddy", False),
            "rest": data.get("rest") or "now",
            "note": data.get("note", ""),
            "wants_help": data.get("wants_help", False),
        }


class EndEvaluationForm(ClosureFieldsMixin, CheckInForm):
    """The end evaluation (the check-in of round 0): the closure for the side that did
    not end the match themselves, or was stopped by the coordinator."""

    def __init__(self, *args, respondent: str, goals: list[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_closure_fields(respondent=respondent, goals=goals)


class CloseMatchForm(ClosureFieldsMixin, EndForm):
    """Ending a match and looking back, in one short form."""

    mood = CheckInForm.base_fields["mood"]

    def __init__(self, *args, respondent: str, goals: list[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_closure_fields(respondent=respondent, goals=goals)


def checkin_form_for(checkin: CheckIn, data=None, *, goals: list[Goal]):
    """The form of a check-in page: the end evaluation asks the closure questions."""
    if checkin.is_end_evaluation:
        return EndEvaluationForm(data, respondent=checkin.respondent, goals=goals)
    return CheckInWithGoalsForm(data, goals=goals)
