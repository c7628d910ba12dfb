"""The "Onbekende berichten" in the admin: who may see them (role matrix), the access
log, linking a held message to a case as the parent's reply or a partner's answer, and
dropping one. Messages are recorded through the service, as a fetch would."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from casussen import services
from casussen.models import CaseAttachment, CaseEvent, Consent, FollowUp, InboundMessage
from steunpunt.models import AccessEvent
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
    privacy_officer,
)
from tests.mail_messages import PDF, reply_email
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:casussen_inboundmessage_changelist"
S = InboundMessage.Status
A = AccessEvent.Action
NOW = "2026-12-01 10:00 +01:00"
STRANGER = "iemand@elders.example.nl"


@pytest.fixture(autouse=True)
def _reply_address(settings, tmp_path):
    settings.REPLY_ADDRESS = "antwoord@steunpunt.example.nl"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def worker():
    return coordinator(email="k.jansen@steunpunt.example.nl")


@pytest.fixture
def case(worker):
    return services.case_assign(case=make_case(), coordinator=worker, actor=worker)


def _held(case, *, sender=STRANGER, body="Ik weet hier meer over.", **kwargs) -> InboundMessage:
    message = services.inbound_process(
        raw=reply_email(
            to=services.reply_to(case=case)[0],
            sender=sender,
            subject=f"Re: Nieuw bericht over je vraag ({case.reference})",
            body=body,
            **kwargs,
        )
    )
    assert message.status == S.HELD
    return message


# --- Who may see them --------------------------------------------------------------------


def test_coordinator_sees_the_held_messages(client, case, worker):
    held = _held(case)
    client.force_login(worker)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert [m.pk for m in response.context["cl"].result_list] == [held.pk]
    assert "no-store" in response.headers["Cache-Control"]


def test_list_leaves_out_posted_and_automatic_messages(client, case, worker):
    held = _held(case)
    services.inbound_process(
        raw=reply_email(
            to=services.reply_to(case=case)[0], sender=case.parent.email, body="Posted."
        )
    )
    services.inbound_process(
        raw=reply_email(
            to=services.reply_to(case=case)[0],
            sender=case.parent.email,
            body="Afwezig.",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    client.force_login(worker)

    response = client.get(reverse(CHANGELIST))

    assert [m.pk for m in response.context["cl"].result_list] == [held.pk]


def test_coordinator_opens_a_held_message(client, case, worker):
    held = _held(case)
    client.force_login(worker)

    response = client.get(reverse("admin:casussen_inboundmessage_change", args=[held.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ik weet hier meer over." in body
    assert STRANGER in body
    assert reverse("admin:casussen_inboundmessage_link", args=[held.pk]) in body


@pytest.mark.parametrize("make_user", [editor, privacy_officer], ids=["editor", "privacy_officer"])
def test_other_staff_cannot_open_the_held_messages(client, case, make_user):
    held = _held(case)
    client.force_login(make_user())

    assert client.get(reverse(CHANGELIST)).status_code == 403
    change = reverse("admin:casussen_inboundmessage_change", args=[held.pk])
    assert client.get(change).status_code == 403
    link = reverse("admin:casussen_inboundmessage_link", args=[held.pk])
    assert client.post(link, {"reference": case.reference, "target": "parent"}).status_code == 403
    assert InboundMessage.objects.get(pk=held.pk).status == S.HELD


@pytest.mark.parametrize("role", [None, "buddy", "partner"])
def test_non_staff_never_reach_the_held_messages(client, case, role):
    held = _held(case)
    client.force_login(UserFactory(roles=[role] if role else []))

    assert client.get(reverse(CHANGELIST), follow=True).status_code == 403
    drop = reverse("admin:casussen_inboundmessage_drop", args=[held.pk])
    client.post(drop)
    assert InboundMessage.objects.get(pk=held.pk).status == S.HELD


def test_the_parent_of_the_case_cannot_reach_them_either(client, case):
    held = _held(case)
    client.force_login(case.parent)

    assert client.get(reverse(CHANGELIST), follow=True).status_code == 403
    client.post(reverse("admin:casussen_inboundmessage_drop", args=[held.pk]))
    assert InboundMessage.objects.get(pk=held.pk).status == S.HELD


def test_anonymous_visitor_is_sent_to_sign_in(client, case):
    held = _held(case)

    response = client.get(reverse("admin:casussen_inboundmessage_change", args=[held.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_coordinator_without_second_factor_cannot_open_them(client, case):
    held = _held(case)
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))

    response = client.get(reverse("admin:casussen_inboundmessage_change", args=[held.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


# --- Access log --------------------------------------------------------------------------


def test_opening_a_held_message_writes_an_access_entry(client, case, worker):
    held = _held(case)
    client.force_login(worker)
    before = AccessEvent.objects.count()

    client.get(reverse("admin:casussen_inboundmessage_change", args=[held.pk]))

    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.first()
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        worker,
        A.VIEW,
        "casussen.inboundmessage",
        str(held.pk),
    )
    assert entry.case_reference == case.reference


def test_the_list_writes_one_entry_without_a_subject(client, case, worker):
    _held(case)
    client.force_login(worker)
    before = AccessEvent.objects.count()

    client.get(reverse(CHANGELIST))

    assert AccessEvent.objects.count() == before + 1
    entry = AccessEvent.objects.first()
    assert (entry.object_type, entry.subject_id) == ("casussen.inboundmessage", None)


def test_list_queries_do_not_grow_with_the_messages(client, case, worker):
    client.force_login(worker)
    _held(case, body="Een.")
    few, _html = page_queries(client, reverse(CHANGELIST))
    for n in range(5):
        other = make_case(email=f"ander{n}@test.example.nl")
        _held(other, body=f"Bericht {n}.")

    many, html = page_queries(client, reverse(CHANGELIST))

    assert many == few
    assert "Bericht 4." not in html  # the text is read on the message's own page


# --- Link or drop ------------------------------------------------------------------------


def test_linking_as_the_parents_reply_posts_it_and_tells_the_coordinator(
    client, case, worker, django_capture_on_commit_callbacks
):
    held = _held(case, attachments=[("brief.pdf", PDF, "application/pdf")])
    client.force_login(worker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:casussen_inboundmessage_link", args=[held.pk]),
            {"reference": case.reference, "target": "parent"},
        )

    assert response.status_code == 302
    event = case.events.get(kind=CaseEvent.Kind.MESSAGE_FROM_PARENT)
    assert (event.text, event.data["via"]) == ("Ik weet hier meer over.", "email")
    assert CaseAttachment.objects.get(case=case).original_name == "brief.pdf"
    assert [m.to for m in mail.outbox] == [[worker.email]]
    held.refresh_from_db()
    assert (held.status, held.handled_by, held.text, bytes(held.raw)) == (
        S.LINKED,
        worker,
        "",
        b"",
    )
    assert AccessEvent.objects.filter(
        action=A.CHANGE, object_type="casussen.inboundmessage", subject_id=case.parent_id
    ).exists()


def test_linking_as_a_partners_answer_answers_the_followup(client, case, worker):
    school = OrganisationFactory(name="Basisschool De Windwijzer")
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    with time_machine.travel(NOW, tick=False):
        followup = services.followup_create(
            case=case,
            organisation=school,
            request="Graag.",
            due_date=date(2026, 12, 8),
            actor=worker,
            contact_email="zorg@school.example.nl",
        )
    held = _held(case, sender="directie@school.example.nl", body="Wij bellen de ouder.")
    client.force_login(worker)
    page = client.get(reverse("admin:casussen_inboundmessage_link", args=[held.pk]))
    assert "Antwoord van Basisschool De Windwijzer" in page.content.decode()

    client.post(
        reverse("admin:casussen_inboundmessage_link", args=[held.pk]),
        {"reference": case.reference, "target": str(followup.pk)},
    )

    followup.refresh_from_db()
    assert (followup.status, followup.answer, followup.answered_via) == (
        FollowUp.Status.ANSWERED,
        "Wij bellen de ouder.",
        FollowUp.Channel.EMAIL,
    )


def test_linking_to_an_unknown_reference_is_refused_and_keeps_the_message(client, case, worker):
    held = _held(case)
    client.force_login(worker)

    response = client.post(
        reverse("admin:casussen_inboundmessage_link", args=[held.pk]),
        {"reference": "OSP-1999-00001", "target": "parent"},
    )

    assert response.status_code == 400
    assert "We vinden geen vraag met dit kenmerk" in response.content.decode()
    assert InboundMessage.objects.get(pk=held.pk).status == S.HELD


def test_linking_to_a_closed_case_is_refused_and_keeps_the_message(client, case, worker):
    held = _held(case)
    services.case_transition(case=case, to_status="closed", actor=worker, resolution="withdrawn")
    client.force_login(worker)

    response = client.post(
        reverse("admin:casussen_inboundmessage_link", args=[held.pk]),
        {"reference": case.reference, "target": "parent"},
    )

    assert response.status_code == 400
    assert InboundMessage.objects.get(pk=held.pk).status == S.HELD
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_FROM_PARENT).exists()


def test_dropping_erases_the_content(client, case, worker):
    held = _held(case)
    client.force_login(worker)

    response = client.post(reverse("admin:casussen_inboundmessage_drop", args=[held.pk]))

    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.text, held.from_address, held.subject, bytes(held.raw)) == (
        S.DROPPED,
        "",
        "",
        "",
        b"",
    )
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_FROM_PARENT).exists()
    # Handled: no longer in the list.
    assert client.get(reverse(CHANGELIST)).context["cl"].result_count == 0


def test_a_handled_message_cannot_be_linked_again(case, worker):
    held = _held(case)
    services.inbound_drop(message=held, actor=worker)

    with pytest.raises(services.TransitionRefusedError):
        services.inbound_link(message=held, actor=worker, case=case)


def test_case_timeline_in_the_admin_says_a_reply_came_by_email(client, case, worker):
    services.inbound_process(
        raw=reply_email(
            to=services.reply_to(case=case)[0], sender=case.parent.email, body="Per mail."
        )
    )
    client.force_login(worker)

    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    assert "Per mail. (per e-mail)" in response.content.decode()


def test_linking_as_the_answer_to_another_cases_followup_is_refused(client, case, worker):
    other = services.case_assign(
        case=make_case(email="ander@test.example.nl"), coordinator=worker, actor=worker
    )
    school = OrganisationFactory()
    services.consent_give(
        case=other, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    with time_machine.travel(NOW, tick=False):
        foreign = services.followup_create(
            case=other,
            organisation=school,
            request="Graag.",
            due_date=date(2026, 12, 8),
            actor=worker,
            contact_email="zorg@school.example.nl",
        )
    held = _held(case)
    client.force_login(worker)

    response = client.post(
        reverse("admin:casussen_inboundmessage_link", args=[held.pk]),
        {"reference": case.reference, "target": str(foreign.pk)},
    )

    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.status == FollowUp.Status.OPEN
    assert InboundMessage.objects.get(pk=held.pk).status == S.HELD
