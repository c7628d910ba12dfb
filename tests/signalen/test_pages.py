"""Who reads which publication where: the public pages, the partner portal and the
admin, for every role; what the pages show; the query counts of the lists."""

import pytest
from django.urls import reverse

from signalen import services
from signalen.models import Publication
from tests.factories import UserFactory
from tests.queries import page_queries

from .test_services import ALL, prepare

pytestmark = pytest.mark.django_db

# An anonymous visitor: the site settings and the list. A partner: the session, the user
# with its roles, the site settings, the list.
PUBLIC_LIST_QUERIES = 2
PARTNER_LIST_QUERIES = 4
ROLES = ["preparer", "second", "editor", "partner", "parent", "buddy", "anonymous"]


@pytest.fixture
def people(preparer, second_coordinator, an_editor, partner_user):
    return {
        "preparer": preparer,
        "second": second_coordinator,
        "editor": an_editor,
        "partner": partner_user,
        "parent": UserFactory(),
        "buddy": UserFactory(roles=["buddy"]),
        "anonymous": None,
    }


def _publish(preparer, approver, *, quarter=3, is_public=True, sections=ALL) -> Publication:
    publication = prepare(preparer, quarter=quarter, is_public=is_public, sections=sections)
    services.publication_transition(publication=publication, action="submit", actor=preparer)
    return services.publication_transition(
        publication=publication, action="approve", actor=approver
    )


@pytest.fixture
def public(after_q3, themes, preparer, an_editor):
    return _publish(preparer, an_editor, quarter=3, is_public=True)


@pytest.fixture
def partners_only(after_q3, themes, preparer, an_editor):
    return _publish(preparer, an_editor, quarter=2, is_public=False)


@pytest.fixture
def concept(after_q3, themes, preparer):
    return prepare(preparer, quarter=1)


def _login(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


PUBLIC_PAGES = ["signalen:detail", "signalen:print"]
PARTNER_PAGES = ["signalen:partner_detail", "signalen:partner_print"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_publication_is_for_everyone(client, people, public, role, page):
    response = _login(client, people, role).get(reverse(page, args=[public.pk]))

    assert response.status_code == 200
    assert public.title in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_partners_only_publication_is_not_on_the_public_pages(
    client, people, partners_only, role, page
):
    response = _login(client, people, role).get(reverse(page, args=[partners_only.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_public_list_shows_only_public_published_ones(
    client, people, public, partners_only, concept, role
):
    content = _login(client, people, role).get(reverse("signalen:list")).content.decode()

    assert reverse("signalen:detail", args=[public.pk]) in content
    assert reverse("signalen:detail", args=[partners_only.pk]) not in content
    assert reverse("signalen:detail", args=[concept.pk]) not in content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PARTNER_PAGES)
def test_the_partner_pages_are_for_partners_only(client, people, partners_only, role, page):
    response = _login(client, people, role).get(reverse(page, args=[partners_only.pk]))

    if role == "partner":
        assert response.status_code == 200
        assert partners_only.title in response.content.decode()
    elif role == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_partner_list_is_for_partners_only(client, people, partners_only, public, role):
    response = _login(client, people, role).get(reverse("signalen:partner_list"))

    if role == "partner":
        content = response.content.decode()
        assert reverse("signalen:partner_detail", args=[partners_only.pk]) in content
        assert reverse("signalen:partner_detail", args=[public.pk]) in content
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)


def test_a_partner_does_not_see_a_concept_or_a_withdrawn_one(
    client, people, concept, public, an_editor
):
    services.publication_transition(publication=public, action="withdraw", actor=an_editor)
    client.force_login(people["partner"])

    for publication in (concept, public):
        url = reverse("signalen:partner_detail", args=[publication.pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("signalen:detail", args=[public.pk])).status_code == 404


def test_the_partner_pages_are_not_stored(client, people, partners_only):
    client.force_login(people["partner"])

    response = client.get(reverse("signalen:partner_detail", args=[partners_only.pk]))

    assert "no-store" in response["Cache-Control"]


# --- The admin --------------------------------------------------------------------------


def _admin_urls(publication):
    return {
        "list": reverse("admin:signalen_publication_changelist"),
        "change": reverse("admin:signalen_publication_change", args=[publication.pk]),
        "preview": reverse("admin:signalen_publication_preview", args=[publication.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "change", "preview"])
def test_the_admin_pages_are_for_coordinators_and_editors(client, people, concept, role, page):
    response = _login(client, people, role).get(_admin_urls(concept)[page])

    if role in {"preparer", "second", "editor"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_open_the_form_to_prepare(client, people, after_q3, role):
    response = _login(client, people, role).get(reverse("admin:signalen_publication_add"))

    if role in {"preparer", "second"}:
        assert response.status_code == 200
    elif role == "editor":
        assert response.status_code == 403
    else:
        assert response.status_code == 302


def test_a_coordinator_prepares_through_the_admin_form(client, people, q3_cases, after_q3):
    client.force_login(people["preparer"])

    response = client.post(
        reverse("admin:signalen_publication_add"),
        {
            "period": "2026-3",
            "title": "",
            "summary": "Veel ouders vertellen over thuiszitten.",
            "sections": ["thema", "praatplaat"],
            "is_public": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.get()
    assert publication.title == "Signalen van ouders, kwartaal 3 van 2026"
    assert publication.sections == ["thema", "praatplaat"]
    assert publication.prepared_by == people["preparer"]


def test_the_admin_form_keeps_what_was_typed_on_an_error(client, people, after_q3, themes):
    client.force_login(people["preparer"])

    response = client.post(
        reverse("admin:signalen_publication_add"),
        {"period": "2026-3", "title": "Mijn titel", "summary": "Mijn tekst", "sections": []},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Mijn tekst" in content
    assert "Dit veld is verplicht" in content
    assert not Publication.objects.exists()


def _step(client, publication, action):
    url = reverse("admin:signalen_publication_step", args=[publication.pk])
    return client.post(url, {"action": action}, follow=True)


def test_the_editor_approves_with_the_button(client, people, concept):
    services.publication_transition(publication=concept, action="submit", actor=people["preparer"])
    client.force_login(people["editor"])

    response = _step(client, concept, "approve")

    concept.refresh_from_db()
    assert concept.status == Publication.Status.PUBLISHED
    assert "gepubliceerd" in response.content.decode()


def test_the_preparer_is_told_no_with_the_button(client, people, concept):
    services.publication_transition(publication=concept, action="submit", actor=people["preparer"])
    client.force_login(people["preparer"])

    response = _step(client, concept, "approve")

    concept.refresh_from_db()
    assert concept.status == Publication.Status.IN_REVIEW
    assert (
        "Een redacteur of een andere coördinator moet hem goedkeuren" in response.content.decode()
    )


@pytest.mark.parametrize("role", ["partner", "parent", "buddy", "anonymous"])
def test_others_cannot_take_a_step(client, people, concept, role):
    services.publication_transition(publication=concept, action="submit", actor=people["preparer"])
    _login(client, people, role)

    _step(client, concept, "approve")

    concept.refresh_from_db()
    assert concept.status == Publication.Status.IN_REVIEW


def test_a_step_needs_a_post(client, people, concept):
    client.force_login(people["editor"])

    url = reverse("admin:signalen_publication_step", args=[concept.pk])
    assert client.get(url).status_code == 405


def test_a_published_one_is_read_only_in_the_admin(client, people, public):
    client.force_login(people["preparer"])

    url = reverse("admin:signalen_publication_change", args=[public.pk])
    client.post(url, {"title": "Anders", "summary": "Anders", "sections": ["soort"]})

    public.refresh_from_db()
    assert public.title == "Signalen kwartaal 3"


# --- What the pages show ----------------------------------------------------------------


def test_the_page_shows_the_summary_the_tables_and_hides_small_groups(
    client, q3_cases, after_q3, preparer, an_editor
):
    publication = _publish(preparer, an_editor)

    content = client.get(reverse("signalen:detail", args=[publication.pk])).content.decode()

    assert "<strong>thuiszitten</strong>" in content
    assert "Per thema" in content
    assert "Samenwerking: de praatplaat" in content
    assert "niet getoond" in content
    # Seven about thuiszitten in eight: neither the 1 nor the 7 is on the page.
    assert ">7<" not in content
    assert ">1<" not in content
    assert "<5" not in content


def test_the_print_version_has_no_site_navigation(client, public):
    content = client.get(reverse("signalen:print", args=[public.pk])).content.decode()

    assert "css/print.css" in content
    assert "css/signalen.css" in content
    assert "site-header" not in content
    assert public.summary_html in content


# --- Query counts -------------------------------------------------------------------------


def _more_published(preparer, approver, count):
    for quarter in range(1, count + 1):
        _publish(preparer, approver, quarter=quarter, is_public=quarter % 2 == 0)


def test_the_public_list_does_not_grow_in_queries(client, after_q3, themes, preparer, an_editor):
    before, _html = page_queries(client, reverse("signalen:list"))
    _more_published(preparer, an_editor, 3)

    after, html = page_queries(client, reverse("signalen:list"))

    assert after == before == PUBLIC_LIST_QUERIES
    assert html.count('<h2 class="h5 mb-1">') == 1  # of quarters 1 to 3, 2 is public


def test_the_partner_list_does_not_grow_in_queries(
    client, people, after_q3, themes, preparer, an_editor
):
    client.force_login(people["partner"])
    before, _html = page_queries(client, reverse("signalen:partner_list"))
    _more_published(preparer, an_editor, 3)

    after, html = page_queries(client, reverse("signalen:partner_list"))

    assert after == before == PARTNER_LIST_QUERIES
    assert html.count('<h2 class="h5 mb-1">') == 3
