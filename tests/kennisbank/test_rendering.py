import re

import pytest

from kennisbank.rendering import crude_stem, fold, html_to_text, render_markdown


def test_markdown_renders_headings_lists_and_emphasis():
    html = render_markdown("## Kop\n\n- een\n- twee\n\n**vet**")

    assert "<h2>Kop</h2>" in html
    assert "<li>een</li>" in html
    assert "<strong>vet</strong>" in html


def test_top_level_heading_is_demoted_below_the_page_title():
    assert render_markdown("# Titel") == "<h2>Titel</h2>"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">klik</a>',
        "[klik](javascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        '<p onclick="alert(1)">tekst</p>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<svg onload="alert(1)"></svg>',
        "{: onclick=alert(1) }\nalinea",
        '<a href="https://example.nl" style="color:red" onmouseover="x()">link</a>',
    ],
)
def test_hostile_markdown_is_sanitised(hostile):
    html = render_markdown(hostile).lower()
    tags = re.findall(r"<[^>]+>", html)

    assert not any(re.search(r"\son\w+\s*=", tag) for tag in tags)
    assert not any("style=" in tag for tag in tags)
    assert not any(re.search(r"(href|src)=\"(javascript|data):", tag) for tag in tags)
    assert {re.match(r"</?(\w+)", tag).group(1) for tag in tags} <= {"p", "a", "h2"}


def test_links_are_kept_and_made_safe():
    html = render_markdown("[Rijksoverheid](https://www.rijksoverheid.nl)")

    assert 'href="https://www.rijksoverheid.nl"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_plain_text_drops_tags_and_entities():
    assert html_to_text("<p>Jij &amp; school</p>\n<p>samen</p>") == "Jij & school samen"


def test_fold_removes_accents_and_case():
    assert fold("Ideeën voor de Coördinator") == "ideeen voor de coordinator"


@pytest.mark.parametrize(
    ("word", "stem"),
    [("scholen", "schol"), ("kinderen", "kind"), ("school", "schol"), ("ideeen", "ideen")],
)
def test_crude_stem_strips_common_dutch_endings(word, stem):
    assert crude_stem(word) == stem


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thuiszitten OPP", "thuiszitten opp"),
        ("Ideeën van de coördinator", "ideeen van de coordinator"),
        ("Straße Ørsted \u2018quote\u2019", "straße ørsted \u2018quote\u2019"),
        ("", ""),
    ],
)
def test_fold_drops_accents_only(text, folded):
    assert fold(text) == folded
