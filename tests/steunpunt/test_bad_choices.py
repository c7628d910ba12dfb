"""Every public form answers a bad choice with a form error, never a 500 (issue #10, 10).

A 26-digit id does not fit in a database integer: SQLite raised OverflowError before the
model choice fields of `steunpunt.forms` checked the range."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.models import Case
from oudernetwerk.models import CheckIn
from steunpunt.forms import ModelChoiceField, ModelMultipleChoiceField
from steunpunt.models import Municipality, Theme
from tests.factories import (
    ArticleFactory,
    MatchFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    make_case,
)
from tests.factories.consultations import invited_member, survey

pytestmark = pytest.mark.django_db

BAD_VALUES = ["9" * 26, "-1", "-" + "9" * 26, "drie", "1.5"]


@pytest.fixture
def choices():
    return {"theme": ThemeFactory(), "municipality": MunicipalityFactory()}


def _signed_in_parent(client):
    parent = UserFactory()
    client.force_login(parent)
    return parent


def _intake(client, choices):
    data = {
        "kind": "complaint",
        "theme": choices["theme"].pk,
        "complaint_about": OrganisationFactory().pk,
        "description": "Mijn kind zit thuis.",
        "school": "",
        "email": "ouder@test.example.nl",
        "contact_preference": "email",
        "age_band": "",
        "privacy": "on",
    }
    return reverse("casussen:intake"), data, ["theme", "complaint_about", "school", "kind"]


def _buddy_apply(client, choices):
    _signed_in_parent(client)
    data = {
        "themes": [choices["theme"].pk],
        "municipalities": [choices["municipality"].pk],
        "languages": ["nl"],
        "max_active_matches": "1",
        "introduction": "Moeder van twee.",
        "share_email": "on",
        "privacy": "on",
    }
    fields = ["themes", "municipalities", "languages", "age_bands", "max_active_matches"]
    return reverse("oudernetwerk:buddy"), data, fields


def _buddy_request(client, choices):
    _signed_in_parent(client)
    data = {
        "themes": [choices["theme"].pk],
        "municipality": choices["municipality"].pk,
        "language": "nl",
        "hopes": "Iemand om mee te praten.",
        "urgency": "normal",
        "share_email": "on",
    }
    fields = ["themes", "municipality", "language", "age_band", "school_type", "urgency"]
    return reverse("oudernetwerk:request"), data, fields


def _panel(client, choices):
    _signed_in_parent(client)
    data = {
        "municipality": choices["municipality"].pk,
        "themes": [choices["theme"].pk],
        "consent": "on",
    }
    return reverse("oudernetwerk:consultations"), data, ["municipality", "themes"]


def _consent(client, choices):
    case = make_case(email="ouder@test.example.nl")
    client.force_login(case.parent)
    data = {"organisation": OrganisationFactory().pk, "purpose": ""}
    return reverse("casussen:portal_consent", args=[case.pk]), data, ["organisation"]


def _feedback(client, choices):
    article = ArticleFactory()
    url = reverse("kennisbank:feedback", args=[article.slug])
    return url, {"helpful": "ja", "comment": ""}, ["helpful"]


def _evaluation(client, choices):
    case = make_case(email="ouder@test.example.nl")
    me = coordinator()
    services.case_assign(case=case, coordinator=me, actor=me)
    case = services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=me, resolution=Case.Resolution.ANSWERED
    )
    url = reverse("casussen:evaluation", args=[services.evaluation_token(case.evaluation)])
    return url, {"satisfaction": "4"}, ["satisfaction", "topic_nearby"]


def _consultation(client, choices):

    consultation, choice, _open = survey()
    client.force_login(invited_member(consultation).user)
    url = reverse("oudernetwerk:consultation", args=[consultation.pk])
    return url, {f"vraag_{choice.pk}": "Goed"}, [f"vraag_{choice.pk}"]


def _checkin(client, choices):

    match = MatchFactory(status="active")
    item = CheckIn.objects.create(match=match, respondent="parent", round=1, due_at=timezone.now())
    client.force_login(match.request.parent)
    return reverse("oudernetwerk:checkin", args=[item.pk]), {"mood": "good"}, ["mood"]


FORMS = {
    "intake": _intake,
    "buddy_apply": _buddy_apply,
    "buddy_request": _buddy_request,
    "panel": _panel,
    "consent": _consent,
    "feedback": _feedback,
    "evaluation": _evaluation,
    "consultation": _consultation,
    "checkin": _checkin,
}


@pytest.mark.parametrize("bad", BAD_VALUES)
@pytest.mark.parametrize("name", FORMS)
def test_public_form_answers_a_bad_choice_with_a_form_error(client, choices, name, bad):
    url, data, fields = FORMS[name](client, choices)
    for field in fields:
        posted = {**data, field: [bad] if isinstance(data.get(field), list) else bad}

        response = client.post(url, posted)

        assert response.status_code == 400, (name, field)
        assert "is-invalid" in response.content.decode(), (name, field)


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_knowledge_base_search_ignores_a_bad_theme(client, bad):
    ThemeFactory()

    response = client.get(reverse("kennisbank:index"), {"thema": bad, "q": "school"})

    assert response.status_code == 200


def test_choice_fields_say_choose_from_the_list_in_dutch():
    ThemeFactory()
    MunicipalityFactory()
    single = ModelChoiceField(queryset=Municipality.objects.all())
    several = ModelMultipleChoiceField(queryset=Theme.objects.all())

    for bad in BAD_VALUES:
        with pytest.raises(ValidationError) as single_error:
            single.clean(bad)
        with pytest.raises(ValidationError) as several_error:
            several.clean([bad])

        assert single_error.value.messages == ["Kies een van de mogelijkheden uit de lijst."]
        assert several_error.value.messages == ["Kies een van de mogelijkheden uit de lijst."]


def test_choice_fields_still_accept_a_real_choice():
    theme = ThemeFactory()
    municipality = MunicipalityFactory()

    assert ModelChoiceField(queryset=Municipality.objects.all()).clean(str(municipality.pk)) == (
        municipality
    )
    assert list(ModelMultipleChoiceField(queryset=Theme.objects.all()).clean([theme.pk])) == [theme]


def test_admin_relation_fields_answer_a_bad_id_with_a_form_error(rf):

    case = make_case()
    request = rf.get("/admin/")
    request.user = coordinator()
    form_class = admin.site._registry[Case].get_form(request, case, change=True)
    data = {"theme": case.theme_id, "priority": case.priority, "signal_tags": ["9" * 26]}

    form = form_class(data=data, instance=case)

    assert not form.is_valid()
    assert form.errors["signal_tags"] == ["Kies een van de mogelijkheden uit de lijst."]
    assert isinstance(form.fields["theme"], ModelChoiceField)
