"""Questions cannot be planted in another parent's portal (issue #10, finding 6).

Anyone can type anyone's address in the question form. A question for an address that
already has an account, from someone not signed in as its owner, stays unconfirmed until
the owner confirms it with the link in the email; until then nothing of it shows in the
owner's portal. Coordinators see it marked and may still work it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, CaseEvent, Consent, Evaluation
from oudernetwerk.models import BuddyProfile, BuddyRequest, PanelMember
from steunpunt.models import User
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    make_case,
)
from tests.factories.meetups import MeetupFactory

pytestmark = pytest.mark.django_db

OWNER = "ouder@test.example.nl"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def owner():
    """A parent with an account and a case of their own."""
    return make_case(email=OWNER, description="Mijn eigen vraag.").parent


@pytest.fixture
def form_data():
    school = OrganisationFactory(name="Basisschool De Linde")
    return {
        "kind": "question",
        "theme": ThemeFactory(name="Thuiszitten").pk,
        "description": "Geplant verhaal over een kind.",
        "school": str(school.pk),
        "consent_school": "on",
        "email": OWNER,
        "contact_preference": "email",
        "privacy": "on",
    }


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the emails) at the end of a `with` block."""
    return django_capture_on_commit_callbacks


def _plant(client, form_data, commit, **extra) -> Case:
    mail.outbox.clear()
    data = {**form_data, **extra}
    with commit(execute=True):
        response = client.post(reverse("casussen:intake"), data)
    assert response.status_code == 302
    return Case.objects.get(description=data["description"])


def _confirm_url(message) -> str:
    return re.search(r"http://[^\s]+/vraag/bevestigen/[^\s/]+/", message.body).group(0)


def test_anonymous_question_for_an_existing_address_stays_unconfirmed(
    client, owner, form_data, commit
):
    planted = _plant(
        client,
        form_data,
        commit,
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
    )

    assert planted.parent == owner
    assert planted.confirmed_at is None
    client.force_login(owner)
    portal = client.get(reverse("casussen:portal")).content.decode()
    assert "Geplant verhaal" not in portal
    assert planted.reference not in portal
    attachment = planted.attachments.get()
    for url in [
        reverse("casussen:portal_case", args=[planted.pk]),
        reverse("casussen:attachment", args=[planted.pk, attachment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url, data in [
        (reverse("casussen:portal_reply", args=[planted.pk]), {"text": "Hallo"}),
        (reverse("casussen:portal_withdraw", args=[planted.pk]), {}),
        (reverse("casussen:portal_consent", args=[planted.pk]), {"organisation": ""}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert planted.status == Case.Status.NEW


def test_the_owner_gets_a_plain_confirmation_email_and_nothing_else(
    client, owner, form_data, commit
):
    planted = _plant(client, form_data, commit)

    assert [m.to for m in mail.outbox] == [[OWNER]]
    message = mail.outbox[0]
    assert planted.reference in message.subject
    assert "Iemand heeft met jouw e-mailadres een vraag of klacht gestuurd" in message.body
    assert "niet ingelogd met jouw account" in message.body
    assert "Was jij het niet? Dan hoef je niets te doen" in message.body
    assert "De link werkt 14 dagen" in message.body
    assert "/vraag/bevestigen/" in message.body


def test_signed_in_as_someone_else_is_no_better_than_anonymous(client, owner, form_data, commit):
    client.force_login(UserFactory(email="vreemde@test.example.nl"))

    planted = _plant(client, form_data, commit)

    assert planted.parent == owner
    assert planted.confirmed_at is None


def test_the_signed_in_owner_asks_and_sees_it_at_once(client, owner, form_data, commit):
    client.force_login(owner)

    case = _plant(client, form_data, commit)

    assert case.confirmed_at is not None
    assert "We hebben je vraag ontvangen" in mail.outbox[0].subject
    assert client.get(reverse("casussen:portal_case", args=[case.pk])).status_code == 200


def test_the_first_question_of_a_new_address_is_confirmed_at_once(client, form_data, commit):
    case = _plant(client, form_data, commit, email="nieuw@test.example.nl")

    assert case.confirmed_at is not None
    assert User.objects.get(email="nieuw@test.example.nl") == case.parent
    assert "We hebben je vraag ontvangen" in mail.outbox[0].subject


def test_the_receipt_page_does_not_tell_whether_the_address_has_an_account(
    client, owner, form_data, commit
):
    _plant(client, form_data, commit)
    planted_page = client.get(reverse("casussen:received")).content.decode()
    _plant(
        client, form_data, commit, email="nieuw@test.example.nl", description="Een nieuwe vraag."
    )
    new_page = client.get(reverse("casussen:received")).content.decode()

    strip = re.compile(r"OSP-\d{4}-\d{5}|csrfmiddlewaretoken\" value=\"[^\"]+|nonce=\"[^\"]+")
    assert strip.sub("", planted_page) == strip.sub("", new_page)


def test_the_link_shows_the_question_and_confirms_only_on_the_button(
    client, owner, form_data, commit
):
    planted = _plant(client, form_data, commit)
    url = _confirm_url(mail.outbox[0])

    page = client.get(url)

    assert page.status_code == 200
    assert "Is deze vraag van jou?" in page.content.decode()
    assert "Geplant verhaal" in page.content.decode()
    assert "no-store" in page.headers["Cache-Control"]
    planted.refresh_from_db()
    assert planted.confirmed_at is None


def test_confirming_lands_on_the_case_and_shows_it_in_the_portal(client, owner, form_data, commit):
    planted = _plant(client, form_data, commit)
    url = _confirm_url(mail.outbox[0])
    client.force_login(owner)

    response = client.post(url)

    case_url = reverse("casussen:portal_case", args=[planted.pk])
    assert response.status_code == 302
    assert response.url == case_url
    planted.refresh_from_db()
    assert planted.confirmed_at is not None
    assert planted.events.filter(kind=CaseEvent.Kind.CONFIRMED, actor=owner).count() == 1
    page = client.get(case_url).content.decode()
    assert "Geplant verhaal" in page
    assert "Je hebt bevestigd dat deze vraag van jou is" in page
    # A second click just opens the case.
    assert client.get(url).url == case_url


def test_confirming_without_being_signed_in_asks_to_sign_in_after(client, owner, form_data, commit):
    planted = _plant(client, form_data, commit)

    response = client.post(_confirm_url(mail.outbox[0]), follow=True)

    planted.refresh_from_db()
    assert planted.confirmed_at is not None
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert f"next=/mijn/{planted.pk}/" in response.redirect_chain[-1][0]


def test_confirming_without_being_signed_in_says_it_worked_on_the_sign_in_page(
    client, owner, form_data, commit
):
    _plant(client, form_data, commit)

    response = client.post(_confirm_url(mail.outbox[0]), follow=True)

    assert "Dank je. Je vraag is bevestigd." in response.content.decode()


def test_coordinator_list_says_ja_for_a_confirmed_question(client, owner):
    client.force_login(coordinator())

    listing = client.get(reverse("admin:casussen_case_changelist")).content.decode()

    assert '<td class="field-confirmation">ja</td>' in listing
    assert "niet bevestigd" not in listing


def test_someone_signed_in_with_another_account_cannot_confirm(client, owner, form_data, commit):
    planted = _plant(client, form_data, commit)
    client.force_login(UserFactory(email="vreemde@test.example.nl"))

    response = client.post(_confirm_url(mail.outbox[0]))

    assert response.status_code == 403
    planted.refresh_from_db()
    assert planted.confirmed_at is None


def test_an_old_link_no_longer_confirms(client, owner, form_data, commit):
    planted = _plant(client, form_data, commit)
    url = _confirm_url(mail.outbox[0])

    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(url)

    assert response.status_code == 410
    planted.refresh_from_db()
    assert planted.confirmed_at is None


def test_a_tampered_link_is_not_found(client, owner, form_data, commit):
    _plant(client, form_data, commit)
    url = _confirm_url(mail.outbox[0])

    assert client.post(url[:-3] + "xx/").status_code == 404


def test_a_link_of_another_case_cannot_confirm_this_one():
    planted = make_case(email=OWNER, signed_in=False)
    other = make_case(email="ander@test.example.nl")
    token = services.case_confirm_token(other)

    case = services.case_for_confirm_token(token)

    assert case == other
    assert services.case_for_confirm_token(services.case_confirm_token(planted)) == planted


# --- What the coordinator sees and may do --------------------------------------------------


def test_coordinator_sees_it_marked_not_confirmed_and_can_filter(client, owner, form_data, commit):
    planted = _plant(client, form_data, commit)
    client.force_login(coordinator())
    changelist = reverse("admin:casussen_case_changelist")

    listing = client.get(changelist).content.decode()
    only_unconfirmed = client.get(changelist, {"bevestigd": "nee"})
    page = client.get(reverse("admin:casussen_case_change", args=[planted.pk])).content.decode()

    assert "niet bevestigd" in listing
    assert [c.pk for c in only_unconfirmed.context["cl"].result_list] == [planted.pk]
    assert "Niet bevestigd." in page


def test_coordinator_works_it_but_asks_no_partner_before_it_is_confirmed(owner, commit):
    planted = make_case(email=OWNER, signed_in=False)
    me = coordinator()
    school = OrganisationFactory()
    services.case_assign(case=planted, coordinator=me, actor=me)
    services.consent_give(case=planted, organisation=school, method=Consent.Method.PHONE, actor=me)

    with pytest.raises(services.TransitionRefusedError, match="nog niet bevestigd"):
        services.followup_create(
            case=planted,
            organisation=school,
            request="Wilt u bellen?",
            due_date=add_working_days(timezone.localdate(), 5),
            actor=me,
        )
    with commit(execute=True):
        services.case_message_to_parent(
            case=planted, actor=me, text="Klopt het dat dit van jou is?"
        )

    # The owner's email leads to the confirmation, not to a portal page that says 404.
    assert "/vraag/bevestigen/" in mail.outbox[-1].body
    assert f"/mijn/{planted.pk}/" not in mail.outbox[-1].body


def test_no_evaluation_for_an_unconfirmed_case_until_it_is_confirmed(owner, commit):
    planted = make_case(email=OWNER, signed_in=False)
    me = coordinator()
    services.case_assign(case=planted, coordinator=me, actor=me)
    mail.outbox.clear()

    with commit(execute=True):
        services.case_transition(
            case=planted,
            to_status=Case.Status.RESOLVED,
            actor=me,
            resolution=Case.Resolution.ANSWERED,
        )

    assert not Evaluation.objects.filter(case=planted).exists()
    assert mail.outbox == []
    with commit(execute=True):
        services.case_confirm(case=planted)
    assert Evaluation.objects.filter(case=planted).exists()
    assert [m.to for m in mail.outbox] == [[OWNER]]


def test_a_case_entered_by_a_coordinator_for_an_existing_parent_is_confirmed(owner):
    me = coordinator()

    case = make_case(email=OWNER, signed_in=False, created_by=me, channel=Case.Channel.PHONE)

    assert case.confirmed_at is not None


# --- Siblings: no other public form attaches data to an account by email --------------------


def test_other_network_forms_need_the_owner_signed_in(client, owner):
    theme = ThemeFactory()
    municipality = MunicipalityFactory()
    meetup = MeetupFactory()
    posts = [
        (
            reverse("oudernetwerk:buddy"),
            {"themes": [theme.pk], "municipalities": [municipality.pk], "email": OWNER},
        ),
        (
            reverse("oudernetwerk:request"),
            {"themes": [theme.pk], "municipality": municipality.pk, "email": OWNER},
        ),
        (
            reverse("oudernetwerk:consultations"),
            {"municipality": municipality.pk, "consent": "on", "email": OWNER},
        ),
        (reverse("oudernetwerk:meetup_register", args=[meetup.pk]), {"email": OWNER}),
    ]

    for url, data in posts:
        response = client.post(url, data)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
    assert not BuddyProfile.objects.exists()
    assert not BuddyRequest.objects.exists()
    assert not PanelMember.objects.exists()
    assert not meetup.registrations.exists()
