"""The forms of /mijn/gegevens/: correcting the name and phone number, and a new email
address. Errors in plain Dutch, beside the field; what was typed stays."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_DIGITS = re.compile(r"\d")
PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]*$")


class ContactDetailsForm(forms.Form):
    name = forms.CharField(
        label=_("Je naam"),
        help_text=_("Hoe we je aanspreken. Alleen je voornaam mag ook."),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Je naam is te lang. Gebruik hoogstens 150 tekens.")},
    )
    phone = forms.CharField(
        label=_("Je telefoonnummer (mag leeg blijven)"),
        help_text=_(
            "Laat je het leeg? Dan mailen we je, en je buddy ziet geen telefoonnummer meer."
        ),
        max_length=32,
        required=False,
        error_messages={"max_length": _("Dit telefoonnummer is te lang.")},
    )

    def __init__(self, *args, with_phone: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_phone:
            del self.fields["phone"]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if "phone" in self.fields:
            self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and (
            not PHONE_ALLOWED.match(phone) or not 10 <= len(PHONE_DIGITS.findall(phone)) <= 15
        ):
            raise forms.ValidationError(
                _("Vul een telefoonnummer in met 10 cijfers, bijvoorbeeld 06 12345678.")
            )
        return phone


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("Je nieuwe e-mailadres"),
        help_text=_(
            "We sturen een e-mail met een link naar dit adres. Pas als je op de link "
            "klikt, veranderen we je adres."
        ),
        max_length=254,
        error_messages={
            "required": _("Vul je nieuwe e-mailadres in."),
            "invalid": _("Dit e-mailadres klopt niet. Kijk het nog eens na."),
            "max_length": _("Dit e-mailadres is te lang."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
