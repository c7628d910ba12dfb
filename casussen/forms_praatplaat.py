"""The form of one side of the praatplaat: the ten topics and a comment. It only checks
what comes in; `services.praatplaat.clean_answers` holds the rule (at least one topic)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Praatplaat

TOPIC_PREFIX = "topic_"


class PraatplaatForm(forms.Form):
    comment = forms.CharField(
        label=_("Wilt u nog iets zeggen? (mag leeg blijven)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        error_messages={
            "max_length": _("De opmerking is te lang. Maak hem korter dan 2000 tekens.")
        },
    )

    def __init__(self, *args, comment_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if comment_label:
            self.fields["comment"].label = comment_label
        for key, label in Praatplaat.TOPICS:
            self.fields[TOPIC_PREFIX + key] = forms.ChoiceField(
                label=label,
                choices=Praatplaat.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("Kies Eens, Een beetje of Oneens.")},
            )

    def topic_fields(self):
        return [self[TOPIC_PREFIX + key] for key, _label in Praatplaat.TOPICS]

    def topics(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[TOPIC_PREFIX + key]
            for key, _label in Praatplaat.TOPICS
            if self.cleaned_data.get(TOPIC_PREFIX + key)
        }


class SendToPartnerForm(forms.Form):
    """Which follow-up's partner gets the professional's link (only those with a valid
    consent are offered)."""

    followup = forms.ModelChoiceField(
        label=_("Naar welke organisatie?"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )

    def __init__(self, *args, followups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followup"].queryset = followups
        self.fields["followup"].label_from_instance = lambda f: f.organisation.name
