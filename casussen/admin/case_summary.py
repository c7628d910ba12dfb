"""The case page's "In het kort" block (its `form_top`), written in Python: as a template
it cost about 2 ms of `{% url %}`, `{% translate %}` and date filters a view (issue #12).
tests/casussen/test_case_summary_html.py keeps the template it replaces and compares
their HTML for cases of every kind, in Dutch and in English."""

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from ..models import FollowUp

# Ids no row has, in the place of a URL's ids: each URL is reversed once per process.
_MARKS = ("987654321", "987654322")
_URLS: dict[tuple, str] = {}


def case_url(name: str, *ids: int) -> str:
    """reverse(f"admin:casussen_case_{name}", args=ids), reversed once per process."""
    key = (name, len(ids), get_script_prefix(), get_urlconf())
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = reverse(f"admin:casussen_case_{name}", args=_MARKS[: len(ids)])
    for mark, pk in zip(_MARKS[: len(ids)], ids, strict=True):
        url = url.replace(mark, str(pk), 1)
    return url


def _date(value, format_: str) -> str:
    # As the template's `|date:"…"`: in the current time zone, the current language's
    # month names; "" for no date.
    return escape(date_filter(template_localtime(value), format_))


def _button(css: str, url: str, label: str) -> str:
    return (
        f'<button type="submit" class="button {css}" formaction="{escape(url)}" '
        f'formmethod="post" formnovalidate>{label}</button>'
    )


def _case_link(case) -> str:
    return f'<a href="{escape(case_url("change", case.pk))}">{escape(case.reference)}</a>'


def summary_html(
    case,
    *,
    can_assign_to_me: bool,
    possible_duplicates,
    linked_cases,
    merged_cases,
    valid_consents,
    open_followups,
    evaluation,
) -> SafeString:
    """The block from its heading to the evaluation (the praatplaat, other apps' panels
    and the suggested articles follow it in the template)."""
    t = gettext
    html = [f"<h2>{t('In het kort')}</h2>\n"]
    if not case.is_confirmed:
        html.append(
            f'<p class="errornote case-unconfirmed"><strong>{t("Niet bevestigd.")}</strong> '
            + t(
                "Iemand die niet was ingelogd als deze ouder stuurde deze vraag met hun "
                "e-mailadres. De ouder heeft een link gekregen om te bevestigen dat de "
                "vraag van hen is. Tot dan ziet de ouder er niets van in Mijn steunpunt, "
                "krijgt geen evaluatie en vraag je geen partner iets: de toestemming komt "
                "misschien niet van de ouder zelf. Je kunt de vraag wel behandelen: er zit "
                "een echte vraag achter van iemand."
            )
            + "</p>\n"
        )
    html.append(f"<p>\n<strong>{escape(case.get_status_display())}</strong>\n")
    if case.assigned_to_id:
        html.append(f" · {t('behandelaar')}: {conditional_escape(case.assigned_to)}")
    else:
        html.append(f" · {t('nog niemand toegewezen')}")
    html.append(f"\n· {t('eerste reactie uiterlijk')} {_date(case.respond_by, 'j F')}")
    if case.responded_at:
        html.append(f" ({t('gedaan')})")
    html.append(f"\n· {t('afgerond uiterlijk')} {_date(case.resolve_by, 'j F')}\n")
    if case.paused_since:
        html.append(f" · {t('termijnen staan stil: wacht op ouder')}")
    html.append("\n</p>\n")
    if can_assign_to_me:
        url = case_url("assign_to_me", case.pk)
        html.append(f"<p>{_button('assign-to-me', url, t('Aan mij toewijzen'))}</p>\n")
    if case.on_legal_hold:
        since = t("sinds %(date)s") % {"date": _date(case.legal_hold_since, "j F Y")}
        html.append(
            f'<p class="legal-hold"><strong>{t("Juridische blokkade")}</strong> {since}: '
            f"{escape(case.legal_hold_reason)}. "
            f"{t('Bewaartermijnen en verwijderverzoeken slaan deze zaak over.')}</p>\n"
        )
    if case.merged_into_id:
        reference = escape(case.merged_into.reference)
        merged = t("Deze zaak is samengevoegd met %(reference)s. We gaan daar verder.")
        to = t("Naar %(reference)s") % {"reference": reference}
        html.append(
            f'<p class="errornote case-merged"><strong>{t("Dubbel.")}</strong> '
            f"{merged % {'reference': reference}} "
            f'<a href="{escape(case_url("change", case.merged_into_id))}">{to}</a></p>\n'
        )
    if possible_duplicates:
        received = t("ontvangen")
        items = "".join(
            f"<li>{_case_link(other)} · {escape(other.get_status_display())} · {received} "
            f"{_date(other.created_at, 'j F Y')}</li>"
            for other in possible_duplicates
        )
        html.append(
            f'<div class="case-duplicates">\n<h3>{t("Mogelijk dubbel")}</h3>\n'
            f"<p>{t('Deze ouder heeft nog een open zaak over hetzelfde thema:')}</p>\n"
            f"<ul>{items}</ul>\n"
            "<p>"
            + t(
                "Gaat het over hetzelfde? Kies dan 'Samenvoegen (dubbel)' op de zaak die "
                "dubbel is. Horen ze alleen bij elkaar? Kies dan 'Koppelen'."
            )
            + "</p>\n</div>\n"
        )
    if linked_cases:
        items = "".join(
            f"<li>{_case_link(other)} · {escape(other.get_status_display())}</li>"
            for other in linked_cases
        )
        html.append(f'<h3>{t("Gekoppelde zaken")}</h3>\n<ul class="case-links">{items}</ul>\n')
    if merged_cases:
        items = "".join(f"<li>{_case_link(other)}</li>" for other in merged_cases)
        html.append(f"<h3>{t('Samengevoegd in deze zaak')}</h3>\n<ul>{items}</ul>\n")
    if case.anonymised_at:
        html.append(
            f"<p><strong>{t('Anoniem gemaakt')}</strong> {_date(case.anonymised_at, 'j F Y')}. "
            f"{t('Verhaal, contactgegevens, bestanden en berichten zijn gewist.')}</p>\n"
        )
    html.append(f"<h3>{t('Toestemming van de ouder voor')}</h3>\n")
    if not valid_consents:
        html.append(
            f"<p>{t('Nog geen organisatie. Zonder toestemming vraag je een partner niets.')}</p>\n"
        )
    else:
        withdraw = t("Intrekken")
        html.append('<ul class="consent-list">\n')
        for consent in valid_consents:
            url = case_url("consent_withdraw", case.pk, consent.pk)
            html.append(
                f"<li>{conditional_escape(consent.organisation)} "
                f"({escape(consent.get_method_display())}, {_date(consent.given_at, 'j F Y')})\n"
                f"{_button('inline-button', url, withdraw)}\n</li>\n"
            )
        html.append("</ul>\n")
    if open_followups:
        due, late, cancel = t("uiterlijk"), t("te laat"), t("Annuleren")
        html.append(f"<h3>{t('Wacht op antwoord van')}</h3>\n<ul>\n")
        for followup in open_followups:
            url = case_url("followup_cancel", case.pk, followup.pk)
            overdue = (
                f" · <strong>{late}</strong>"
                if followup.status == FollowUp.Status.OVERDUE.value
                else ""
            )
            html.append(
                f"<li>{conditional_escape(followup.organisation)} · {due} "
                f"{_date(followup.due_date, 'j F')}{overdue}\n"
                f"{_button('inline-button', url, cancel)}\n</li>\n"
            )
        html.append("</ul>\n")
    if evaluation:
        html.append(_evaluation_html(case, evaluation))
    return mark_safe("".join(html))


def _evaluation_html(case, evaluation) -> str:
    t = gettext
    score = t("Tevredenheid: %(score)s van 5.") % {
        "score": conditional_escape(evaluation.satisfaction)
    }
    html = [f"<h3>{t('Evaluatie van de ouder')}</h3>\n<p>{score}\n"]
    if evaluation.contact_wanted:
        html.append(f"<strong>{t('De ouder wil hierover nog contact.')}</strong>")
    html.append("\n")
    if evaluation.comment:
        html.append(f"{t('Opmerking')}: {escape(evaluation.comment)}")
    html.append("</p>\n")
    if evaluation.awaits_review:
        url = case_url("evaluation_reviewed", case.pk)
        html.append(
            f'<p class="evaluation-review"><strong>{t("Te bespreken.")}</strong> '
            f"{t('Neem contact op met de ouder. Daarna zet je hem hier op besproken.')}\n"
            f"{_button('inline-button', url, t('Besproken'))}</p>\n"
        )
    elif evaluation.reviewed_at:
        reviewed = t("Besproken op %(date)s.") % {"date": _date(evaluation.reviewed_at, "j F Y")}
        html.append(f"<p>{reviewed}</p>\n")
    return "".join(html)


def articles_html(articles) -> SafeString:
    """The suggested articles at the block's end; nothing when there are none."""
    if not articles:
        return mark_safe("")
    items = "".join(
        f'<li><a href="{escape(article.get_absolute_url())}">{escape(article.title)}</a></li>'
        for article in articles
    )
    heading = gettext("Artikelen in de kennisbank die kunnen helpen")
    return mark_safe(f"<h3>{heading}</h3>\n<ul>{items}</ul>\n")


class Lazy:
    """HTML made when the template shows it (the inlines' rows some parts use are read
    once, by whoever asks first), not when the context is built."""

    def __init__(self, make, /, *args, **kwargs):
        self._make, self._args, self._kwargs = make, args, kwargs
        self._html = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._make(*self._args, **self._kwargs)
        return self._html

    __str__ = __html__


_ADMIN_URLS: dict[tuple, tuple[str, str, str]] = {}


def breadcrumbs_html(case, *, has_view_permission: bool) -> SafeString:
    """The change form's breadcrumbs for a case (Django's block, its three URLs reversed
    once per process)."""
    opts = case._meta
    key = (get_script_prefix(), get_urlconf())
    urls = _ADMIN_URLS.get(key)
    if urls is None:
        urls = _ADMIN_URLS[key] = (
            reverse("admin:index"),
            reverse("admin:app_list", kwargs={"app_label": opts.app_label}),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        )
    index, app_list, changelist = (escape(url) for url in urls)
    plural = escape(capfirst(opts.verbose_name_plural))
    cases = f'<a href="{changelist}">{plural}</a>' if has_view_permission else plural
    return mark_safe(
        f'<div class="breadcrumbs">\n<a href="{index}">{escape(gettext("Home"))}</a>\n'
        f'&rsaquo; <a href="{app_list}">{escape(opts.app_config.verbose_name)}</a>\n'
        f"&rsaquo; {cases}\n&rsaquo; {escape(truncatewords(case, 18))}\n</div>\n"
    )
