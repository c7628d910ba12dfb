"""Duplicates (issue #14, item 4): a parent's second open case on the same theme is
pointed out; merging moves everything to the surviving case and closes the duplicate;
linking keeps both and shows each other's reference."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, CaseEvent, Consent, FollowUp
from steunpunt.models import AccessEvent
from tests.factories import (
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
    privacy_officer,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

S = Case.Status
K = CaseEvent.Kind
PARENT = "ouder@test.example.nl"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def worker(client):
    user = coordinator()
    client.force_login(user)
    return user


@pytest.fixture
def theme():
    return ThemeFactory(name="Thuiszitten")


@pytest.fixture
def pair(theme):
    """The parent's first question and, a week later, the same one again."""
    UserFactory(email=PARENT, name="Sanne Bakker")
    first = make_case(email=PARENT, theme=theme, description="Mijn zoon zit thuis.")
    second = make_case(
        email=PARENT,
        theme=theme,
        description="Nog een keer: mijn zoon zit nog steeds thuis.",
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
    )
    return first, second


def _change(case):
    return reverse("admin:casussen_case_change", args=[case.pk])


def _merge_url(case):
    return reverse("admin:casussen_case_merge", args=[case.pk])


# --- Seeing a possible duplicate ------------------------------------------------------------


def test_possible_duplicates_are_the_parents_other_open_cases_on_the_theme(pair, theme):
    first, second = pair
    make_case(email=PARENT, theme=ThemeFactory())  # another theme
    make_case(email="ander@test.example.nl", theme=theme)  # another parent
    closed = make_case(email=PARENT, theme=theme)
    services.parent_withdraw(case=closed, parent=closed.parent)

    assert list(services.possible_duplicates(second)) == [first]
    assert list(services.possible_duplicates(first)) == [second]


def test_case_page_points_out_the_possible_duplicate(client, worker, pair):
    first, second = pair

    content = client.get(_change(second)).content.decode()

    assert "Mogelijk dubbel" in content
    assert f'href="{_change(first)}">{first.reference}</a>' in content


def test_case_page_without_a_duplicate_says_nothing_of_it(client, worker, theme):
    case = make_case(email=PARENT, theme=theme)

    assert "Mogelijk dubbel" not in client.get(_change(case)).content.decode()


def test_case_list_marks_both_cases_of_the_pair(client, worker, pair, theme):
    lonely = make_case(email="ander@test.example.nl", theme=theme)

    response = client.get(reverse("admin:casussen_case_changelist"))

    marked = {case.pk for case in response.context["cl"].result_list if case.has_possible_duplicate}
    assert marked == {pair[0].pk, pair[1].pk}
    assert lonely.pk not in marked
    assert response.content.decode().count("mogelijk dubbel") == 2


def test_case_list_queries_do_not_grow_with_duplicates(client, worker, theme):
    make_case(email=PARENT, theme=theme)
    url = reverse("admin:casussen_case_changelist")
    alone, _html = page_queries(client, url)
    for _ in range(5):
        make_case(email=PARENT, theme=theme)
        make_case(email=f"ouder{_}@test.example.nl", theme=theme)

    with_duplicates, html = page_queries(client, url)

    assert with_duplicates == alone
    assert html.count("mogelijk dubbel") == 6


# --- Merging: what is allowed -----------------------------------------------------------------


def test_merging_a_case_into_itself_is_refused(pair, worker):
    first, _second = pair

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_merge(duplicate=first, surviving=first, actor=worker)

    assert "met zichzelf kan niet" in error.value.messages[0]


def test_merging_cases_of_different_parents_is_refused(pair, worker, theme):
    other = make_case(email="ander@test.example.nl", theme=theme)

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_merge(duplicate=other, surviving=pair[0], actor=worker)

    assert "dezelfde ouder" in error.value.messages[0]
    other.refresh_from_db()
    assert (other.status, other.merged_into) == (S.NEW, None)


@pytest.mark.parametrize("which", ["duplicate", "surviving"])
def test_merging_with_a_closed_case_is_refused(pair, worker, which):
    first, second = pair
    closing = second if which == "duplicate" else first
    services.parent_withdraw(case=closing, parent=closing.parent)

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_merge(duplicate=second, surviving=first, actor=worker)

    assert "al afgerond of gesloten" in error.value.messages[0]


def test_merging_into_a_resolved_case_is_refused(pair, worker):
    first, second = pair
    services.case_assign(case=first, coordinator=worker, actor=worker)
    services.case_transition(
        case=first, to_status=S.RESOLVED, actor=worker, resolution=Case.Resolution.ANSWERED
    )

    with pytest.raises(services.TransitionRefusedError):
        services.case_merge(duplicate=second, surviving=first, actor=worker)


@pytest.mark.parametrize("which", ["duplicate", "surviving"])
def test_merging_a_case_on_legal_hold_is_refused(pair, worker, which):
    first, second = pair
    held = second if which == "duplicate" else first
    services.case_place_legal_hold(case=held, actor=worker, reason="Klacht in procedure.")

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_merge(duplicate=second, surviving=first, actor=worker)

    assert "juridische blokkade" in error.value.messages[0]
    assert second.events.filter(kind=K.SUBMITTED).exists()  # nothing moved


def test_merging_a_confirmed_case_into_an_unconfirmed_one_is_refused(worker, theme):
    parent = UserFactory(email=PARENT)
    confirmed = make_case(email=PARENT, theme=theme)
    unconfirmed = make_case(email=PARENT, theme=theme, signed_in=False)
    assert parent.pk == unconfirmed.parent_id
    assert not unconfirmed.is_confirmed

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_merge(duplicate=confirmed, surviving=unconfirmed, actor=worker)

    assert "nog niet bevestigd" in error.value.messages[0]


def test_merging_an_unconfirmed_case_into_a_confirmed_one_is_refused(worker, theme):
    UserFactory(email=PARENT)
    confirmed = make_case(email=PARENT, theme=theme)
    unconfirmed = make_case(email=PARENT, theme=theme, signed_in=False)

    with pytest.raises(services.TransitionRefusedError) as error:
        services.case_merge(duplicate=unconfirmed, surviving=confirmed, actor=worker)

    assert "Misschien komt die vraag niet van de ouder zelf" in error.value.messages[0]
    unconfirmed.refresh_from_db()
    assert unconfirmed.merged_into is None


# --- Merging: what moves -------------------------------------------------------------------------


@pytest.fixture
def merged(pair, worker, site_settings, django_capture_on_commit_callbacks):
    first, second = pair
    school = OrganisationFactory(name="De Regenboog", contact_email="zorg@regenboog.example.nl")
    services.consent_give(
        case=second, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    followup = services.followup_create(
        case=second,
        organisation=school,
        request="Wilt u de ouder bellen?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    services.case_assign(case=first, coordinator=worker, actor=worker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        surviving = services.case_merge(duplicate=second, surviving=first, actor=worker)
    second.refresh_from_db()
    followup.refresh_from_db()
    return surviving, second, followup


def test_merge_closes_the_duplicate_with_a_pointer(merged):
    surviving, duplicate, _followup = merged

    assert (duplicate.status, duplicate.resolution) == (S.CLOSED, Case.Resolution.DUPLICATE)
    assert duplicate.merged_into == surviving
    closing = duplicate.events.get(kind=K.STATUS_CHANGED)
    assert closing.text == f"Samengevoegd met {surviving.reference}. We gaan daar verder."


def test_merge_keeps_both_timelines_on_the_surviving_case(merged):
    surviving, duplicate, _followup = merged

    kinds = list(surviving.events.values_list("kind", flat=True))
    assert kinds.count(K.SUBMITTED) == 2
    assert K.FOLLOWUP_CREATED in kinds
    event = surviving.events.get(kind=K.MERGED)
    assert event.text == "Nog een keer: mijn zoon zit nog steeds thuis."
    assert event.data == {"merged": duplicate.reference, "into": surviving.reference}
    assert list(duplicate.events.values_list("kind", flat=True)) == [K.STATUS_CHANGED]


def test_merge_moves_consents_followups_and_attachments(merged):
    surviving, duplicate, followup = merged

    assert list(surviving.consents.values_list("organisation__name", flat=True)) == ["De Regenboog"]
    assert followup.case == surviving
    assert followup.consent.case == surviving
    assert followup.status == FollowUp.Status.OPEN
    assert [a.original_name for a in surviving.attachments.all()] == ["brief.pdf"]
    assert not duplicate.attachments.exists()
    assert not duplicate.consents.exists()


def test_merge_makes_the_surviving_case_wait_for_the_moved_followup(merged):
    surviving, _duplicate, _followup = merged

    assert surviving.status == S.WAITING_FOR_PARTNER


def test_followup_link_keeps_working_after_the_merge(client, merged):
    surviving, _duplicate, followup = merged
    link = reverse("casussen:followup_answer", args=[services.followup_token(followup)])

    response = client.post(link, {"answer": "We bellen de ouder morgen."})

    assert response.status_code == 302
    answer = surviving.events.get(kind=K.FOLLOWUP_ANSWERED)
    assert answer.text == "We bellen de ouder morgen."


def test_merge_tells_the_parent_by_email(merged):
    surviving, duplicate, _followup = merged

    assert [m.to for m in mail.outbox] == [[PARENT]]
    message = mail.outbox[0]
    assert surviving.reference in message.subject
    assert (
        f"Je vraag {duplicate.reference} gaat over hetzelfde als je vraag {surviving.reference}."
        in message.body
    )
    assert reverse("casussen:portal_case", args=[surviving.pk]) in message.body


def test_merge_is_in_the_access_log_for_both_cases(merged, worker):
    surviving, duplicate, _followup = merged

    entries = AccessEvent.objects.filter(actor=worker, action=AccessEvent.Action.CHANGE)
    assert set(entries.values_list("case_reference", "subject_id")) == {
        (surviving.reference, surviving.parent_id),
        (duplicate.reference, duplicate.parent_id),
    }


def test_merge_keeps_one_valid_consent_per_organisation(pair, worker):
    first, second = pair
    school = OrganisationFactory()
    for case in (first, second):
        services.consent_give(
            case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
        )
    followup = services.followup_create(
        case=second,
        organisation=school,
        request="Graag een belletje.",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )

    services.case_merge(duplicate=second, surviving=first, actor=worker)

    followup.refresh_from_db()
    valid = first.consents.filter(withdrawn_at__isnull=True)
    assert valid.count() == 1
    assert followup.consent == valid.get()


# --- What the parent sees ----------------------------------------------------------------------


def test_parent_sees_one_case_after_the_merge(client, merged):
    surviving, duplicate, _followup = merged
    client.force_login(surviving.parent)

    response = client.get(reverse("casussen:portal"))

    assert [row.case.pk for row in response.context["rows"]] == [surviving.pk]
    assert duplicate.reference not in [row.case.reference for row in response.context["rows"]]


def test_the_parent_reads_which_question_each_receipt_is_about(client, merged):
    surviving, duplicate, _followup = merged
    client.force_login(surviving.parent)

    content = client.get(reverse("casussen:portal_case", args=[surviving.pk])).content.decode()

    assert f"We hebben je vraag {duplicate.reference} ontvangen" in content
    assert content.count("We hebben je vraag ontvangen") == 1


def test_old_portal_address_of_the_duplicate_leads_to_the_surviving_case(client, merged):
    surviving, duplicate, _followup = merged
    client.force_login(surviving.parent)

    response = client.get(reverse("casussen:portal_case", args=[duplicate.pk]))

    assert response.status_code == 302
    assert response.url == reverse("casussen:portal_case", args=[surviving.pk])


def test_someone_else_gets_no_redirect_from_the_duplicates_address(client, merged):
    _surviving, duplicate, _followup = merged
    client.force_login(UserFactory())

    assert client.get(reverse("casussen:portal_case", args=[duplicate.pk])).status_code == 404


def test_parent_timeline_says_in_plain_dutch_what_happened(client, merged):
    surviving, duplicate, _followup = merged
    client.force_login(surviving.parent)

    content = client.get(reverse("casussen:portal_case", args=[surviving.pk])).content.decode()

    assert (
        f"Je vraag {duplicate.reference} hoort bij deze vraag. We hebben ze samengevoegd en "
        "gaan hier verder." in content
    )
    assert "Nog een keer: mijn zoon zit nog steeds thuis." in content


# --- The admin pages -----------------------------------------------------------------------------


def test_merge_page_asks_for_confirmation_and_says_what_will_happen(client, worker, pair):
    first, second = pair

    response = client.post(_merge_url(second), {"surviving": first.pk})

    content = response.content.decode()
    assert response.status_code == 200
    assert f"{second.reference} wordt gesloten als dubbel" in content
    assert "Terugdraaien kan niet." in content
    assert "Ja, samenvoegen" in content
    second.refresh_from_db()
    assert second.status == S.NEW


def test_confirming_merges_and_opens_the_surviving_case(client, worker, pair):
    first, second = pair

    response = client.post(_merge_url(second), {"surviving": first.pk, "_confirm": "1"})

    assert response.status_code == 302
    assert response.url == _change(first)
    second.refresh_from_db()
    assert second.merged_into == first
    content = client.get(_change(second)).content.decode()
    assert f"Deze zaak is samengevoegd met {first.reference}." in content


def test_merge_page_shows_a_refusal_beside_the_form(client, worker, pair):
    first, second = pair
    services.case_place_legal_hold(case=first, actor=worker, reason="Klacht in procedure.")

    response = client.post(_merge_url(second), {"surviving": first.pk, "_confirm": "1"})

    assert response.status_code == 400
    assert "juridische blokkade" in response.content.decode()
    second.refresh_from_db()
    assert second.merged_into is None


def test_merge_page_offers_only_the_parents_other_open_cases(client, worker, pair, theme):
    first, second = pair
    other_parent = make_case(email="ander@test.example.nl", theme=theme)

    response = client.post(_merge_url(second), {"surviving": other_parent.pk, "_confirm": "1"})

    assert response.status_code == 400
    assert list(response.context["form"].fields["surviving"].queryset) == [first]
    other_parent.refresh_from_db()
    assert other_parent.status == S.NEW


@pytest.mark.parametrize("make_user", [editor, privacy_officer])
@pytest.mark.parametrize("name", ["merge", "link"])
def test_other_staff_cannot_merge_or_link(client, pair, make_user, name):
    client.force_login(make_user())
    first, second = pair

    response = client.post(
        reverse(f"admin:casussen_case_{name}", args=[second.pk]),
        {"surviving": first.pk, "other": first.pk, "_confirm": "1"},
    )

    assert response.status_code == 403
    second.refresh_from_db()
    assert second.merged_into is None
    assert not second.linked_cases.exists()


@pytest.mark.parametrize("roles", [[], ["partner"], ["buddy"]])
def test_people_outside_the_admin_cannot_merge(client, pair, roles):
    client.force_login(UserFactory(roles=roles))
    first, second = pair

    response = client.post(_merge_url(second), {"surviving": first.pk, "_confirm": "1"})

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    second.refresh_from_db()
    assert second.merged_into is None


# --- Linking -----------------------------------------------------------------------------------


def test_linking_shows_each_others_reference_on_both_case_pages(client, worker, pair):
    first, second = pair

    response = client.post(
        reverse("admin:casussen_case_link", args=[second.pk]), {"other": first.pk}
    )

    assert response.status_code == 302
    for case, other in ((first, second), (second, first)):
        content = client.get(_change(case)).content.decode()
        assert "Gekoppelde zaken" in content
        assert f'href="{_change(other)}">{other.reference}</a> · ' in content
    first.refresh_from_db()
    assert first.status == S.NEW  # both stay as they are


def test_linking_twice_records_it_once(pair, worker):
    first, second = pair

    services.case_link(case=first, other=second, actor=worker)
    services.case_link(case=second, other=first, actor=worker)

    assert first.events.filter(kind=K.LINKED).count() == 1
    assert second.events.filter(kind=K.LINKED).count() == 1
    assert AccessEvent.objects.filter(actor=worker, action=AccessEvent.Action.CHANGE).count() == 2


def test_linking_a_case_to_itself_is_refused(pair, worker):
    with pytest.raises(services.ValidationError) as error:
        services.case_link(case=pair[0], other=pair[0], actor=worker)

    assert "aan zichzelf kan niet" in error.value.messages[0]


def test_linking_cases_of_different_parents_is_refused(pair, worker, theme):
    other = make_case(email="ander@test.example.nl", theme=theme)

    with pytest.raises(services.ValidationError) as error:
        services.case_link(case=pair[0], other=other, actor=worker)

    assert "dezelfde ouder" in error.value.messages[0]
    assert not pair[0].linked_cases.exists()


def test_demo_has_a_duplicate_pair(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, verbosity=0)

    pair = Case.objects.filter(
        theme__slug="thuiszitten-en-verzuim", parent__email="ouder@demo.example.nl"
    ).order_by("created_at")
    assert pair.count() == 2
    assert list(services.possible_duplicates(pair[1])) == [pair[0]]


def test_parent_sees_a_linked_case_named_on_both_timelines(client, pair, worker):
    first, second = pair
    services.case_link(case=first, other=second, actor=worker)
    client.force_login(first.parent)

    for case, other in ((first, second), (second, first)):
        content = client.get(reverse("casussen:portal_case", args=[case.pk])).content.decode()
        assert f"Deze vraag hoort bij je vraag {other.reference}." in content
    portal = client.get(reverse("casussen:portal"))
    assert {row.case.pk for row in portal.context["rows"]} == {first.pk, second.pk}
