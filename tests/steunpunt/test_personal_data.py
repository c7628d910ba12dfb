"""/mijn/gegevens/: the parent downloads everything we hold about them (HTML, JSON, ZIP
with their files), and nothing that is not theirs to see."""

import ast
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import steunpunt
from casussen import services as case_services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent, Evaluation
from oudernetwerk.models import CheckIn, Match
from steunpunt import outbox, personal_data
from steunpunt.models import AccessEvent, OutgoingEmail
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
)
from tests.factories.consultations import InvitationFactory, PanelMemberFactory
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PARENT_EMAIL = "ouder.export@test.example.nl"

INTERNAL_NOTE = "Interne notitie: moeder klinkt boos, eerst school bellen"
COORDINATOR_NAME = "Coördinator Geheimnaam"
OTHER_STORY = "Verhaal van een heel andere ouder over de overstap"
DECLINE_REASON = "Reden van nee: ik ken deze familie van school"
BUDDY_CHECKIN_NOTE = "Voor de coördinator: de ouder lijkt erg moe"
PARENT_CHECKIN_NOTE = "Het gaat fijn, we bellen elke week"
BUDDY_PHONE = "06 99887766"


def _url(fmt):
    return reverse("personal_data_download", args=[fmt])


@pytest.fixture
def world(settings, tmp_path, site_settings):
    """A parent with a case (file, consent, internal note, message, evaluation), a buddy
    request with a declined and a running match, a meetup and panel membership; and
    another parent's case beside it."""
    settings.MEDIA_ROOT = tmp_path
    worker = coordinator(email="coordinator@steunpunt.example.nl", name=COORDINATOR_NAME)
    case = make_case(
        email=PARENT_EMAIL,
        description="Mijn zoon zit al drie weken thuis.",
        phone="06 11223344",
        attachments=[SimpleUploadedFile("brief van school.pdf", PDF, "application/pdf")],
    )
    parent = case.parent
    parent.name = "Sanne Proef"
    parent.save()
    case = case_services.case_assign(case=case, coordinator=worker, actor=worker)
    case_services.case_add_note(case=case, actor=worker, text=INTERNAL_NOTE)
    case_services.case_message_to_parent(
        case=case, actor=worker, text="Ik bel je morgen om 10 uur."
    )
    school = OrganisationFactory(name="Basisschool De Linde")
    consent = case_services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    followup = case_services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u het plan met de ouder bespreken?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    case_services.followup_answer(
        followup=followup, answer="We plannen een gesprek in.", via="link"
    )
    case = case_services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=worker, resolution="answered"
    )
    evaluation = case_services.evaluation_invite(case=case)
    case_services.evaluation_submit(
        evaluation=evaluation,
        satisfaction=4,
        topics={"child_centred": "agree", "nearby": "disagree"},
        comment="Fijn dat jullie meedachten.",
    )
    # A second case of the same parent, still open: its evaluation link must not leak.
    open_case = make_case(email=PARENT_EMAIL, description="Een tweede vraag over vervoer.")
    pending = Evaluation.objects.create(case=open_case)

    other = make_case(email="andere.ouder@test.example.nl", description=OTHER_STORY)

    buddy_request = BuddyRequestFactory(parent=parent, hopes="Iemand die het snapt.")
    refusing = BuddyProfileFactory(user__name="Buddy Weigeraar")
    MatchFactory(
        request=buddy_request,
        buddy=refusing,
        status=Match.Status.DECLINED,
        decline_reason=DECLINE_REASON,
    )
    helping = BuddyProfileFactory(user__name="Buddy Helper", phone=BUDDY_PHONE, share_phone=True)
    match = MatchFactory(
        request=buddy_request,
        buddy=helping,
        status=Match.Status.ACTIVE,
        answered_at=timezone.now(),
        started_at=timezone.now(),
    )
    now = timezone.now()
    CheckIn.objects.create(
        match=match,
        respondent="buddy",
        round=1,
        due_at=now,
        answered_at=now,
        mood="mixed",
        note=BUDDY_CHECKIN_NOTE,
        wants_help=True,
    )
    CheckIn.objects.create(
        match=match,
        respondent="parent",
        round=1,
        due_at=now,
        answered_at=now,
        mood="good",
        note=PARENT_CHECKIN_NOTE,
    )
    MeetupRegistrationFactory(parent=parent, meetup=MeetupFactory(title="Koffie in Heiloo"))
    member = PanelMemberFactory(user=parent, consent_text="Ik doe mee met het ouderpanel.")
    InvitationFactory(user=parent, consultation__title="Hoe ging de overstap?")
    return {
        "parent": parent,
        "case": case,
        "open_case": open_case,
        "other": other,
        "worker": worker,
        "consent": consent,
        "followup": followup,
        "pending": pending,
        "match": match,
        "helping": helping,
        "refusing": refusing,
        "member": member,
    }


def _json(client, parent):
    client.force_login(parent)
    response = client.get(_url("json"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def _html(client, parent):
    client.force_login(parent)
    response = client.get(_url("html"))
    assert response.status_code == 200
    return response.content.decode()


def _zip(client, parent):
    client.force_login(parent)
    response = client.get(_url("zip"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# --- What is in ---------------------------------------------------------------------------


def test_json_has_every_registered_section(client, world):
    _response, document = _json(client, world["parent"])
    assert list(document["sections"]) == [
        "account",
        "cases",
        "praatplaat",
        "timeline",
        "buddy_requests",
        "buddy_match_support",
        "buddy_profile",
        "meetups",
        "panel",
        "policy_pool",
        "emails",
    ]
    assert [s.key for s in personal_data.sections()] == list(document["sections"])


def test_json_emails_section_lists_the_parents_own_emails_without_their_text(client, world):
    own = [
        row
        for row in OutgoingEmail.objects.order_by("created_at", "pk")
        if PARENT_EMAIL in row.recipients
    ]
    assert own, "the world sends the parent emails (the receipt, a message)"

    _response, document = _json(client, world["parent"])

    emails = document["sections"]["emails"]["data"]
    assert [e["subject"] for e in emails] == [row.subject for row in own]
    assert {e["to"] for e in emails} == {PARENT_EMAIL}
    assert all(e["status"] in {"Verstuurd", "Wacht op versturen"} for e in emails)
    assert "7 dagen" in document["sections"]["emails"]["note"]
    text = json.dumps(document, ensure_ascii=False)
    assert "Ik bel je morgen om 10 uur." not in json.dumps(emails, ensure_ascii=False)
    assert all(row.body not in text for row in own if row.body)


def test_json_emails_section_leaves_out_other_peoples_emails(client, world):
    others = OutgoingEmail.objects.exclude(subject="").filter(
        pk__in=[row.pk for row in OutgoingEmail.objects.all() if PARENT_EMAIL not in row.recipients]
    )
    assert others.exists(), "the world emails the coordinator and the other parent too"

    _response, document = _json(client, world["parent"])

    listed = {(e["subject"], e["created_at"]) for e in document["sections"]["emails"]["data"]}
    assert len(listed) == len(document["sections"]["emails"]["data"])
    assert all(e["to"] == PARENT_EMAIL for e in document["sections"]["emails"]["data"])
    other_parent = world["other"].parent
    _response, other_document = _json(client, other_parent)
    assert all(e["to"] == other_parent.email for e in other_document["sections"]["emails"]["data"])


def test_json_emails_section_finds_an_address_written_in_other_capitals(client, world):
    outbox.queue_email(
        subject="Over je vraag", body="Tekst", to=[PARENT_EMAIL.upper(), "ander@voorbeeld.nl"]
    )

    _response, document = _json(client, world["parent"])

    [listed] = [
        e for e in document["sections"]["emails"]["data"] if e["subject"] == "Over je vraag"
    ]
    assert listed["to"] == PARENT_EMAIL.upper()


def test_the_sign_in_code_email_is_listed_without_the_code(client, world):
    client.post(reverse("account_request_login_code"), {"email": PARENT_EMAIL})
    row = OutgoingEmail.objects.filter(kind__contains="login_code").latest("created_at")
    assert PARENT_EMAIL in row.recipients
    code = row.body.split("Dit is je inlogcode:")[1].split()[0]
    assert len(code) >= 6

    _response, document = _json(client, world["parent"])

    subjects = [e["subject"] for e in document["sections"]["emails"]["data"]]
    assert row.subject in subjects
    text = json.dumps(document, ensure_ascii=False)
    assert row.body not in text
    assert code not in text


def test_json_account_section(client, world):
    _response, document = _json(client, world["parent"])
    account = document["sections"]["account"]["data"]
    assert account["email"] == PARENT_EMAIL
    assert account["name"] == "Sanne Proef"


def test_json_case_has_story_timeline_consents_files_and_evaluation(client, world):
    _response, document = _json(client, world["parent"])
    cases = document["sections"]["cases"]["data"]
    assert [c["reference"] for c in cases] == [
        world["case"].reference,
        world["open_case"].reference,
    ]
    case = cases[0]
    assert case["description"] == "Mijn zoon zit al drie weken thuis."
    assert case["phone"] == "06 11223344"
    assert case["status"] == "Afgerond"
    whats = [row["what"] for row in case["timeline"]]
    assert "We hebben je vraag ontvangen" in whats
    assert "Bericht voor jou" in whats
    message = next(row for row in case["timeline"] if row["what"] == "Bericht voor jou")
    assert message["text"] == "Ik bel je morgen om 10 uur."
    assert message["who"] == "Oudersteunpunt"
    assert case["consents"][0]["organisation"] == "Basisschool De Linde"
    assert case["consents"][0]["how"] == "Telefonisch"
    assert case["attachments"][0]["name"] == "brief van school.pdf"
    assert case["attachments"][0]["file_in_zip"].startswith(f"bestanden/{world['case'].reference}/")
    assert case["evaluation"]["satisfaction"] == 4
    assert case["evaluation"]["comment"] == "Fijn dat jullie meedachten."
    assert {"topic": "Is dichtbij", "answer": "Oneens"} in case["evaluation"]["topics"]


def test_timeline_is_the_portal_timeline(client, world):
    """The same lines as /mijn/<pk>/, in the same order."""
    _response, document = _json(client, world["parent"])
    client.force_login(world["parent"])
    page = client.get(reverse("casussen:portal_case", args=[world["case"].pk]))
    portal = [entry.label for entry in page.context["timeline"]]
    exported = [row["what"] for row in document["sections"]["cases"]["data"][0]["timeline"]]
    assert len(exported) == len(portal)
    # The one difference: the export names no staff member.
    assigned = portal.index(f"Je coördinator is {COORDINATOR_NAME}")
    assert exported[assigned] == "Er is een coördinator voor je vraag"
    del portal[assigned], exported[assigned]
    assert exported == portal


def test_json_buddy_request_shows_running_match_and_own_checkins(client, world):
    _response, document = _json(client, world["parent"])
    (buddy_request,) = document["sections"]["buddy_requests"]["data"]
    assert buddy_request["hopes"] == "Iemand die het snapt."
    (match,) = buddy_request["matches"]  # the declined proposal is not there
    assert match["buddy"] == "Buddy Helper"
    assert match["status"] == "Loopt"
    (checkin,) = match["your_checkins"]
    assert checkin["note"] == PARENT_CHECKIN_NOTE


def test_json_meetups_and_panel(client, world):
    _response, document = _json(client, world["parent"])
    (meetup,) = document["sections"]["meetups"]["data"]
    assert meetup["meetup"] == "Koffie in Heiloo"
    assert meetup["status"] == "Aangemeld"
    panel = document["sections"]["panel"]
    assert panel["data"]["member"]["consent_text"] == "Ik doe mee met het ouderpanel."
    assert panel["data"]["invitations"][0]["consultation"] == "Hoe ging de overstap?"
    assert "zonder je naam" in panel["note"]


def test_parent_without_buddy_profile_gets_empty_section(client, world):
    _response, document = _json(client, world["parent"])
    assert document["sections"]["buddy_profile"]["data"] is None


def test_buddy_gets_own_profile_without_parents_data(client, world):
    buddy = world["helping"].user
    _response, document = _json(client, buddy)
    profile = document["sections"]["buddy_profile"]["data"]
    assert profile["phone"] == BUDDY_PHONE
    assert profile["introduction"] == world["helping"].introduction
    assert profile["matches"][0]["status"] == "Loopt"
    text = json.dumps(document, ensure_ascii=False)
    assert "Sanne Proef" not in text
    assert PARENT_EMAIL not in text
    assert "Iemand die het snapt." not in text
    assert BUDDY_CHECKIN_NOTE not in text
    assert PARENT_CHECKIN_NOTE not in text


def test_buddy_who_said_no_does_not_get_the_reason_or_the_parent(client, world):
    _response, document = _json(client, world["refusing"].user)
    (match,) = document["sections"]["buddy_profile"]["data"]["matches"]
    assert match["status"] == "Afgewezen door buddy"
    text = json.dumps(document, ensure_ascii=False)
    assert DECLINE_REASON not in text
    assert "Sanne Proef" not in text
    assert PARENT_EMAIL not in text


def test_html_has_every_section_and_the_data(client, world):
    html = _html(client, world["parent"])
    for title in ("Je account", "Je vragen en klachten", "Je buddy-aanvragen", "Ontmoetingen"):
        assert title in html
    assert "Mijn zoon zit al drie weken thuis." in html
    assert "Ik bel je morgen om 10 uur." in html
    assert "Basisschool De Linde" in html
    assert "Koffie in Heiloo" in html
    assert "Buddy Helper" in html
    assert "zonder je naam" in html


def test_html_is_self_contained(client, world):
    html = _html(client, world["parent"])
    assert "<script" not in html
    assert "<link" not in html
    assert "src=" not in html
    assert "http://" not in html.split("</style>")[0]
    assert "@media print" in html


def test_zip_holds_html_json_and_the_files(client, world):
    archive = _zip(client, world["parent"])
    names = archive.namelist()
    attachment = world["case"].attachments.get()
    path = f"bestanden/{world['case'].reference}/{attachment.pk}-brief_van_school.pdf"
    assert names == ["gegevens.html", "gegevens.json", path]
    assert archive.read(path) == PDF
    document = json.loads(archive.read("gegevens.json"))
    assert document["sections"]["cases"]["data"][0]["attachments"][0]["file_in_zip"] == path
    assert f'href="{path}"' in archive.read("gegevens.html").decode()


def test_zip_file_name_gets_the_extension_of_the_stored_type(client, world, tmp_path):
    case = world["open_case"]
    case.attachments.create(
        file=SimpleUploadedFile("brief.html", PDF),
        original_name="../../brief.html",
        content_type="application/pdf",
        size=len(PDF),
    )
    names = _zip(client, world["parent"]).namelist()
    (added,) = [n for n in names if n.startswith(f"bestanden/{case.reference}/")]
    assert added.endswith("-brief.pdf")
    assert ".." not in added


def test_zip_skips_a_file_gone_from_disk(client, world):
    attachment = world["case"].attachments.get()
    attachment.file.delete(save=False)
    names = _zip(client, world["parent"]).namelist()
    assert names == ["gegevens.html", "gegevens.json"]


# --- What must never be in ---------------------------------------------------------------


def _everything(client, parent) -> list[str]:
    _response, document = _json(client, parent)
    archive = _zip(client, parent)
    return [
        json.dumps(document, ensure_ascii=False),
        _html(client, parent),
        archive.read("gegevens.html").decode(),
        archive.read("gegevens.json").decode(),
    ]


@pytest.mark.parametrize(
    "secret",
    [INTERNAL_NOTE, OTHER_STORY, DECLINE_REASON, BUDDY_CHECKIN_NOTE, COORDINATOR_NAME],
)
def test_never_in_the_export(client, world, secret):
    for text in _everything(client, world["parent"]):
        assert secret not in text


def test_no_other_parents_case_or_buddy_contact(client, world):
    for text in _everything(client, world["parent"]):
        assert world["other"].reference not in text
        assert "andere.ouder@test.example.nl" not in text
        assert BUDDY_PHONE not in text
        assert world["helping"].user.email not in text
        assert "Buddy Weigeraar" not in text


def test_no_tokens_in_the_export(client, world):
    evaluation_token = case_services.evaluation_token(world["pending"])
    followup_token = case_services.followup_token(world["followup"])
    for text in _everything(client, world["parent"]):
        assert evaluation_token not in text
        assert followup_token not in text
        assert world["followup"].link_nonce not in text
        assert "/evaluatie/" not in text
        assert "/opvolging/" not in text


def test_other_parent_gets_only_their_own(client, world):
    other_parent = world["other"].parent
    _response, document = _json(client, other_parent)
    (case,) = document["sections"]["cases"]["data"]
    assert case["reference"] == world["other"].reference
    text = json.dumps(document, ensure_ascii=False)
    assert PARENT_EMAIL not in text
    assert world["case"].reference not in text


# --- Who may, headers, the access log ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "json", "zip"])
def test_download_headers(client, world, fmt):
    client.force_login(world["parent"])
    response = client.get(_url(fmt))
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'.{fmt}"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_is_recorded_as_export_about_the_parent(client, world):
    client.force_login(world["parent"])
    before = AccessEvent.objects.count()
    client.get(_url("zip"))
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("id")
    assert event.action == AccessEvent.Action.EXPORT
    assert event.actor == world["parent"]
    assert event.subject == world["parent"]
    assert event.actor_role == "parent"
    assert event.object_type == "steunpunt.personal_data"
    assert event.object_id == "zip"


def test_unknown_format_is_404_and_not_recorded(client, world):
    client.force_login(world["parent"])
    before = AccessEvent.objects.count()
    assert client.get(_url("pdf")).status_code == 404
    assert AccessEvent.objects.count() == before


def test_page_lists_sections_and_downloads(client, world):
    client.force_login(world["parent"])
    response = client.get(reverse("personal_data"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    for fmt in ("html", "json", "zip"):
        assert _url(fmt) in body
    assert "Ouderpanel" in body
    assert "zonder je naam" in body
    assert "<style" not in body
    assert "style=" not in body


def test_portal_and_privacy_page_link_to_it(client, world):
    client.force_login(world["parent"])
    assert reverse("personal_data") in client.get(reverse("casussen:portal")).content.decode()
    assert reverse("personal_data") in client.get(reverse("privacy")).content.decode()


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (reverse("personal_data"), _url("json")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_buddy_may_download(client, world):
    client.force_login(world["helping"].user)
    assert client.get(_url("json")).status_code == 200
    assert client.get(reverse("personal_data")).status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "partner", "editor", "privacy_officer"])
def test_staff_and_partners_get_nothing(client, world, who):
    if who == "coordinator":
        user = world["worker"]
    elif who == "partner":
        user = UserFactory(roles=["partner"], organisation=OrganisationFactory())
    else:
        user = UserFactory(roles=[who], is_staff=True, totp=True)
    client.force_login(user)
    before = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).count()
    page = client.get(reverse("personal_data"))
    assert page.status_code == 403
    assert "Deze pagina is voor ouders" in page.content.decode()
    for fmt in ("html", "json", "zip"):
        assert client.get(_url(fmt)).status_code == 404
    assert AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).count() == before


def test_coordinator_who_is_also_a_parent_gets_nothing(client, world):
    """A staff account is never a parent here, even with a case under its address."""
    make_case(email=world["worker"].email)
    client.force_login(world["worker"])
    assert client.get(_url("json")).status_code == 404


def test_what_the_parent_wrote_is_escaped_in_the_html(client, world):
    case = world["open_case"]
    Case.objects.filter(pk=case.pk).update(description='<script>alert("x")</script>')
    html = _html(client, world["parent"])
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- The registry -------------------------------------------------------------------------


@pytest.fixture
def extra_section():
    saved = dict(personal_data._sections)
    yield
    personal_data._sections.clear()
    personal_data._sections.update(saved)


def test_a_registered_section_is_in_both_files_in_its_place(client, world, extra_section):
    personal_data.register(
        key="kennisbank_feedback",
        title="Je reacties op artikelen",
        collect=lambda user: personal_data.SectionData([{"article": "Zorgplicht", "when": None}]),
        labels={"article": "Artikel"},
        position=15,
    )
    _response, document = _json(client, world["parent"])
    assert list(document["sections"])[:3] == ["account", "kennisbank_feedback", "cases"]
    assert document["sections"]["kennisbank_feedback"]["data"] == [
        {"article": "Zorgplicht", "when": None}
    ]
    html = _html(client, world["parent"])
    assert "Je reacties op artikelen" in html
    assert "<dt>Artikel</dt>" in html


def test_steunpunt_imports_none_of_the_apps():
    """The arrow points one way: the apps fill the registry, steunpunt only asks it."""

    apps = {"casussen", "oudernetwerk", "kennisbank"}
    for path in Path(steunpunt.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {name.split(".")[0] for name in names} & apps, path


@pytest.mark.parametrize("name", ["\U0001f600.pdf", "...pdf"])
def test_zip_with_a_file_whose_name_leaves_nothing_usable_still_downloads(
    client, settings, tmp_path, name
):
    """A name of only an emoji (or dots) left nothing for the name inside the ZIP and the
    download was a 500 (review of #10)."""
    settings.MEDIA_ROOT = tmp_path
    case = make_case(
        email=PARENT_EMAIL, attachments=[SimpleUploadedFile(name, PDF, "application/pdf")]
    )
    item = case.attachments.get()
    # As an old row may still hold it, from before names were made safe at upload.
    type(item).objects.filter(pk=item.pk).update(original_name=name)

    archive = _zip(client, case.parent)

    assert f"bestanden/{case.reference}/{item.pk}-bestand.pdf" in archive.namelist()
