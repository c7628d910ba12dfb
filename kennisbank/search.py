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


# Each typed word with its nearest listed word: `%` is the trigram operator (served by
# the gin_trgm_ops index of migration 0004), `%%` because of the parameter style.
_NEAREST_SQL = (
    "SELECT typed.w, nearest.word FROM unnest(%s::text[]) AS typed(w) "
    "CROSS JOIN LATERAL (SELECT word FROM kennisbank_searchword "
    "WHERE word %% typed.w AND similarity(word, typed.w) >= %s "
    "ORDER BY similarity(word, typed.w) DESC, word LIMIT 1) AS nearest"
)


def _nearest_words(words: list[str]) -> dict[str, str]:
    """For each misspelt word, the closest word of the articles, if one is close enough.
    One query for all of them."""
    if not words:
        return {}
    if connection.vendor == "postgresql":
        # `%` uses the trigram index on the short word list, never the article bodies.
        with connection.cursor() as cursor:
            cursor.execute(
                _NEAREST_SQL,
                [words, TRIGRAM_THRESHOLD],
            )
            return dict(cursor.fetchall())
    # SQLite (development, tests): the same list, compared in Python.
    first_letters = Q(pk__in=[])
    for letter in {word[0] for word in words}:
        first_letters |= Q(word__startswith=letter)
    candidates = list(SearchWord.objects.filter(first_letters).values_list("word", flat=True))
    nearest = {}
    for word in words:
        near = [c for c in candidates if c[0] == word[0] and abs(len(c) - len(word)) <= 3]
        close = difflib.get_close_matches(word, near, n=1, cutoff=DIFFLIB_CUTOFF)
        if close:
            nearest[word] = close[0]
    return nearest


def _typos(words: list[str], correct: bool) -> dict[str, str]:
    if not correct:
        return {}
    candidates = [
        w
        for w in dict.fromkeys(words)
        if len(w) >= MIN_TYPO_LENGTH
        and not w.isdigit()
        and w not in STOP_WORDS
        and w not in SYNONYMS
    ]
    if not candidates:
        return {}
    known = set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))
    return _nearest_words([w for w in candidates if w not in known])


def search_plan(query: str, *, correct: bool = True) -> SearchPlan:
    """The slots of a query; `correct` looks typos up in the word list of the articles
    (two queries at most, whatever the number of words)."""
    words = search_words(query)
    plan = SearchPlan(query=query)
    typos = _typos(words, correct)
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
            nearest = typos.get(word)
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


def postgres_raw(plan: SearchPlan, *, every_slot: bool = True) -> str:
    """The text of `postgres_query`'s tsquery."""
    joiner = " & " if every_slot else " | "
    return joiner.join(_tsquery_slot(slot, prefix=True) for slot in plan.slots)


def postgres_query(plan: SearchPlan, *, every_slot: bool = True) -> SearchQuery:
    """The plan as a tsquery: every slot (or, as a fallback, any slot) must match. Words
    match as prefixes too, so 'leerplicht' finds 'leerplichtambtenaar'."""
    return SearchQuery(
        postgres_raw(plan, every_slot=every_slot), search_type="raw", config=SEARCH_CONFIG
    )


def postgres_rank_raw(plan: SearchPlan) -> str:
    """The text of `postgres_rank_query`'s tsquery."""
    return " | ".join(_tsquery_slot(slot, prefix=False) for slot in plan.slots)


def postgres_rank_query(plan: SearchPlan) -> SearchQuery:
    """The plan for ranking: any slot, whole words only. ts_rank with prefixes took six
    times as long over a thousand matches; a compound found by its prefix still comes
    in, after the articles that have the word itself."""
    return SearchQuery(postgres_rank_raw(plan), search_type="raw", config=SEARCH_CONFIG)


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
