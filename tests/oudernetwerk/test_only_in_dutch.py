"""Issue #13, item 16, for the oudernetwerk: in English, the texts of meetups
and consultations (written by the steunpunt in Dutch) say they are only in Dutch and are
marked lang="nl", on their own pages, the panel page and the parent portal; in Dutch
there is no notice."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ThemeFactory
from tests.factories.consultations import (
    ConsultationFactory,
    InvitationFactory,
    PanelMemberFactory,
    invited_member,
    survey,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

ONE = "Deze tekst is er alleen in het Nederlands."
MANY = "Deze teksten zijn er alleen in het Nederlands."


def _notice(msgid: str) -> str:
    with translation.override("en"):
        text = translation.gettext(msgid)
    return f'<p class="alert alert-info only-in-dutch" role="note">{text}</p>'


def _get(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_meetup_list_in_english_says_the_meetups_are_dutch(client, site_settings):
    MeetupFactory(title="Koffieochtend in Heiloo", theme=ThemeFactory(name="Thuiszitten"))

    page = _get(client, reverse("oudernetwerk:meetups"), "en")

    assert _notice(MANY) in page
    assert '<h2 class="h5 card-title" lang="nl">' in page
    assert '<span lang="nl">Thuiszitten</span>' in page


def test_meetup_list_in_dutch_has_no_notice(client, site_settings):
    MeetupFactory()

    assert "only-in-dutch" not in _get(client, reverse("oudernetwerk:meetups"), "nl")


def test_empty_meetup_list_in_english_has_no_notice(client, site_settings):
    assert "only-in-dutch" not in _get(client, reverse("oudernetwerk:meetups"), "en")


def test_meetup_page_in_english_says_it_is_dutch(client, site_settings):
    meetup = MeetupFactory(
        title="Koffieochtend in Heiloo",
        description="Koffie staat klaar.",
        theme=ThemeFactory(name="Thuiszitten"),
    )

    page = _get(client, reverse("oudernetwerk:meetup", args=[meetup.pk]), "en")

    assert _notice(ONE) in page
    assert '<h1 lang="nl">Koffieochtend in Heiloo</h1>' in page
    assert '<div class="mb-4" lang="nl"><p>Koffie staat klaar.</p></div>' in page
    assert '<dd lang="nl">Thuiszitten</dd>' in page


def test_meetup_page_in_dutch_has_no_notice(client, site_settings):
    meetup = MeetupFactory()

    page = _get(client, reverse("oudernetwerk:meetup", args=[meetup.pk]), "nl")

    assert "only-in-dutch" not in page


def test_questionnaire_in_english_says_it_is_dutch(client, site_settings):
    consultation, _choice, _open = survey(title="Hoe gaat het met de overstap?")
    member = invited_member(consultation)
    client.force_login(member.user)

    page = _get(client, reverse("oudernetwerk:consultation", args=[consultation.pk]), "en")

    assert _notice(ONE) in page
    assert '<h1 lang="nl">Hoe gaat het met de overstap?</h1>' in page
    assert 'lang="nl">' in page.split("<form", 1)[1]


def test_questionnaire_in_dutch_has_no_notice(client, site_settings):
    consultation, _choice, _open = survey()
    member = invited_member(consultation)
    client.force_login(member.user)

    page = _get(client, reverse("oudernetwerk:consultation", args=[consultation.pk]), "nl")

    assert "only-in-dutch" not in page


def _member_with_a_questionnaire_and_a_summary():
    member = PanelMemberFactory()
    waiting, _choice, _open = survey(title="Hoe gaat het met de overstap?")
    InvitationFactory(consultation=waiting, user=member.user)
    done = ConsultationFactory(
        title="Jeugdhulp",
        status="closed",
        summary="Ouders willen sneller hulp.",
        summary_published_at=timezone.now(),
    )
    InvitationFactory(consultation=done, user=member.user, has_answered=True)
    return member


def test_panel_page_in_english_says_questionnaires_and_summaries_are_dutch(client, site_settings):
    client.force_login(_member_with_a_questionnaire_and_a_summary().user)

    page = _get(client, reverse("oudernetwerk:consultations"), "en")

    assert _notice(MANY) in page
    assert '<h3 class="h5" lang="nl">Jeugdhulp</h3>' in page
    assert '<div lang="nl"><p>Ouders willen sneller hulp.</p></div>' in page


def test_panel_page_without_questionnaires_in_english_has_no_notice(client, site_settings):
    client.force_login(PanelMemberFactory().user)

    assert "only-in-dutch" not in _get(client, reverse("oudernetwerk:consultations"), "en")


def test_parent_portal_in_english_says_meetups_and_summaries_are_dutch(client, site_settings):
    member = _member_with_a_questionnaire_and_a_summary()
    MeetupRegistrationFactory(parent=member.user, meetup=MeetupFactory(title="Koffie in Bergen"))
    client.force_login(member.user)

    page = _get(client, reverse("casussen:portal"), "en")

    assert page.count(_notice(MANY)) == 2
    assert '<h3 class="h5 card-title mb-1" lang="nl">' in page


def test_parent_portal_in_dutch_has_no_notice(client, site_settings):
    member = _member_with_a_questionnaire_and_a_summary()
    MeetupRegistrationFactory(parent=member.user)
    client.force_login(member.user)

    assert "only-in-dutch" not in _get(client, reverse("casussen:portal"), "nl")


def test_opening_hours_from_the_settings_are_marked_dutch_in_english(client, site_settings):
    """The opening hours are written in Dutch in the site settings; in English the home
    and contact pages mark them lang="nl" (the walker heard them read as English)."""
    hours = 'lang="nl">Maandag tot en met vrijdag: 9.00 tot 16.00 uur<'

    assert hours in _get(client, reverse("home"), "en")
    assert hours in _get(client, reverse("contact"), "en")
