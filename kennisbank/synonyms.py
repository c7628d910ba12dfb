"""The words parents use for the same thing: one list for the kennisbank and the wegwijzer.

Each group is a set of words or short phrases that mean the same to a parent: a search
for one of them also looks for the others. Write them in lower case, without accents;
a phrase is a few words separated by spaces. Keep a group to one meaning: "verzuim" is
not the same as "thuiszitten", so it is its own group. Editors: ask a developer to add a
group, or give one article extra search words in its "zoekwoorden" field (see
docs/adr/0007-kennisbank-search.md).
"""

import re

from .rendering import fold

GROUPS: list[tuple[str, ...]] = [
    # Thuiszitten, verzuim and leerplicht
    ("thuiszitten", "thuiszitter", "thuiszitters", "zit thuis", "thuis zitten"),
    ("verzuim", "schoolverzuim", "spijbelen", "afwezig", "ziekmelding"),
    ("leerplicht", "leerplichtig", "leerplichtwet", "leerplichtambtenaar", "lpa"),
    ("vrijstelling", "ontheffing"),
    ("minder lesuren", "aangepast rooster", "verkort rooster", "halve dagen", "deeltijd"),
    # Plans, declarations and school types
    ("opp", "ontwikkelingsperspectief", "ontwikkelingsperspectiefplan", "handelingsplan"),
    ("tlv", "toelaatbaarheidsverklaring"),
    ("so", "speciaal onderwijs"),
    ("vso", "voortgezet speciaal onderwijs"),
    ("sbo", "speciaal basisonderwijs", "speciale basisschool"),
    ("vo", "voortgezet onderwijs", "middelbare school", "brugklas"),
    ("po", "primair onderwijs", "basisschool", "basisonderwijs"),
    ("swv", "samenwerkingsverband", "samenwerkingsverbanden"),
    ("sop", "schoolondersteuningsprofiel"),
    ("passend onderwijs", "zorgplicht"),
    ("overstap", "schooladvies", "schoolkeuze"),
    # People and meetings
    ("ib", "ibber", "intern begeleider", "zorgcoordinator"),
    ("mdo", "multidisciplinair overleg", "zorgoverleg"),
    ("onderwijsconsulent", "onderwijsconsulenten"),
    ("oudersteunpunt", "steunpunt", "ouderondersteuning"),
    ("buddy", "ouderbuddy", "ervaringsouder", "ervaringsdeskundige"),
    # Help outside school
    ("wijkteam", "sociaal team", "jeugdteam", "cjg", "centrum voor jeugd en gezin"),
    ("jeugdhulp", "jeugdzorg", "hulpverlening"),
    ("ggz", "jeugd-ggz", "geestelijke gezondheidszorg"),
    ("pgb", "persoonsgebonden budget"),
    ("leerlingenvervoer", "leerlingvervoer", "schoolvervoer", "taxi", "taxibus"),
    # Disagreeing
    ("klacht", "klachten", "klagen", "klachtencommissie"),
    ("bezwaar", "bezwaarschrift", "bezwaar maken"),
    ("schorsing", "geschorst", "verwijdering", "verwijderd", "van school gestuurd"),
    ("geschillencommissie", "geschil"),
    # Wellbeing and gifts
    ("pesten", "gepest", "pestgedrag"),
    ("hoogbegaafd", "hoogbegaafdheid", "meerbegaafd", "plusklas", "slim"),
    ("dossier", "leerlingdossier", "inzage"),
    ("privacy", "avg", "toestemming"),
]


def _words(term: str) -> str:
    # The same folding and splitting a query gets: "Jeugd-GGZ" -> "jeugd ggz".
    return " ".join(re.findall(r"\w+", fold(term)))


def _index(groups: list[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in groups:
        terms = tuple(dict.fromkeys(_words(term) for term in group))
        for term in terms:
            index[term] = terms
    return index


SYNONYMS: dict[str, tuple[str, ...]] = _index(GROUPS)
# The longest phrase in the list, in words: how far ahead a query is looked at.
LONGEST_PHRASE = max(len(term.split()) for term in SYNONYMS)
