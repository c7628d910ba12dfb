"""The relevance set: what parents type, and the demo articles that must come in the top 3.

Runs on SQLite and on PostgreSQL (the CI runs the suite on both). Recall is the share of
(query, article) pairs where the article is in the first three results.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from kennisbank.demo import seed_articles
from kennisbank.demo_content import ARTICLES
from kennisbank.selectors import search_articles
from steunpunt.demo_data import THEMES
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

THUIS = "thuiszitten-de-eerste-week"
LEERPLICHT = "leerplichtambtenaar-wat-doet-die"
UREN = "kind-krijgt-minder-lesuren"
OPP = "wat-is-een-opp"
TLV = "tlv-aanvragen-speciaal-onderwijs"
SWV = "samenwerkingsverband-uitgelegd"
CONSULENT = "wat-doet-een-onderwijsconsulent"

RELEVANCE = {
    # Theme names and what parents call the situation
    "thuiszitten": {THUIS},
    "thuiszitter": {THUIS},
    "thuiszitters": {THUIS},
    "mijn kind zit thuis": {THUIS},
    "verzuim": {LEERPLICHT},
    "leerplicht": {LEERPLICHT},
    "leerplichtambtenaar": {LEERPLICHT},
    "aangepast rooster": {UREN},
    "minder lesuren": {UREN},
    # Abbreviations
    "OPP": {OPP},
    "ontwikkelingsperspectief": {OPP},
    "TLV": {TLV},
    "toelaatbaarheidsverklaring": {TLV},
    "SO": {TLV},
    "VSO": {TLV},
    "speciaal onderwijs": {TLV},
    "SWV": {SWV},
    "samenwerkingsverband": {SWV},
    "MDO": {"wat-is-een-mdo"},
    "onderwijsconsulent": {CONSULENT},
    # Other words for the same thing
    "leerlingvervoer": {"leerlingenvervoer-aanvragen"},
    "taxi naar school": {"leerlingenvervoer-aanvragen"},
    "geschorst": {"schorsing-en-verwijdering"},
    "brugklas": {"overstap-naar-het-voortgezet-onderwijs"},
    "gepest": {"kind-niet-blij-op-school"},
    "hoogbegaafd": {"hoogbegaafdheid-meer-uitdaging"},
    "ouderbuddy": {"andere-ouders-ontmoeten-buddy"},
    "klacht over school": {"klacht-over-school"},
    "dossier inzien": {"dossier-van-je-kind-inzien"},
    "zorgplicht": {"zorgplicht-van-school"},
    "wijkteam": {"jeugdhulp-via-het-wijkteam"},
    # Small typos
    "thuiszitem": {THUIS},
    "leerplight": {LEERPLICHT},
    "toelaatbaarheidsverklaaring": {TLV},
    "samenwerkingverband": {SWV},
    "ontwikelingsperspectief": {OPP},
    "onderwijsconsulet": {CONSULENT},
    "hoogbegaafheid": {"hoogbegaafdheid-meer-uitdaging"},
}


@pytest.fixture
def demo_articles():
    for theme in THEMES:
        ThemeFactory(name=theme["name"], slug=theme["slug"], description=theme["description"])
    seed_articles()


def _top(query: str, n: int = 3) -> list[str]:
    return [a.slug for a in search_articles(user=AnonymousUser(), query=query)[:n]]


def test_relevance_set_recall_in_the_top_three_is_complete(demo_articles):
    misses = {
        query: (expected - set(top), top)
        for query, expected in RELEVANCE.items()
        if not expected <= set(top := _top(query))
    }
    pairs = sum(len(expected) for expected in RELEVANCE.values())
    recall = 1 - sum(len(missing) for missing, _ in misses.values()) / pairs

    assert recall == 1.0, f"recall@3 {recall:.2f}; missed: {misses}"


def test_theme_name_puts_every_article_of_the_theme_first(demo_articles):
    in_theme = {a["slug"] for a in ARTICLES if "thuiszitten-en-verzuim" in a["themes"]}

    found = set(_top("thuiszitten", n=4))

    assert len(in_theme) == 4
    assert in_theme <= found


def test_typo_is_corrected_to_a_word_of_the_articles(demo_articles):
    results = list(search_articles(user=AnonymousUser(), query="leerplight"))

    assert results
    assert results[0].slug == LEERPLICHT


def test_unknown_word_is_not_corrected_into_something_else(demo_articles):
    assert _top("ruimtevaart") == []


def test_words_without_an_article_together_fall_back_to_any_word(demo_articles):
    # No article has both words; the one about the leerplichtambtenaar still comes first.
    assert _top("leerplichtambtenaar ruimtevaart")[0] == LEERPLICHT
