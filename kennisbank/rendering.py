"""Markdown to safe HTML, and the plain and accent-folded text used for search."""

import html
import re
import unicodedata

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_H1 = re.compile(r"<(/?)h1>")
_SPACE = re.compile(r"\s+")


def render_markdown(text: str) -> str:
    """Markdown as HTML with only harmless tags: no script, no event handlers, no
    `javascript:` links, and every link opens without handing over this page."""
    raw = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    # The article page has the title as its only h1.
    raw = _H1.sub(r"<\1h2>", raw)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def html_to_text(value: str) -> str:
    return _SPACE.sub(" ", html.unescape(nh3.clean(value, tags=set()))).strip()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def fold(text: str) -> str:
    """Lower-case without accents: 'Ideeën' -> 'ideeen', 'coördinator' -> 'coordinator'."""
    text = text or ""
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    # Only the non-ASCII characters are looked at (a search snippet folds whole articles).
    return _NON_ASCII.sub(_drop_combining, unicodedata.normalize("NFKD", text)).lower()


def search_words(query: str) -> list[str]:
    """The plain words of a search query, folded; operators and punctuation dropped."""
    return [w for w in re.findall(r"\w+", fold(query)) if w not in {"or", "of"}][:10]


_DOUBLE_VOWEL = re.compile(r"([aeou])\1")


def undouble(text: str) -> str:
    """Single the doubled vowels, as the Dutch stemmer does: school -> schol, maan -> man."""
    return _DOUBLE_VOWEL.sub(r"\1", text)


def crude_stem(word: str) -> str:
    """A small Dutch stemmer for the SQLite search, matched against undoubled text:
    scholen -> schol (inside 'schol' from 'school'), kinderen -> kind."""
    for suffix in ("eren", "en", "es", "s", "e"):
        if word.endswith(suffix) and len(undouble(word[: -len(suffix)])) >= 4:
            return undouble(word[: -len(suffix)])
    return undouble(word)


def search_index_text(text: str) -> str:
    """The SQLite search column: folded, undoubled words between spaces, so ' schol'
    finds the start of a word and not the middle of another, and ' so ' a whole word."""
    words = " ".join(undouble(word) for word in re.findall(r"\w+", fold(text)))
    return f" {words} "


def stem_pattern(stem: str) -> str:
    """A regex finding a stem in folded (not undoubled) text: 'schol' matches 'school'."""
    return "".join(f"{c}{c}?" if c in "aeou" else re.escape(c) for c in stem)
