"""What a page says, and which words it must not say (docs/woordenlijst.md)."""

import html
import re
from functools import cache
from pathlib import Path

WORD_LIST = Path(__file__).resolve().parent.parent / "docs" / "woordenlijst.md"
# Formal address: never on our pages (docs/woordenlijst.md, "Aanspreken").
FORMAL = re.compile(r"\b(u|uw|U|Uw)\b|U kunt|alstublieft|a\.u\.b\.|\bgelieve\b", re.UNICODE)

_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(a|strong|em|b|i|span|code|abbr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPOKEN_ATTRIBUTES = re.compile(
    r"""\b(?:aria-label|title|placeholder|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)


def visible_text(page: str) -> str:
    """The text a reader sees or a screen reader speaks: the text between tags, plus the
    aria-label, title, placeholder and alt attributes."""
    page = _HIDDEN.sub(" ", page)
    spoken = " ".join(a or b for a, b in _SPOKEN_ATTRIBUTES.findall(page))
    page = _TAG.sub(" ", _INLINE_TAG.sub("", page))
    return html.unescape(re.sub(r"\s+", " ", page + " " + spoken))


@cache
def banned_words() -> tuple[str, ...]:
    """The "niet" column of the table under "## Woorden"."""
    words, in_table = [], False
    for line in WORD_LIST.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_table = line.strip() == "## Woorden"
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not in_table or len(cells) != 3 or cells[2] in {"niet", "---"}:
            continue
        words += [word.strip() for word in cells[2].split(",") if word.strip()]
    return tuple(words)


def offending_words(text: str) -> list[str]:
    """Banned words and formal address found in `text` (whole words, any case)."""
    found = [match.group(0) for match in FORMAL.finditer(text)]
    for word in banned_words():
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
            found.append(word)
    return found
