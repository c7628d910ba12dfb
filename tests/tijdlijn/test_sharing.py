"""Sharing: a copy as it was when shared, on the case's timeline, read by the
coordinator (logged); with consent by the follow-up's partner, until the consent is
withdrawn or the parent stops."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casussen import services as case_services
from casussen.models import CaseEvent, FollowUp
from steunpunt.models import AccessEvent
from tests.factories import OrganisationFactory, UserFactory, editor
from tests.tijdlijn.conftest import ENTRIES, write_entries
from tijdlijn import services
from tijdlijn.models import Share

pytestmark = pytest.mark.django_db


def _admin_page(client, world) -> str:
    client.force_login(world.worker)
    response = client.get(reverse("admin:casussen_case_change", args=[world.case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _shared_block(content: str) -> str:
    match = re.search(r'<div class="timeline-shared-admin">.*?</div>\s*</div>', content, re.S)
    return match.group(0) if match else ""


def _link(followup: FollowUp) -> str:
    return reverse("casussen:followup_answer", args=[case_services.followup_token(followup)])


def test_coordinator_sees_exactly_the_three_entries_shared_of_five(client, world, entries):
    chosen = [entries[0], entries[2], entries[4]]
    client.force_login(world.parent)

    response = client.post(
        reverse("tijdlijn:share", args=[world.case.pk]),
        {"entries": [entry.pk for entry in chosen], "with_steunpunt": "on"},
    )

    assert response.status_code == 302
    block = _shared_block(_admin_page(client, world))
    assert block.count('class="timeline-shared-entry') == 3
    for entry in chosen:
        assert entry.what_happened in block
    for entry in (entries[1], entries[3]):
        assert entry.what_happened not in block


def test_a_later_edit_or_delete_does_not_change_what_was_shared(client, world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries[:2])

    services.entry_update(entry=entries[0], owner=world.parent, what_happened="Later aangepast")
    services.entry_delete(entry=entries[1], owner=world.parent)

    block = _shared_block(_admin_page(client, world))
    assert ENTRIES[0][3] in block
    assert ENTRIES[1][3] in block
    assert "Later aangepast" not in block


def test_sharing_is_on_the_case_timeline_for_parent_and_coordinator(client, world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries[:3])

    event = world.case.events.get(kind=CaseEvent.Kind.TIMELINE_SHARED)
    assert event.actor == world.parent
    assert event.data["entries"] == 3
    assert not event.is_internal
    client.force_login(world.parent)
    page = client.get(reverse("casussen:portal_case", args=[world.case.pk])).content.decode()
    assert "Je tijdlijn gedeeld met het steunpunt" in page


def test_the_coordinators_read_is_in_the_access_log(client, world, entries):
    share = services.timeline_share(owner=world.parent, case=world.case, entries=entries[:1])[0]

    _admin_page(client, world)

    read = AccessEvent.objects.get(object_type="tijdlijn.share")
    assert read.actor == world.worker
    assert read.subject == world.parent
    assert read.object_id == str(share.pk)
    assert read.case_reference == world.case.reference


def test_a_stopped_share_is_gone_for_the_coordinator_and_its_copy_wiped(client, world, entries):
    share = services.timeline_share(owner=world.parent, case=world.case, entries=entries)[0]

    services.share_stop(share=share, owner=world.parent)

    share.refresh_from_db()
    assert share.snapshot == []
    assert _shared_block(_admin_page(client, world)) == ""
    assert world.case.events.filter(kind=CaseEvent.Kind.TIMELINE_SHARE_STOPPED).count() == 1
    assert not AccessEvent.objects.filter(object_type="tijdlijn.share").exists()


def test_sharing_refuses_entries_of_someone_else(world, entries):
    stranger = UserFactory()
    theirs = write_entries(stranger, ENTRIES[:1])

    with pytest.raises(PermissionDenied):
        services.timeline_share(owner=world.parent, case=world.case, entries=theirs)


def test_sharing_refuses_a_case_of_someone_else(world):
    stranger = UserFactory()
    theirs = write_entries(stranger, ENTRIES[:1])

    with pytest.raises(ValidationError):
        services.timeline_share(owner=stranger, case=world.case, entries=theirs)


def test_sharing_nothing_is_refused_with_a_dutch_reason(client, world, entries):
    client.force_login(world.parent)

    response = client.post(
        reverse("tijdlijn:share", args=[world.case.pk]), {"with_steunpunt": "on"}
    )

    assert response.status_code == 400
    assert "Kies minstens één punt om te delen." in response.content.decode()
    assert not Share.objects.exists()


def test_sharing_with_nobody_is_refused_and_the_choice_kept(client, world, entries):
    client.force_login(world.parent)

    response = client.post(
        reverse("tijdlijn:share", args=[world.case.pk]), {"entries": [entries[1].pk]}
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Kies met wie je je tijdlijn deelt." in content
    assert re.search(rf'value="{entries[1].pk}"[^>]*checked', content)
    assert not Share.objects.exists()


def test_a_closed_case_cannot_be_shared_with(client, world, entries):
    case_services.parent_withdraw(case=world.case, parent=world.parent, reason="")

    with pytest.raises(ValidationError):
        services.timeline_share(owner=world.parent, case=world.case, entries=entries)


# --- The partner ------------------------------------------------------------------------


def _share_with_school(world, entries):
    return services.timeline_share(
        owner=world.parent,
        case=world.case,
        entries=entries[:3],
        with_steunpunt=False,
        followups=[world.followup],
    )[0]


def test_partner_sees_the_shared_entries_through_the_signed_link(client, world, entries):
    share = _share_with_school(world, entries)

    content = client.get(_link(world.followup)).content.decode()

    for entry in entries[:3]:
        assert entry.what_happened in content
    assert entries[3].what_happened not in content
    read = AccessEvent.objects.get(object_type="tijdlijn.share")
    assert read.object_id == str(share.pk)
    assert read.actor_organisation == world.school.name


def test_partner_of_the_organisation_sees_them_in_the_portal(client, world, entries):
    _share_with_school(world, entries)
    client.force_login(UserFactory(roles=["partner"], organisation=world.school))

    response = client.get(reverse("casussen:partner_followup", args=[world.followup.pk]))

    assert entries[0].what_happened in response.content.decode()


def test_partner_of_another_organisation_sees_nothing(client, world, entries):
    _share_with_school(world, entries)
    client.force_login(UserFactory(roles=["partner"], organisation=OrganisationFactory()))

    response = client.get(reverse("casussen:partner_followup", args=[world.followup.pk]))

    assert response.status_code == 404
    assert not AccessEvent.objects.filter(object_type="tijdlijn.share").exists()


def test_a_share_with_the_steunpunt_is_not_shown_to_the_partner(client, world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries)

    content = client.get(_link(world.followup)).content.decode()

    assert entries[0].what_happened not in content


def test_withdrawing_consent_stops_the_partners_access_at_once(client, world, entries):
    _share_with_school(world, entries)
    assert entries[0].what_happened in client.get(_link(world.followup)).content.decode()

    case_services.consent_withdraw(consent=world.consent, actor=world.parent)

    content = client.get(_link(world.followup)).content.decode()
    assert entries[0].what_happened not in content
    partner = UserFactory(roles=["partner"], organisation=world.school)
    client.force_login(partner)
    response = client.get(reverse("casussen:partner_followup", args=[world.followup.pk]))
    assert entries[0].what_happened not in response.content.decode()


def test_withdrawn_consent_refuses_a_new_share_with_the_partner(world, entries):
    case_services.consent_withdraw(consent=world.consent, actor=world.parent)
    world.followup.refresh_from_db()

    with pytest.raises(ValidationError):
        _share_with_school(world, entries)


def test_stopping_the_share_stops_the_partners_access(client, world, entries):
    share = _share_with_school(world, entries)

    client.force_login(world.parent)
    client.post(reverse("tijdlijn:share_stop", args=[share.pk]))
    client.logout()

    assert entries[0].what_happened not in client.get(_link(world.followup)).content.decode()


def test_the_share_page_offers_only_partners_with_valid_consent(client, world, entries):
    client.force_login(world.parent)
    offered = client.get(reverse("tijdlijn:share", args=[world.case.pk])).content.decode()
    case_services.consent_withdraw(consent=world.consent, actor=world.parent)

    after = client.get(reverse("tijdlijn:share", args=[world.case.pk])).content.decode()

    assert world.school.name in offered
    assert world.school.name not in after


def test_staff_have_no_way_to_change_a_share(client, world, entries):
    share = services.timeline_share(owner=world.parent, case=world.case, entries=entries)[0]

    with pytest.raises(PermissionDenied):
        services.share_stop(share=share, owner=world.worker)
    with pytest.raises(PermissionDenied):
        services.entry_update(entry=entries[0], owner=world.worker, what_happened="x")
    client.force_login(editor())
    assert client.get(reverse("tijdlijn:share_detail", args=[share.pk])).status_code == 403


def test_the_parents_case_page_offers_sharing_and_says_what_is_shared(client, world, entries):
    client.force_login(world.parent)
    url = reverse("casussen:portal_case", args=[world.case.pk])
    before = client.get(url).content.decode()
    services.timeline_share(owner=world.parent, case=world.case, entries=entries[:3])

    after = client.get(url).content.decode()

    assert reverse("tijdlijn:share", args=[world.case.pk]) in before
    assert "Je deelt 3 punten met het steunpunt" in after


def test_the_parent_sees_that_the_coordinator_read_the_shared_timeline(client, world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries[:1])
    _admin_page(client, world)
    client.force_login(world.parent)

    page = client.get(reverse("casussen:portal_case", args=[world.case.pk])).content.decode()

    assert "heeft de tijdlijn van je kind bekeken die je deelde" in page


def test_the_mijn_page_links_to_the_timeline(client, world):
    client.force_login(world.parent)

    page = client.get(reverse("casussen:portal")).content.decode()

    assert f'href="{reverse("tijdlijn:timeline")}"' in page


def test_case_page_reads_no_shares_when_the_case_has_none_live(client, world, entries):
    share = services.timeline_share(owner=world.parent, case=world.case, entries=entries[:1])[0]
    services.share_stop(share=share, owner=world.parent)
    client.force_login(world.parent)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("casussen:portal_case", args=[world.case.pk]))

    assert page.status_code == 200
    # The case's query asked whether it has live shares (an EXISTS); none read them.
    reads = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in reads if sql.startswith('SELECT "tijdlijn_share"')]
    assert [sql for sql in reads if 'FROM "tijdlijn_share"' in sql]
