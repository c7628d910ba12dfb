"""Where a parent's phone number is kept, as /mijn/gegevens/ lists it: read through
queries compiled once per process (casussen and oudernetwerk personal_data)."""

import pytest

from casussen.models import Case
from oudernetwerk.models import BuddyRequest, Match
from steunpunt import contact_details
from tests.factories import BuddyProfileFactory, BuddyRequestFactory, MatchFactory, make_case

pytestmark = pytest.mark.django_db


def test_open_cases_and_current_requests_oldest_first_nobody_elses():
    first = make_case(phone="06 11111111")
    parent = first.parent
    complaint = make_case(kind="complaint", email=parent.email, phone="06 22222222")
    closed = make_case(email=parent.email, phone="06 99999999")
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    make_case(email="ander@test.example.nl", phone="06 88888888")
    BuddyRequestFactory(parent=parent, phone="06 33333333")
    matched = BuddyRequestFactory(
        parent=parent, phone="06 44444444", status=BuddyRequest.Status.MATCHED
    )
    MatchFactory(request=matched, status=Match.Status.ACTIVE)
    BuddyRequestFactory(parent=parent, phone="06 77777777", status=BuddyRequest.Status.CLOSED)
    BuddyProfileFactory(user=parent, phone="06 55555555")

    holders = contact_details.phone_holders(parent)

    assert [(holder.label, holder.phone) for holder in holders] == [
        (f"Vraag {first.reference}", "06 11111111"),
        (f"Klacht {complaint.reference}", "06 22222222"),
        ("Je buddy-aanvraag", "06 33333333"),
        ("Je buddy-aanvraag", "06 44444444"),
        ("Je profiel als buddy", "06 55555555"),
    ]
    assert contact_details.current_phone(parent, holders=holders) == "06 11111111"
