"""The timeline is the parent's: in their download, erased on request, kept for the
term on the privacy page."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casussen import services as case_services
from steunpunt import erasure, personal_data, retention
from tests.tijdlijn.conftest import ENTRIES
from tijdlijn import services
from tijdlijn.models import Entry, Share

pytestmark = pytest.mark.django_db


def _sections(user) -> dict:
    document = json.loads(personal_data.export_json(personal_data.collect(user)))
    return document["sections"]


def test_the_download_holds_the_entries_and_what_was_shared(world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries[:2])

    section = _sections(world.parent)["timeline"]["data"]

    assert [item["what_happened"] for item in section["entries"]] == [e[3] for e in ENTRIES]
    assert section["entries"][1]["when"] == "15 januari 2024"
    assert section["entries"][0]["child_says"] == "Kind zegt: 0"
    share = section["shares"][0]
    assert share["case"] == world.case.reference
    assert share["entry_count"] == 2
    assert [item["what_happened"] for item in share["shared_entries"]] == [
        ENTRIES[0][3],
        ENTRIES[1][3],
    ]


def test_the_readable_download_shows_the_timeline(client, world, entries):
    html = personal_data.export_html(personal_data.collect(world.parent))

    assert "De tijdlijn van je kind" in html
    assert "Wat je kind erover zegt" in html
    assert ENTRIES[2][3] in html


def test_the_download_holds_nothing_of_another_parents_timeline(world, entries):
    other = world.worker.__class__.objects.create(email="ander@test.example.nl")

    assert _sections(other)["timeline"]["data"] == []


def test_erasure_deletes_entries_and_shares(world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries)

    preview = {item.label: item.count for item in erasure.preview(world.parent)}
    erasure.erase_user(world.parent, sign_out=False)

    assert preview["Punten op je tijdlijn: verwijderd"] == 5
    assert preview["Gedeelde tijdlijnen: verwijderd"] == 1
    assert not Entry.objects.exists()
    assert not Share.objects.exists()


def test_erasure_keeps_a_share_with_a_case_on_legal_hold(world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries[:1])
    case_services.case_place_legal_hold(
        case=world.case, reason="Klachtprocedure", actor=world.worker
    )

    outcome = erasure.erase_user(world.parent, sign_out=False)

    assert not Entry.objects.exists()
    assert Share.objects.count() == 1
    assert any(item.kept and item.label == "Gedeelde tijdlijn" for item in outcome)


def test_the_terms_are_on_the_privacy_page(client):
    content = client.get(reverse("privacy")).content.decode()

    assert "De tijdlijn van je kind die je zelf bijhoudt" in content
    assert "Wat je van je tijdlijn deelde met een vraag of een organisatie" in content


def test_retention_deletes_a_timeline_not_touched_or_signed_in_for_the_term(world, entries):
    world.parent.last_login = timezone.now()
    world.parent.save(update_fields=["last_login"])

    with time_machine.travel(timezone.now() + timedelta(days=2 * 365 + 10)):
        result = retention.run(only=["tijdlijn.entries"])

    assert result[0].count == 5
    assert not Entry.objects.exists()


def test_retention_keeps_a_timeline_of_a_parent_who_signs_in(world, entries):
    later = timezone.now() + timedelta(days=2 * 365 + 10)
    world.parent.last_login = later - timedelta(days=30)
    world.parent.save(update_fields=["last_login"])

    with time_machine.travel(later):
        result = retention.run(only=["tijdlijn.entries"])

    assert result[0].count == 0
    assert Entry.objects.count() == 5


def test_retention_deletes_the_shares_of_an_anonymised_case(world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries)
    world.case.__class__.objects.filter(pk=world.case.pk).update(anonymised_at=timezone.now())

    result = retention.run(only=["tijdlijn.shares"])

    assert result[0].count == 1
    assert not Share.objects.exists()


def test_retention_keeps_a_live_share_of_a_running_case(world, entries):
    services.timeline_share(owner=world.parent, case=world.case, entries=entries)

    result = retention.run(only=["tijdlijn.shares"])

    assert result[0].count == 0
    assert Share.objects.count() == 1
