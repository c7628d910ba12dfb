"""Panels of one app on another's page (steunpunt/panels.py): a panel's probe is asked
with the page's object, and the panel reads only when the probe found something."""

from types import SimpleNamespace

from django.db.models import Exists

from steunpunt import panels
from steunpunt.models import Theme


def test_probes_are_exists_annotations_of_the_slots_panels(monkeypatch):
    monkeypatch.setattr(panels, "_PANELS", {})
    monkeypatch.setattr(panels, "_PROBES", {})
    panels.register("test.slot", "b", lambda **kw: "", probe=lambda pk: Theme.objects.filter(pk=pk))
    panels.register("test.slot", "a", lambda **kw: "")

    found = panels.probes("test.slot", 7)

    assert list(found) == ["panel_b"]
    assert isinstance(found["panel_b"], Exists)
    assert panels.probes("test.other", 7) == {}


def test_a_panel_may_have_something_unless_the_page_asked_and_found_nothing():
    assert panels.may_have(SimpleNamespace(panel_tijdlijn=True), "tijdlijn") is True
    assert panels.may_have(SimpleNamespace(panel_tijdlijn=False), "tijdlijn") is False
    assert panels.may_have(SimpleNamespace(), "tijdlijn") is True
