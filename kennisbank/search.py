"""What a search query means: its words, their synonyms and corrected typos.

A query becomes a `SearchPlan`: a list of slots, one per word or known phrase, each with
the alternatives that may stand in for it ("opp" -> "ontwikkelingsperspectief", a typo
-> the nearest word of the articles). An article matches when every slot matches one of
its alternatives. The plan is turned into a PostgreSQL tsquery (against the stored,
GIN-indexed vector) or into word lookups on the SQLite search columns.
"""

import difflib
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q

from .models import SearchWord
from .rendering import crude_stem, search_words, undouble
from .search_index import SEARCH_CONFIG
from .synonyms import LONGEST_PHRASE, SYNONYMS

# Words that carry no meaning in a Dutch question ("wat doet de leerplichtambtenaar").
STOP_WORDS = frozenset({
    "aan", "als", "ben", "bij", "dan", "dat", "de", "deze", "die", "dit", "doe", "doen",
    "doet", "een", "en", "er", "hem", "het", "hoe", "ik", "in", "is", "je", "jij", "kan",
    "kun", "kunnen", "maar", "me", "met", "mijn", "moet", "naar", "niet", "nog", "of", "om",
    "ons", "onze", "op", "over", "te", "tot", "u", "uw", "van", "voor", "waar", "wanneer",
    "wat", "we", "wel", "wie", "wij", "ze", "zij", "zijn",
})  # fmt: skip
# Typos: only words this long are corrected, and only to a word this similar.
MIN_TYPO_LENGTH = 5
TRIGRAM_THRESHOLD = 0.4
DIFFLIB_CUTOFF = 0.8
# Below this length a word is matched whole: "so" must not find "sociaal".
MIN_PREFIX_LENGTH = 4


@dataclass
class SearchPlan:
    query: str
    # One tuple of alternatives per slot; an alternative is a tuple of words.
    slots: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    # Words searched for because what was typed looked like a typo of them.
    corrections: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """Every word looked for, for marking them in a snippet."""
        return list(dict.fromkeys(w for slot in self.slots for alt in slot for w in alt))


def _known(words: list[str]) -> set[str]:
    candidates = [w for w in words if len(w) >= MIN_TYPO_LENGTH]
    if not candidates:
        return set()
    return set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))


def _nearest_word(word: str) -> str | None:
    """The word of the articles closest to a misspelt one, if one is close enough."""
    if connection.vendor == "postgresql":
        # `%` uses the trigram index on the short word list, never the article bodies.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM {SearchWord._meta.db_table} "  # noqa: S608 (our table)
                "WHERE word %% %s AND similarity(word, %s) >= %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 1",
                [word, word, TRIGRAM_THRESHOLD, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    # SQLite (development, tests): the same list, compared in Python.
    length = len(word)
    candidates = SearchWord.objects.filter(
        word__startswith=word[0],
    ).values_list("word", flat=True)
    close = difflib.get_close_matches(
        word,
        [c for c in candidates if abs(len(c) - length) <= 3],
        n=1,
        cutoff=DIFFLIB_CUTOFF,
    )
    return close[0] if close else None


def search_plan(query: str, *, correct: bool = True) -> SearchPlan:
    """The slots of a query; `correct` looks typos up in the word list of the articles."""
    words = search_words(query)
    plan = SearchPlan(query=query)
    known = _known(words) if correct else set()
    position = 0
    while position < len(words):
        for size in range(min(LONGEST_PHRASE, len(words) - position), 0, -1):
            phrase = " ".join(words[position : position + size])
            if phrase in SYNONYMS:
                alternatives = list(SYNONYMS[phrase])
                position += size
                break
        else:
            word = words[position]
            position += 1
            if word in STOP_WORDS:
                continue
            alternatives = [word]
            typo = correct and len(word) >= MIN_TYPO_LENGTH and word not in known
            if typo and not word.isdigit():
                nearest = _nearest_word(word)
                if nearest and nearest != word:
                    plan.corrections.append(nearest)
                    alternatives += SYNONYMS.get(nearest, (nearest,))
        plan.slots.append(tuple(tuple(alt.split()) for alt in dict.fromkeys(alternatives)))
    return plan


def _tsquery_term(word: str, prefix: bool) -> str:
    # Words are \w+ only (no quotes, no operators), so quoting them is enough.
    return f"'{word}':*" if prefix and len(word) >= MIN_PREFIX_LENGTH else f"'{word}'"


def _tsquery_slot(slot, prefix: bool) -> str:
    alternatives = (" & ".join(_tsquery_term(w, prefix) for w in alt) for alt in slot)
    return "(" + " | ".join(f"({alternative})" for alternative in alternatives) + ")"


def postgres_query(plan: SearchPlan, *, every_slot: bool = True) -> SearchQuery:
    """The plan as a tsquery: every slot (or, as a fallback, any slot) must match. Words
    match as prefixes too, so 'leerplicht' finds 'leerplichtambtenaar'."""
    joiner = " & " if every_slot else " | "
    raw = joiner.join(_tsquery_slot(slot, prefix=True) for slot in plan.slots)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def postgres_rank_query(plan: SearchPlan) -> SearchQuery:
    """The plan for ranking: any slot, whole words only. ts_rank with prefixes took six
    times as long over a thousand matches; a compound found by its prefix still comes
    in, after the articles that have the word itself."""
    raw = " | ".join(_tsquery_slot(slot, prefix=False) for slot in plan.slots)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def _contains(column: str, word: str) -> Q:
    # The SQLite columns are " word word ... word " in folded, undoubled form.
    if len(word) >= MIN_PREFIX_LENGTH:
        return Q(**{f"{column}__contains": " " + crude_stem(word)})
    return Q(**{f"{column}__contains": f" {undouble(word)} "})


def sqlite_slot(slot, column: str = "search_text") -> Q:
    condition = Q(pk__in=[])
    for alternative in slot:
        words = Q()
        for word in alternative:
            words &= _contains(column, word)
        condition |= words
    return condition
