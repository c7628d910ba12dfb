"""The work queue's entry for publications offered for approval: who sees it, what it
counts, and that its link lists exactly what it counted."""

import pytest
from django.urls import reverse

from signalen import services, work_queue
from signalen.models import Publication
from tests.casussen.test_work_queue import counts
from tests.factories import UserFactory

from .test_services import prepare

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
LABEL = "Signalen om goed te keuren"


@pytest.fixture
def offered(after_q3, themes, preparer) -> Publication:
    publication = prepare(preparer, quarter=3)
    return services.publication_transition(publication=publication, action="submit", actor=preparer)


def _queue(client, user) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    return counts(client.get(INDEX).content.decode())


def _listed(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {publication.pk for publication in response.context["cl"].queryset}


def test_a_second_coordinator_sees_an_offered_publication_to_approve(
    client, offered, second_coordinator
):
    queue = _queue(client, second_coordinator)

    count, url = queue[LABEL]
    assert count == 1
    assert _listed(client, url) == {offered.pk}


def test_an_editor_sees_it_under_the_editors_heading(client, offered, an_editor):
    client.force_login(an_editor)
    html = client.get(INDEX).content.decode()

    assert counts(html)[LABEL][0] == 1
    entry = next(e for e in work_queue.entries(an_editor, None) if e.label == LABEL)
    assert entry.role == "editor"


def test_who_prepared_it_has_nothing_to_approve(client, offered, preparer):
    count, url = _queue(client, preparer)[LABEL]

    assert count == 0
    assert _listed(client, url) == set()


def test_who_offered_someone_elses_concept_has_nothing_to_approve(
    client, after_q3, themes, preparer, second_coordinator, an_editor
):
    publication = prepare(preparer, quarter=3)
    services.publication_transition(
        publication=publication, action="submit", actor=second_coordinator
    )

    assert _queue(client, second_coordinator)[LABEL][0] == 0
    assert _queue(client, preparer)[LABEL][0] == 0
    assert _queue(client, an_editor)[LABEL][0] == 1


def test_a_concept_and_a_published_one_are_not_counted(
    client, after_q3, themes, preparer, an_editor, second_coordinator
):
    prepare(preparer, quarter=1)
    published = prepare(preparer, quarter=2)
    services.publication_transition(publication=published, action="submit", actor=preparer)
    services.publication_transition(publication=published, action="approve", actor=an_editor)

    count, url = _queue(client, second_coordinator)[LABEL]

    assert count == 0
    assert _listed(client, url) == set()


def test_approving_takes_it_off_the_queue(client, offered, second_coordinator):
    services.publication_transition(publication=offered, action="approve", actor=second_coordinator)

    assert _queue(client, second_coordinator)[LABEL][0] == 0


@pytest.mark.parametrize("role", ["partner", "buddy", "parent", "privacy_officer"])
def test_other_roles_get_no_entry(offered, partner_user, role):
    if role == "partner":
        user = partner_user
    else:
        user = UserFactory(roles=[] if role == "parent" else [role])

    assert work_queue.entries(user, None) == []
