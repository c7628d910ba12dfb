"""The Dutch override catalogue (locale/nl, scripts/nl_overrides.py) is current: every
override still matches a msgid of the package it names, none uses a banned word, and the
compiled .mo files say what the .po files say."""

import importlib.util
from pathlib import Path

import polib
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "nl_overrides.py"
_spec = importlib.util.spec_from_file_location("nl_overrides", SCRIPT)
nl_overrides = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nl_overrides)


@pytest.mark.parametrize("domain", ["django.po", "djangojs.po"])
def test_overrides_match_upstream_msgids_and_the_word_list(domain):
    ours = polib.pofile(str(nl_overrides.NL / domain))

    assert nl_overrides.check(domain, ours) == []
    assert len(ours) > 10


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_is_up_to_date(domain):
    source = polib.pofile(str(nl_overrides.NL / f"{domain}.po"))
    compiled = polib.mofile(str(nl_overrides.NL / f"{domain}.mo"))

    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in catalogue
            if e.msgid
        }

    assert entries(compiled) == entries(source)
