"""The case page's "In het kort" block is written in Python (casussen/admin/case_summary.py):
the same HTML as the template it replaces, kept here, for cases of every kind, in Dutch and
English, escaping included (compared as HTML: the whitespace between tags aside)."""

from datetime import timedelta

import pytest
from django.template import engines
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone, translation

from casussen.admin import case_summary
from casussen.models import Case, Consent, Evaluation, FollowUp
from tests.factories import (
    ArticleFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    make_case,
    make_followup,
)

pytestmark = pytest.mark.django_db

# The block as templates/admin/casussen/case/change_form.html had it.
SUMMARY = """{% load i18n %}  <h2>{% translate "In het kort" %}</h2>
  {% if not original.is_confirmed %}
  <p class="errornote case-unconfirmed"><strong>{% translate "Niet bevestigd." %}</strong> {% translate "Iemand die niet was ingelogd als deze ouder stuurde deze vraag met hun e-mailadres. De ouder heeft een link gekregen om te bevestigen dat de vraag van hen is. Tot dan ziet de ouder er niets van in Mijn steunpunt, krijgt geen evaluatie en vraag je geen partner iets: de toestemming komt misschien niet van de ouder zelf. Je kunt de vraag wel behandelen: er zit een echte vraag achter van iemand." %}</p>
  {% endif %}
  <p>
    <strong>{{ original.get_status_display }}</strong>
    {% if original.assigned_to %} · {% translate "behandelaar" %}: {{ original.assigned_to }}{% else %} · {% translate "nog niemand toegewezen" %}{% endif %}
    · {% translate "eerste reactie uiterlijk" %} {{ original.respond_by|date:"j F" }}{% if original.responded_at %} ({% translate "gedaan" %}){% endif %}
    · {% translate "afgerond uiterlijk" %} {{ original.resolve_by|date:"j F" }}
    {% if original.paused_since %} · {% translate "termijnen staan stil: wacht op ouder" %}{% endif %}
  </p>
  {% if can_assign_to_me %}
  <p><button type="submit" class="button assign-to-me" formaction="{% url 'admin:casussen_case_assign_to_me' original.pk %}" formmethod="post" formnovalidate>{% translate "Aan mij toewijzen" %}</button></p>
  {% endif %}
  {% if original.on_legal_hold %}
  <p class="legal-hold"><strong>{% translate "Juridische blokkade" %}</strong> {% blocktranslate with date=original.legal_hold_since|date:"j F Y" %}sinds {{ date }}{% endblocktranslate %}: {{ original.legal_hold_reason }}. {% translate "Bewaartermijnen en verwijderverzoeken slaan deze zaak over." %}</p>
  {% endif %}
  {% if original.merged_into %}
  <p class="errornote case-merged"><strong>{% translate "Dubbel." %}</strong> {% blocktranslate with reference=original.merged_into.reference %}Deze zaak is samengevoegd met {{ reference }}. We gaan daar verder.{% endblocktranslate %} <a href="{% url 'admin:casussen_case_change' original.merged_into_id %}">{% blocktranslate with reference=original.merged_into.reference %}Naar {{ reference }}{% endblocktranslate %}</a></p>
  {% endif %}
  {% if possible_duplicates %}
  <div class="case-duplicates">
    <h3>{% translate "Mogelijk dubbel" %}</h3>
    <p>{% translate "Deze ouder heeft nog een open zaak over hetzelfde thema:" %}</p>
    <ul>{% for other in possible_duplicates %}<li><a href="{% url 'admin:casussen_case_change' other.pk %}">{{ other.reference }}</a> · {{ other.get_status_display }} · {% translate "ontvangen" %} {{ other.created_at|date:"j F Y" }}</li>{% endfor %}</ul>
    <p>{% translate "Gaat het over hetzelfde? Kies dan 'Samenvoegen (dubbel)' op de zaak die dubbel is. Horen ze alleen bij elkaar? Kies dan 'Koppelen'." %}</p>
  </div>
  {% endif %}
  {% if linked_cases %}
  <h3>{% translate "Gekoppelde zaken" %}</h3>
  <ul class="case-links">{% for other in linked_cases %}<li><a href="{% url 'admin:casussen_case_change' other.pk %}">{{ other.reference }}</a> · {{ other.get_status_display }}</li>{% endfor %}</ul>
  {% endif %}
  {% if merged_cases %}
  <h3>{% translate "Samengevoegd in deze zaak" %}</h3>
  <ul>{% for other in merged_cases %}<li><a href="{% url 'admin:casussen_case_change' other.pk %}">{{ other.reference }}</a></li>{% endfor %}</ul>
  {% endif %}
  {% if original.anonymised_at %}
  <p><strong>{% translate "Anoniem gemaakt" %}</strong> {{ original.anonymised_at|date:"j F Y" }}. {% translate "Verhaal, contactgegevens, bestanden en berichten zijn gewist." %}</p>
  {% endif %}
  <h3>{% translate "Toestemming van de ouder voor" %}</h3>
  {% if not valid_consents %}<p>{% translate "Nog geen organisatie. Zonder toestemming vraag je een partner niets." %}</p>{% else %}
  <ul class="consent-list">
    {% for consent in valid_consents %}
    <li>{{ consent.organisation }} ({{ consent.get_method_display }}, {{ consent.given_at|date:"j F Y" }})
      <button type="submit" class="button inline-button" formaction="{% url 'admin:casussen_case_consent_withdraw' original.pk consent.pk %}" formmethod="post" formnovalidate>{% translate "Intrekken" %}</button>
    </li>
    {% endfor %}
  </ul>
  {% endif %}
  {% if open_followups %}
  <h3>{% translate "Wacht op antwoord van" %}</h3>
  <ul>
    {% for followup in open_followups %}
    <li>{{ followup.organisation }} · {% translate "uiterlijk" %} {{ followup.due_date|date:"j F" }}{% if followup.status == "overdue" %} · <strong>{% translate "te laat" %}</strong>{% endif %}
      <button type="submit" class="button inline-button" formaction="{% url 'admin:casussen_case_followup_cancel' original.pk followup.pk %}" formmethod="post" formnovalidate>{% translate "Annuleren" %}</button>
    </li>
    {% endfor %}
  </ul>
  {% endif %}
  {% if evaluation %}
  <h3>{% translate "Evaluatie van de ouder" %}</h3>
  <p>{% blocktranslate with score=evaluation.satisfaction %}Tevredenheid: {{ score }} van 5.{% endblocktranslate %}
    {% if evaluation.contact_wanted %}<strong>{% translate "De ouder wil hierover nog contact." %}</strong>{% endif %}
    {% if evaluation.comment %}{% translate "Opmerking" %}: {{ evaluation.comment }}{% endif %}</p>
  {% if evaluation.awaits_review %}
  <p class="evaluation-review"><strong>{% translate "Te bespreken." %}</strong> {% translate "Neem contact op met de ouder. Daarna zet je hem hier op besproken." %}
    <button type="submit" class="button inline-button" formaction="{% url 'admin:casussen_case_evaluation_reviewed' original.pk %}" formmethod="post" formnovalidate>{% translate "Besproken" %}</button></p>
  {% elif evaluation.reviewed_at %}
  <p>{% blocktranslate with date=evaluation.reviewed_at|date:"j F Y" %}Besproken op {{ date }}.{% endblocktranslate %}</p>
  {% endif %}
  {% endif %}
"""  # noqa: E501

ARTICLES = """{% load i18n %}  {% if suggested_articles %}
  <h3>{% translate "Artikelen in de kennisbank die kunnen helpen" %}</h3>
  <ul>{% for article in suggested_articles %}<li><a href="{{ article.get_absolute_url }}">{{ article.title }}</a></li>{% endfor %}</ul>
  {% endif %}
"""  # noqa: E501

NAMES = (
    "can_assign_to_me",
    "possible_duplicates",
    "linked_cases",
    "merged_cases",
    "valid_consents",
    "open_followups",
    "evaluation",
)
PARENT = "ouder@test.example.nl"


@pytest.fixture
def worker(client):
    user = coordinator(name='Kim <de> "Vries" & co')
    client.force_login(user)
    return user


def _page_context(client, case):
    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))
    assert response.status_code == 200
    return {name: response.context[name] for name in ("original", *NAMES, "suggested_articles")}


def _same(client, case, language):
    with translation.override(language):
        context = _page_context(client, case)
        django = engines["django"].from_string(SUMMARY).render(context)
        ours = case_summary.summary_html(
            context["original"], **{name: context[name] for name in NAMES}
        )
    assert parse_html(ours) == parse_html(django)
    return ours


def _consent(case, name="Jeugdteam <Noord> & 't Zuid"):
    return Consent.objects.create(
        case=case,
        organisation=OrganisationFactory(name=name),
        purpose="Overleg",
        method=Consent.Method.choices[0][0],
        given_at=timezone.now() - timedelta(days=3),
    )


def _followup(case, consent, status):
    return make_followup(
        case,
        consent,
        contact_email="partner@test.example.nl",
        request="Kunt u bellen?",
        due_date=timezone.localdate() + timedelta(days=5),
        status=status,
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_new_case_without_owner_is_the_templates(client, worker, language):
    case = make_case(email=PARENT, signed_in=False)

    html = _same(client, case, language)

    assert "assign-to-me" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_busy_case_is_the_templates(client, worker, language):
    # Owner, school-less, consents and follow-ups (one late), a duplicate, a linked and a
    # merged case, a legal hold and a paused deadline, a reviewed evaluation waiting.
    UserFactory(email=PARENT, name="Sanne <Bakker>")
    theme = ThemeFactory(name="Thuiszitten")
    case = make_case(email=PARENT, theme=theme)
    duplicate = make_case(email=PARENT, theme=theme)
    linked = make_case(email=PARENT)
    merged = make_case(email=PARENT, theme=theme)
    Case.objects.filter(pk=merged.pk).update(merged_into=case, status=Case.Status.CLOSED)
    Case.linked_cases.through.objects.create(from_case=case, to_case=linked)
    owner = coordinator(name="Eva & <Jan>")
    consent = _consent(case)
    _consent(case, name="GGD")
    _followup(case, consent, FollowUp.Status.OPEN)
    _followup(case, consent, FollowUp.Status.OVERDUE)
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(
        assigned_to=owner,
        status=Case.Status.WAITING_FOR_PARENT,
        responded_at=now,
        paused_since=now,
        legal_hold_since=now,
        legal_hold_reason="Klacht <bij> de rechter & zo",
    )
    Evaluation.objects.create(
        case=case,
        satisfaction=4,
        comment='Fijn <geholpen> & "snel"',
        submitted_at=now,
        contact_wanted=True,
        review_needed_at=now,
    )

    html = _same(client, case, language)

    assert html.count("inline-button") == 5
    assert "&lt;Jan&gt;" in html
    assert duplicate.reference in html
    assert linked.reference in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_closed_merged_anonymised_case_is_the_templates(client, worker, language):
    surviving = make_case(email=PARENT)
    case = make_case(email=PARENT)
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, merged_into=surviving, anonymised_at=now, assigned_to=worker
    )
    Evaluation.objects.create(case=case, satisfaction=2, submitted_at=now, reviewed_at=now)

    html = _same(client, case, language)

    assert "case-merged" in html
    assert "assign-to-me" not in html


def test_unconfirmed_case_is_the_templates(client, worker):
    case = make_case(email="nieuw@test.example.nl", signed_in=False)
    Case.objects.filter(pk=case.pk).update(confirmed_at=None)

    html = _same(client, case, "nl")

    assert "case-unconfirmed" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_articles_are_the_templates(language):
    articles = [ArticleFactory(title="Passend <onderwijs> & jij"), ArticleFactory()]
    with translation.override(language):
        django = engines["django"].from_string(ARTICLES).render({"suggested_articles": articles})

        assert parse_html(case_summary.articles_html(articles)) == parse_html(django)


def test_no_articles_no_html():
    assert case_summary.articles_html([]) == ""


def test_case_url_is_reverses():
    assert case_summary.case_url("consent_withdraw", 12, 345) == reverse(
        "admin:casussen_case_consent_withdraw", args=[12, 345]
    )
    assert case_summary.case_url("change", 7) == reverse("admin:casussen_case_change", args=[7])


# Django's own block in admin/change_form.html (5.2), for a page that changes a case.
BREADCRUMBS = """{% load i18n admin_urls %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{% translate 'Home' %}</a>
&rsaquo; <a href="{% url 'admin:app_list' app_label=opts.app_label %}">{{ opts.app_config.verbose_name }}</a>
&rsaquo; {% if has_view_permission %}<a href="{% url opts|admin_urlname:'changelist' %}">{{ opts.verbose_name_plural|capfirst }}</a>{% else %}{{ opts.verbose_name_plural|capfirst }}{% endif %}
&rsaquo; {{ original|truncatewords:"18" }}
</div>
"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("may_view", [True, False])
def test_breadcrumbs_are_djangos(language, may_view):
    case = make_case()
    context = {"opts": Case._meta, "original": case, "has_view_permission": may_view}
    with translation.override(language):
        django = engines["django"].from_string(BREADCRUMBS).render(context)

        html = case_summary.breadcrumbs_html(case, has_view_permission=may_view)

    assert html == django
    assert ("/casussen/case/" in html) is may_view


def test_case_page_shows_its_breadcrumbs(client, worker):
    case = make_case()

    content = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    assert content.count('<div class="breadcrumbs">') == 1
    assert f"&rsaquo; {case}\n</div>" in content
