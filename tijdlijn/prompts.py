"""Questions that help a parent start writing, per kind of entry (B1, short)."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Entry

K = Entry.Kind

PROMPTS = {
    K.SCHOOL: [
        _("Hoe ging het op school? Wat merkte de leerkracht?"),
        _("Waar had je kind moeite mee? En wat ging goed?"),
        _("Was er een gesprek op school? Wat is er afgesproken?"),
    ],
    K.CHANGE: [
        _("Kwam je kind in een nieuwe klas of op een nieuwe school?"),
        _("Waarom was die overstap? Hoe ging de eerste tijd?"),
        _("Bleef je kind (een tijd) thuis zonder school?"),
    ],
    K.SUPPORT: [
        _("Welke hulp kreeg je kind, op school of daarbuiten?"),
        _("Was er een onderzoek? Wat kwam eruit?"),
        _("Wie hielp er: een intern begeleider, een wijkteam, een therapeut?"),
    ],
    K.HOME: [
        _("Gebeurde er thuis iets dat je kind raakte? Een verhuizing, ziekte, een scheiding?"),
        _("Hoe was je kind thuis: blij, moe, gespannen?"),
    ],
    K.OTHER: [
        _("Is er iets anders dat mensen aan tafel moeten weten?"),
        _("Wanneer was je kind echt blij? Wat maakte dat verschil?"),
    ],
}


def prompt_groups() -> list[dict]:
    return [{"kind": kind, "label": kind.label, "questions": PROMPTS[kind]} for kind in Entry.Kind]


_HTML: dict[str, SafeString] = {}


def prompts_html() -> SafeString:
    """`tijdlijn/_prompts.html` with every group: the same for everyone who reads it in
    one language, so written once per process and language (it was a third of the
    timeline page)."""
    language = get_language() or ""
    html = _HTML.get(language)
    if html is None:
        html = _HTML[language] = mark_safe(  # the template's own escaped output
            render_to_string("tijdlijn/_prompts.html", {"prompt_groups": prompt_groups()})
        )
    return html
