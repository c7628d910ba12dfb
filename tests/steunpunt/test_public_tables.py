"""Every table a visitor, parent, buddy or partner can see uses the one phone pattern:
`.table-stack`, with each cell's column header in `data-label` (the browser test in
tests/e2e/test_phone_widths.py checks the pages themselves at 320 and 390 px)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Staff pages (the admin), emails (their own layout) and allauth's generic table element
# (only its passkey and session lists use it, and neither is switched on).
NOT_PUBLIC = ("/admin/", "/email/", "/allauth/elements/", "/bench/")


def _public_templates_with_tables() -> list[Path]:
    found = []
    for path in sorted(ROOT.glob("*/templates/**/*.html")) + sorted(
        ROOT.glob("templates/**/*.html")
    ):
        if ".venv" in path.parts or any(part in f"/{path.as_posix()}" for part in NOT_PUBLIC):
            continue
        if "<table" in path.read_text():
            found.append(path)
    return found


PUBLIC = _public_templates_with_tables()


def test_the_public_tables_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in PUBLIC}
    assert "casussen/templates/casussen/partner/portal.html" in names
    assert "steunpunt/templates/steunpunt/pages/nl/privacy.html" in names


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_public_table_stacks_on_a_phone(path):
    html = path.read_text()

    for table in re.findall(r"<table[^>]*>", html):
        assert "table-stack" in table
        assert 'role="table"' in table
    for cell in re.findall(r"<(?:td|th scope=\"row\")[^>]*>", html):
        assert "data-label=" in cell or "colspan" in cell, cell
