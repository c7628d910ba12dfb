"""The coordinator's side: screening buddies, the ranked suggestions on a request with a
button to propose, and who may open any of it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oudernetwerk import services
from oudernetwerk.models import BuddyProfile, BuddyRequest, Match, NetworkEvent
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
)

pytestmark = pytest.mark.django_db


def _change(name: str, pk: int) -> str:
    return reverse(f"admin:oudernetwerk_{name}_change", args=[pk])


@pytest.fixture
def world():
    alkmaar = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    request = BuddyRequestFactory(municipality=alkmaar, themes=[theme])
    best = BuddyProfileFactory(
        themes=[theme], municipalities=[alkmaar], user__name="Anna Eerste", max_active_matches=2
    )
    other = BuddyProfileFactory(user__name="Bram Tweede")
    return request, best, other


# --- Who may open what -----------------------------------------------------------------------


def _visitor(role: str, world):
    request, best, _other = world
    match role:
        case "parent":
            return request.parent
        case "buddy":
            return best.user
        case "partner":
            return UserFactory(roles=["partner"])
        case "editor":
            return editor()
        case "coordinator":
            return coordinator()
    return None


ROLES = ["parent", "buddy", "partner", "editor", "coordinator", "anonymous"]


def _pages(world) -> list[str]:
    request, best, _other = world
    return [
        reverse("admin:oudernetwerk_buddyprofile_changelist"),
        _change("buddyprofile", best.pk),
        reverse("admin:oudernetwerk_buddyprofile_approve", args=[best.pk]),
        reverse("admin:oudernetwerk_buddyprofile_reject", args=[best.pk]),
        reverse("admin:oudernetwerk_buddyrequest_changelist"),
        _change("buddyrequest", request.pk),
        reverse("admin:oudernetwerk_buddyrequest_add"),
        reverse("admin:oudernetwerk_match_changelist"),
        reverse("admin:oudernetwerk_reminder_changelist"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_admin_pages(client, world, role):
    visitor = _visitor(role, world)
    if visitor:
        client.force_login(visitor)

    for url in _pages(world):
        response = client.get(url)
        if role == "coordinator":
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
        elif role == "editor":
            assert response.status_code == 403, url
        else:
            assert client.get(url, follow=True).status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_proposing(client, world, role):
    request, best, _other = world
    visitor = _visitor(role, world)
    if visitor:
        client.force_login(visitor)

    client.post(reverse("admin:oudernetwerk_buddyrequest_propose", args=[request.pk, best.pk]))

    assert Match.objects.filter(request=request).exists() == (role == "coordinator")


# --- Suggestions and proposing -------------------------------------------------------------


def test_request_page_form_shows_the_requests_themes_and_municipality(client, world):
    # The choices are read with the request (`request_page`), not by the widgets.
    request, _best, _other = world
    ThemeFactory(name="Pesten", slug="pesten")
    MunicipalityFactory(name="Bergen", slug="bergen")
    client.force_login(coordinator())

    content = client.get(_change("buddyrequest", request.pk)).content.decode()

    theme, alkmaar = request.themes.get(), request.municipality
    assert f'<option value="{theme.pk}" selected>Thuiszitten</option>' in content
    assert ">Pesten</option>" in content
    assert f'<option value="{alkmaar.pk}" selected>Alkmaar</option>' in content
    assert ">Bergen</option>" in content


def test_request_page_ranks_and_explains(client, world):
    request, best, other = world
    client.force_login(coordinator())

    response = client.get(_change("buddyrequest", request.pk))

    content = response.content.decode()
    assert [s.buddy for s in response.context["suggestions"]] == [best, other]
    assert content.index("Anna Eerste") < content.index("Bram Tweede")
    assert "zelfde gemeente" in content
    assert "ervaring met thuiszitten" in content
    assert "heeft nu 0 van 2 plekken bezet" in content
    assert content.count(">Voorstellen</button>") == 2


# The request page's suggestion rows as its template wrote them in a loop, before
# `{% suggestion_rows %}` (oudernetwerk/templatetags/buddy_suggestions.py).
_SUGGESTION_LOOP = (
    "{% load i18n %}{% for suggestion in suggestions %}"
    "\n      <tr>\n        <td><a href=\"{% url 'admin:oudernetwerk_buddyprofile_change' "
    'suggestion.buddy.pk %}">{{ suggestion.buddy }}</a></td>\n'
    "        <td>{{ suggestion.score|floatformat:0 }}</td>\n"
    '        <td><ul class="suggestion-reasons">{% for reason in suggestion.reasons %}'
    "<li>{{ reason }}</li>{% endfor %}</ul></td>\n        {% if may_propose %}\n        <td>\n"
    '          <form method="post" action="{% url \'admin:oudernetwerk_buddyrequest_propose\' '
    'original.pk suggestion.buddy.pk %}">\n            {% csrf_token %}\n'
    '            <button type="submit" class="button" aria-label="{% blocktranslate with '
    'buddy=suggestion.buddy %}{{ buddy }} voorstellen{% endblocktranslate %}">'
    '{% translate "Voorstellen" %}</button>\n          </form>\n        </td>\n'
    "        {% endif %}\n      </tr>\n      {% endfor %}"
)


@pytest.mark.parametrize("may_propose", [True, False])
def test_suggestion_rows_are_the_template_loops_html(world, may_propose):
    request, best, other = world
    other.user.name = 'Bram "de" <Tweede> & co'
    suggestions = [
        services.Suggestion(buddy=best, score=82.5, reasons=["zelfde gemeente", "a < b"]),
        services.Suggestion(buddy=other, score=7.4, reasons=[]),
    ]
    context = {
        "suggestions": suggestions,
        "may_propose": may_propose,
        "original": request,
        "csrf_token": "abc123",
    }

    written = Template("{% load buddy_suggestions %}{% suggestion_rows %}").render(Context(context))

    assert written == Template(_SUGGESTION_LOOP).render(Context(context))
    assert "<td>83</td>" in written
    assert "&lt;Tweede&gt; &amp; co" in written
    assert written.count('value="abc123"') == (2 if may_propose else 0)


def test_propose_from_the_request_page(
    client, world, site_settings, django_capture_on_commit_callbacks
):
    request, best, _other = world
    worker = coordinator()
    client.force_login(worker)
    url = reverse("admin:oudernetwerk_buddyrequest_propose", args=[request.pk, best.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    match = Match.objects.get()
    assert (match.request, match.buddy, match.proposed_by) == (request, best, worker)
    assert [m.to for m in mail.outbox] == [[best.user.email]]
    content = response.content.decode()
    assert "Anna Eerste is voorgesteld en krijgt een e-mail" in content
    assert ">Voorstellen</button>" not in content
    assert "is op" in content
    assert "Status: voorgesteld" in content


@pytest.mark.parametrize("declined", [0, 25])
def test_request_page_shows_the_running_proposal_however_many_went_before(client, world, declined):
    # 25 declined proposals fill more than the matches list's first page: the running
    # one is then read on its own.
    request, best, _other = world
    long_ago = timezone.now() - timedelta(days=60)
    running = MatchFactory(request=request, buddy=best, status="proposed", proposed_at=long_ago)
    for n in range(declined):
        MatchFactory(
            request=request, status="declined", proposed_at=long_ago + timedelta(hours=n + 1)
        )
    client.force_login(coordinator())

    response = client.get(_change("buddyrequest", request.pk))

    assert response.context["open_match"] == running
    assert response.context["suggestions"] == []
    assert _change("match", running.pk) in response.content.decode()


def test_propose_by_get_does_nothing(client, world):
    request, best, _other = world
    client.force_login(coordinator())

    response = client.get(
        reverse("admin:oudernetwerk_buddyrequest_propose", args=[request.pk, best.pk])
    )

    assert response.status_code == 405
    assert not Match.objects.exists()


def test_a_refused_proposal_is_a_message_not_an_error_page(client, world):
    request, best, _other = world
    BuddyProfile.objects.filter(pk=best.pk).update(status="paused")
    client.force_login(coordinator())

    response = client.post(
        reverse("admin:oudernetwerk_buddyrequest_propose", args=[request.pk, best.pk]),
        follow=True,
    )

    assert response.status_code == 200
    assert "Anna Eerste heeft even pauze." in response.content.decode()
    assert not Match.objects.exists()


def test_request_page_without_candidates_says_so(client):
    request = BuddyRequestFactory(themes=[ThemeFactory()])
    client.force_login(coordinator())

    content = client.get(_change("buddyrequest", request.pk)).content.decode()

    assert "Er is nu geen buddy die past" in content


def test_request_page_query_count_does_not_grow_with_buddies(client, world):

    request, _best, _other = world
    client.force_login(coordinator())
    url = _change("buddyrequest", request.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(20):
        BuddyProfileFactory(municipalities=[request.municipality])
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_coordinator_enters_a_request_for_a_parent(
    client, world, site_settings, django_capture_on_commit_callbacks
):
    request, _best, _other = world
    worker = coordinator()
    client.force_login(worker)
    data = {
        "email": "belde.op@test.example.nl",
        "themes": [request.themes.get().pk],
        "municipality": request.municipality.pk,
        "language": "nl",
        "hopes": "Zoekt iemand die het SO kent.",
        "urgency": "normal",
        "age_band": "",
        "school_type": "",
        "share_email": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:oudernetwerk_buddyrequest_add"), data)

    created = BuddyRequest.objects.get(parent__email="belde.op@test.example.nl")
    assert response["Location"] == _change("buddyrequest", created.pk)
    assert created.created_by == worker
    assert mail.outbox[0].to == ["belde.op@test.example.nl"]


# --- Screening, approving, rejecting -------------------------------------------------------


def test_vog_filter_lists_the_ones_running_out(client):
    today = timezone.localdate()
    soon = BuddyProfileFactory(vog_date=services.shift_years(today, -3) + timedelta(days=10))
    BuddyProfileFactory(vog_date=today - timedelta(days=100))
    gone = BuddyProfileFactory(vog_date=None)
    client.force_login(coordinator())
    url = reverse("admin:oudernetwerk_buddyprofile_changelist")

    running_out = client.get(url, {"vog": "verloopt"}).context["cl"].result_list
    expired = client.get(url, {"vog": "verlopen"}).context["cl"].result_list

    assert list(running_out) == [soon]
    assert list(expired) == [gone]


def test_entering_a_vog_date_goes_through_the_service(client):
    profile = BuddyProfileFactory(status="applied", vog_date=None)
    worker = coordinator()
    client.force_login(worker)
    url = _change("buddyprofile", profile.pk)
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key not in {"themes", "municipalities", "vog_date"} and value is not None
    }
    data.update(
        vog_date=timezone.localdate().isoformat(),
        languages=["nl"],
        max_active_matches="1",
        **{f"{name}-TOTAL_FORMS": "0" for name in ["matches", "events"]},
        **{f"{name}-INITIAL_FORMS": "0" for name in ["matches", "events"]},
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert profile.vog_date == timezone.localdate()
    assert NetworkEvent.objects.filter(kind="buddy_screened", actor=worker).exists()


def test_approve_page_shows_the_screening_and_approves(client):
    profile = BuddyProfileFactory(status="applied")
    client.force_login(coordinator())
    url = reverse("admin:oudernetwerk_buddyprofile_approve", args=[profile.pk])

    assert "Kennismakingsgesprek" in client.get(url).content.decode()
    response = client.post(url)

    assert response["Location"] == _change("buddyprofile", profile.pk)
    profile.refresh_from_db()
    assert profile.status == "approved"


def test_approve_without_vog_stays_on_the_page_with_the_reason(client):
    profile = BuddyProfileFactory(status="applied", vog_date=None)
    client.force_login(coordinator())

    response = client.post(reverse("admin:oudernetwerk_buddyprofile_approve", args=[profile.pk]))

    assert response.status_code == 400
    assert "een VOG van minder dan 3 jaar oud is nodig" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == "applied"


def test_reject_asks_for_a_reason(client):
    profile = BuddyProfileFactory(status="applied")
    client.force_login(coordinator())
    url = reverse("admin:oudernetwerk_buddyprofile_reject", args=[profile.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Schrijf op waarom" in empty.content.decode()

    client.post(url, {"reason": "Geen tijd voor de training."})
    profile.refresh_from_db()
    assert (profile.status, profile.rejected_reason) == ("rejected", "Geen tijd voor de training.")


def test_change_page_offers_the_actions_the_status_allows(client):
    applied = BuddyProfileFactory(status="applied")
    rejected = BuddyProfileFactory(status="rejected")
    client.force_login(coordinator())

    applied_page = client.get(_change("buddyprofile", applied.pk)).content.decode()
    rejected_page = client.get(_change("buddyprofile", rejected.pk)).content.decode()

    assert reverse("admin:oudernetwerk_buddyprofile_approve", args=[applied.pk]) in applied_page
    assert reverse("admin:oudernetwerk_buddyprofile_reject", args=[applied.pk]) in applied_page
    assert "goedkeuren/" not in rejected_page
    assert "afwijzen/" not in rejected_page


def test_bulk_approve_reports_each_refusal(client):
    ready = BuddyProfileFactory(status="applied")
    no_intake = BuddyProfileFactory(status="applied", intake_held_at=None, user__name="Cor Derde")
    client.force_login(coordinator())

    response = client.post(
        reverse("admin:oudernetwerk_buddyprofile_changelist"),
        {"action": "approve_selected", "_selected_action": [ready.pk, no_intake.pk]},
        follow=True,
    )

    content = response.content.decode()
    assert "1 goedgekeurd." in content
    assert "Cor Derde: vul eerst de datum van het kennismakingsgesprek in." in content
    assert BuddyProfile.objects.get(pk=ready.pk).status == "approved"
    assert BuddyProfile.objects.get(pk=no_intake.pk).status == "applied"


def test_bulk_reject_asks_for_the_reason_first(client):
    first = BuddyProfileFactory(status="applied")
    second = BuddyProfileFactory(status="applied")
    client.force_login(coordinator())
    changelist = reverse("admin:oudernetwerk_buddyprofile_changelist")
    selected = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}

    page = client.post(changelist, selected)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert BuddyProfile.objects.filter(status="rejected").count() == 0

    client.post(changelist, {**selected, "apply": "1", "reason": "Te weinig tijd."})
    assert BuddyProfile.objects.filter(status="rejected").count() == 2


def test_stopping_matches_asks_for_the_reason_first(client, site_settings):
    match = MatchFactory(status="active", answered_at=timezone.now())
    client.force_login(coordinator())
    changelist = reverse("admin:oudernetwerk_match_changelist")
    selected = {"action": "end_selected", "_selected_action": [match.pk]}

    page = client.post(changelist, selected)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert Match.objects.get(pk=match.pk).status == "active"

    client.post(changelist, {**selected, "apply": "1", "reason": "Ouder verhuisd."})
    match.refresh_from_db()
    assert match.status == "ended"
    assert match.end_reason == "Ouder verhuisd."


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_only_coordinators_stop_matches(client, role):
    match = MatchFactory(status="active", answered_at=timezone.now())
    client.force_login(UserFactory(roles=[role], is_staff=role == "editor"))
    client.post(
        reverse("admin:oudernetwerk_match_changelist"),
        {"action": "end_selected", "_selected_action": [match.pk], "apply": "1", "reason": "x"},
    )
    assert Match.objects.get(pk=match.pk).status == "active"


def test_bulk_pause_and_resume(client):
    profile = BuddyProfileFactory()
    client.force_login(coordinator())
    changelist = reverse("admin:oudernetwerk_buddyprofile_changelist")

    client.post(changelist, {"action": "pause_selected", "_selected_action": [profile.pk]})
    assert BuddyProfile.objects.get(pk=profile.pk).status == "paused"
    client.post(changelist, {"action": "resume_selected", "_selected_action": [profile.pk]})
    assert BuddyProfile.objects.get(pk=profile.pk).status == "approved"


def test_buddy_list_shows_places_without_a_query_per_row(client, django_assert_max_num_queries):
    for _n in range(3):
        MatchFactory(status="active")
    client.force_login(coordinator())
    url = reverse("admin:oudernetwerk_buddyprofile_changelist")
    client.get(url)

    with django_assert_max_num_queries(20):
        content = client.get(url).content.decode()

    assert content.count("1 / 1") == 3


@pytest.mark.parametrize(
    ("name", "make", "unread"),
    [
        ("buddyprofile", BuddyProfileFactory, ["age_bands", "languages", "introduction"]),
        ("buddyrequest", BuddyRequestFactory, ["hopes"]),
    ],
)
def test_lists_do_not_read_what_their_rows_never_show(client, name, make, unread):
    for _n in range(3):
        make()
    client.force_login(coordinator())
    url = reverse(f"admin:oudernetwerk_{name}_changelist")
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert f'"oudernetwerk_{name}"."id"' in read
    for column in unread:
        assert f'"{column}"' not in read


def test_matches_are_read_only(client):
    match = MatchFactory()
    client.force_login(coordinator())

    response = client.get(_change("match", match.pk))

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.get(reverse("admin:oudernetwerk_match_changelist")).status_code == 200
    assert client.get(reverse("admin:oudernetwerk_match_add")).status_code == 403
