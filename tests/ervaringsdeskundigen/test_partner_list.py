"""The partner's list of their organisation's requests (/partner/ouderperspectief/):
its first page through a query compiled once, its count from that page when not full."""

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from ervaringsdeskundigen.models import Invitation, PerspectiveRequest
from ervaringsdeskundigen.views import PER_PAGE, _partner_rows, _PartnerRows
from tests.factories import PerspectiveRequestFactory, PolicyInvitationFactory

pytestmark = pytest.mark.django_db


def _page(organisation_id, asked=None):
    rows = _PartnerRows(organisation_id, first_page=asked in (None, "", "1"))
    return Paginator(rows, PER_PAGE).get_page(asked)


def test_a_first_page_that_is_not_full_is_one_query(django_assert_num_queries):
    first = PerspectiveRequestFactory()
    PerspectiveRequestFactory(organisation=first.organisation)

    with django_assert_num_queries(1):
        page = _page(first.organisation_id)
        rows = list(page.object_list)
        pages = page.paginator.num_pages

    assert (len(rows), pages) == (2, 1)


def test_the_rows_are_the_organisations_newest_first_with_the_yes_count():
    first = PerspectiveRequestFactory()
    second = PerspectiveRequestFactory(organisation=first.organisation)
    PolicyInvitationFactory(request=second, status=Invitation.Status.ACCEPTED)
    PolicyInvitationFactory(request=second)
    PerspectiveRequestFactory()  # another organisation's

    rows = list(_page(first.organisation_id).object_list)

    assert [(row.pk, row.accepted) for row in rows] == [(second.pk, 1), (first.pk, 0)]


def test_a_full_first_page_and_the_next_one_match_the_query_set():
    first = PerspectiveRequestFactory()
    for _ in range(PER_PAGE):
        PerspectiveRequestFactory(organisation=first.organisation, asked_by=first.asked_by)
    expected = [row.pk for row in _partner_rows(first.organisation_id)]

    one, two = _page(first.organisation_id), _page(first.organisation_id, "2")

    assert one.paginator.count == two.paginator.count == PER_PAGE + 1
    assert [row.pk for row in one.object_list] + [row.pk for row in two.object_list] == expected
    # A page past the end shows the last one, as the Paginator's get_page does.
    assert [row.pk for row in _page(first.organisation_id, "9").object_list] == expected[-1:]


def test_the_partner_sees_only_their_organisations_requests(client):
    own = PerspectiveRequestFactory()
    other = PerspectiveRequestFactory()
    client.force_login(own.asked_by)

    html = client.get(reverse("ervaringsdeskundigen:partner_requests")).content.decode()

    assert own.topic in html
    assert other.topic not in html
    assert PerspectiveRequest.objects.count() == 2
