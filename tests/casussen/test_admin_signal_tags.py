"""The case page picks signals with plain checkboxes (no untranslated two-box picker)."""

import pytest
from django.urls import reverse

from casussen.models import SignalTag
from tests.factories import coordinator, make_case

pytestmark = pytest.mark.django_db


def test_case_page_lists_signals_as_checkboxes_in_dutch(client):
    SignalTag.objects.create(name="Wachtlijst jeugdhulp")
    case = make_case()
    client.force_login(coordinator())

    page = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    assert 'type="checkbox" name="signal_tags"' in page
    assert "Wachtlijst jeugdhulp" in page
    assert "SelectFilter2.js" not in page
