"""The timeline pages' reads compiled once per process (tijdlijn/reads.py) give what the
querysets of tijdlijn/selectors.py give, and only the owner's own; the writing prompts are
written once per process and language."""

from datetime import date

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from casussen.models import Case
from tests.factories import UserFactory, make_case
from tijdlijn import reads, selectors, services
from tijdlijn.prompts import prompt_groups, prompts_html
from tijdlijn.views import entries_html, share_links_html

from .conftest import write_entries

pytestmark = pytest.mark.django_db


def _shares(world, entries):
    services.timeline_share(
        owner=world.parent, case=world.case, entries=entries, followups=[world.followup]
    )
    stopped = services.timeline_share(owner=world.parent, case=world.case, entries=entries[:1])
    services.share_stop(share=stopped[0], owner=world.parent)


def test_entries_are_the_owners_oldest_first(world, entries):
    write_entries(UserFactory(email="ander@test.example.nl"))

    found = reads.entries_for(world.parent)

    assert found == list(selectors.entries_for(world.parent))
    assert [entry.what_happened for entry in found] == [
        entry.what_happened for entry in selectors.entries_for(world.parent)
    ]
    assert [entry.starts_on for entry in found] == sorted(entry.starts_on for entry in entries)


def test_shares_are_the_owners_with_their_case_organisation_and_consent(world, entries):
    _shares(world, entries)

    found = reads.shares_for_owner(world.parent)

    expected = selectors.shares_for_owner(world.parent)
    assert found == expected
    assert [s.case.reference for s in found] == [s.case.reference for s in expected]
    names = [s.followup.organisation.name if s.followup else None for s in found]
    assert sorted(names, key=str) == ["Basisschool De Vlinder", None, None]
    assert names == [s.followup.organisation.name if s.followup else None for s in expected]
    assert [s.followup and s.followup.consent.is_valid for s in found] == [
        s.followup and s.followup.consent.is_valid for s in expected
    ]


def test_live_shares_of_a_case_leave_out_the_stopped_ones(world, entries):
    _shares(world, entries)

    found = reads.live_shares_for_case(world.case)

    assert found == selectors.live_shares_for_case(world.case)
    assert len(found) == 2
    assert all(share.stopped_at is None for share in found)


def test_shareable_cases_are_the_owners_running_ones(world):
    make_case(email="ander@test.example.nl")

    found = reads.shareable_cases(world.parent)

    assert found == list(services.shareable_cases(world.parent))
    assert [(case.reference, case.kind) for case in found] == [
        (world.case.reference, world.case.kind)
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_prompts_are_written_once_per_language_as_the_template_writes_them(language):
    with translation.override(language):
        fresh = render_to_string("tijdlijn/_prompts.html", {"prompt_groups": prompt_groups()})

        assert prompts_html() == fresh
        assert prompts_html() is prompts_html()


def test_the_prompts_follow_the_language():
    with translation.override("nl"):
        dutch = prompts_html()
    with translation.override("en"):
        english = prompts_html()

    assert dutch != english
    assert "Schrijf iets over" in dutch


# The loop as tijdlijn/timeline.html had it.
SHARE_LOOP = """{% load i18n %}
    {% for case in cases %}
    <li><a href="{% url 'tijdlijn:share' case.pk %}">{% blocktranslate with title=case.get_kind_display reference=case.reference %}Deel met {{ title }} {{ reference }}{% endblocktranslate %}</a></li>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_share_links_are_the_templates(world, language):
    complaint = make_case(kind="complaint", email=world.parent.email)
    Case.objects.filter(pk=complaint.pk).update(reference='OSP-<2026> & "1"')
    cases = reads.shareable_cases(world.parent)

    with translation.override(language):
        fresh = engines["django"].from_string(SHARE_LOOP).render({"cases": cases})

        assert len(cases) == 2
        assert str(share_links_html(cases)) == fresh.removeprefix("\n    ")


# The loop as tijdlijn/timeline.html had it.
ENTRY_LOOP = """{% load i18n %}{% for entry in entries %}
    <li class="card mb-3">
      <div class="card-body">
        {% include "tijdlijn/_entry_body.html" with item=entry %}
        <p class="mt-2 mb-0 d-flex flex-wrap gap-3">
          <a href="{% url 'tijdlijn:edit' entry.pk %}">{% translate "Aanpassen" %}<span class="visually-hidden">: {{ entry.when }}</span></a>
          <a href="{% url 'tijdlijn:delete' entry.pk %}" class="link-danger">{% translate "Verwijderen" %}<span class="visually-hidden">: {{ entry.when }}</span></a>
        </p>
      </div>
    </li>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_entries_are_the_templates(world, entries, language):
    services.entry_create(
        owner=world.parent,
        kind="school",
        starts_on=date(2025, 3, 4),
        starts_precision="day",
        ends_on=date(2025, 6, 1),
        ends_precision="month",
        what_happened='Juf zei: "<b>niet</b> storen" & ging weg.\nDaarna stil.\n\nKlaar.',
        what_helped="Rust & <ruimte>",
        what_did_not_help="Straf\nen nog eens straf",
        child_says="'Ik wil niet'",
    )
    services.entry_create(
        owner=world.parent,
        kind="other",
        starts_on=date(2025, 7, 1),
        starts_precision="month",
        what_happened="Alleen wat er gebeurde.",
    )
    found = reads.entries_for(world.parent)

    with translation.override(language):
        fresh = engines["django"].from_string(ENTRY_LOOP).render({"entries": found})

        assert len(found) == 7
        assert str(entries_html(found)) == fresh


def test_no_entries_give_no_html():
    assert str(entries_html([])) == ""
