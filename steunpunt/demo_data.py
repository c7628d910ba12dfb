"""Invented demo data for `manage.py seed_demo`. Never real personal data."""

REGION = "Noord-Kennemerland"

SITE = {
    "name": "Oudersteunpunt Noord-Kennemerland",
    "region": "Noord-Kennemerland",
    "phone": "072 000 0100",
    "email": "info@oudersteunpunt.example.nl",
    "opening_hours": (
        "Maandag tot en met donderdag: 9.00 tot 16.00 uur\nVrijdag: 9.00 tot 12.00 uur"
    ),
    "address": "Ouderpad 12\n1811 ZZ Alkmaar",
}

# The six municipalities of Noord-Kennemerland as they are in 2026: Graft-De Rijp and
# Schermer joined Alkmaar in 2015, Heerhugowaard and Langedijk became Dijk en Waard in
# 2022. Neighbours are symmetric: if A lists B, B lists A.
MUNICIPALITIES = [
    {
        "name": "Alkmaar",
        "slug": "alkmaar",
        "neighbours": ["bergen", "castricum", "dijk-en-waard", "heiloo"],
    },
    {
        "name": "Bergen",
        "slug": "bergen",
        "neighbours": ["alkmaar", "castricum", "dijk-en-waard", "heiloo"],
    },
    {
        "name": "Castricum",
        "slug": "castricum",
        "neighbours": ["alkmaar", "bergen", "heiloo", "uitgeest"],
    },
    {
        "name": "Dijk en Waard",
        "slug": "dijk-en-waard",
        "neighbours": ["alkmaar", "bergen"],
    },
    {
        "name": "Heiloo",
        "slug": "heiloo",
        "neighbours": ["alkmaar", "bergen", "castricum", "uitgeest"],
    },
    {
        "name": "Uitgeest",
        "slug": "uitgeest",
        "neighbours": ["castricum", "heiloo"],
    },
]

# Municipalities that no longer exist, and the one they are part of now.
MERGED = {
    "graft-de-rijp": "alkmaar",
    "schermer": "alkmaar",
    "heerhugowaard": "dijk-en-waard",
    "langedijk": "dijk-en-waard",
}

THEMES = [
    {
        "name": "Passend onderwijs en zorgplicht",
        "slug": "passend-onderwijs-en-zorgplicht",
        "description": (
            "Elk kind heeft recht op een goede plek op school. "
            "Hier lees je wat de school moet doen als je kind extra steun nodig heeft."
        ),
    },
    {
        "name": "Ontwikkelingsperspectief (OPP)",
        "slug": "ontwikkelingsperspectief-opp",
        "description": (
            "Een OPP is een plan voor je kind met doelen en extra steun. "
            "Je praat mee over het plan en je moet het eens zijn met de aanpak."
        ),
    },
    {
        "name": "Thuiszitten en verzuim",
        "slug": "thuiszitten-en-verzuim",
        "description": (
            "Gaat je kind niet of niet genoeg naar school? "
            "Wij helpen je om samen met school en gemeente snel weer een plek te vinden."
        ),
    },
    {
        "name": "Toelaatbaarheidsverklaring (TLV) en speciaal onderwijs",
        "slug": "tlv-en-speciaal-onderwijs",
        "description": (
            "Voor het speciaal (basis)onderwijs is een TLV nodig. "
            "Hier lees je hoe je die aanvraagt en wat je doet als je het er niet mee eens bent."
        ),
    },
    {
        "name": "Het gesprek met school",
        "slug": "gesprek-met-school",
        "description": (
            "Een goed gesprek met school helpt je kind. "
            "Wij geven je tips om je gesprek voor te bereiden, en gaan mee als je dat wilt."
        ),
    },
    {
        "name": "Jeugdhulp en het wijkteam",
        "slug": "jeugdhulp-en-wijkteam",
        "description": (
            "Heeft je kind of je gezin hulp nodig buiten school? "
            "Het wijkteam denkt met je mee en helpt je aan de juiste hulp."
        ),
    },
    {
        "name": "Klachten en bezwaar",
        "slug": "klachten-en-bezwaar",
        "description": (
            "Ben je het niet eens met een besluit of ben je ontevreden? "
            "Hier lees je hoe je een klacht indient of bezwaar maakt, en wij helpen je daarbij."
        ),
    },
    {
        "name": "Leerlingenvervoer",
        "slug": "leerlingenvervoer",
        "description": (
            "Kan je kind niet zelf naar school reizen? "
            "Dan kun je bij de gemeente leerlingenvervoer aanvragen."
        ),
    },
    {
        "name": "Overstap naar het voortgezet onderwijs",
        "slug": "overstap-naar-vo",
        "description": (
            "De stap van de basisschool naar de middelbare school is groot. "
            "Hier vind je hulp bij het kiezen van een school en het schooladvies."
        ),
    },
    {
        "name": "Gedrag en welbevinden",
        "slug": "gedrag-en-welbevinden",
        "description": (
            "Voelt je kind zich niet fijn op school, of is er zorg over gedrag? "
            "Wij denken met je mee over wat je kind nodig heeft."
        ),
    },
    {
        "name": "Hoogbegaafdheid en meer uitdaging",
        "slug": "hoogbegaafdheid",
        "description": (
            "Verveelt je kind zich op school of heeft het meer uitdaging nodig? "
            "Hier lees je wat school kan doen en hoe je dit bespreekt."
        ),
    },
    {
        "name": "Andere ouders ontmoeten",
        "slug": "andere-ouders-ontmoeten",
        "description": (
            "Praten met ouders die hetzelfde meemaken helpt. "
            "Kom naar een ontmoeting of vraag een ervaren ouder als buddy."
        ),
    },
]

# kind is one of: school_po, school_sbo, school_so, school_vo, school_vso, swv, wijkteam,
# jeugdhulp, gemeente, opvoedondersteuning, anders. municipality None means region-wide.
ORGANISATIONS = [
    # Basisscholen (PO)
    {
        "name": "Basisschool De Windwijzer Oost",
        "kind": "school_po",
        "municipality": "alkmaar",
        "contact_email": "info@windwijzer-oost.example.nl",
        "phone": "072 000 0101",
        "website": "https://www.windwijzer-oost.example.nl",
        "opening_hours": (
            "Maandag tot en met vrijdag: 8.15 tot 16.00 uur\nWoensdag: 8.15 tot 13.00 uur"
        ),
        "description": (
            "Basisschool in Alkmaar met een eigen intern begeleider. "
            "Je kunt bij ons terecht voor vragen over extra steun in de klas."
        ),
        "themes": ["passend-onderwijs-en-zorgplicht", "gesprek-met-school"],
    },
    {
        "name": "Kindcentrum De Kaasboog",
        "kind": "school_po",
        "municipality": "alkmaar",
        "contact_email": "contact@kaasboog.example.nl",
        "phone": "072 000 0102",
        "website": "https://www.kaasboog.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 7.30 tot 18.00 uur",
        "description": (
            "Kindcentrum met opvang en basisonderwijs onder één dak. "
            "We hebben een plusklas voor kinderen die meer uitdaging nodig hebben."
        ),
        "themes": ["hoogbegaafdheid", "gesprek-met-school"],
    },
    {
        "name": "Basisschool Het Duinroosje West",
        "kind": "school_po",
        "municipality": "bergen",
        "contact_email": "info@duinroosje-west.example.nl",
        "phone": "072 000 0103",
        "website": "https://www.duinroosje-west.example.nl",
        "opening_hours": (
            "Maandag, dinsdag en donderdag: 8.30 tot 15.30 uur\n"
            "Woensdag en vrijdag: 8.30 tot 12.30 uur"
        ),
        "description": (
            "Kleine dorpsschool met aandacht voor elk kind. "
            "Je kunt altijd een afspraak maken met de leerkracht of de intern begeleider."
        ),
        "themes": ["gesprek-met-school", "gedrag-en-welbevinden"],
    },
    {
        "name": "Basisschool De Zeekraal Noord",
        "kind": "school_po",
        "municipality": "castricum",
        "contact_email": "info@zeekraal-noord.example.nl",
        "phone": "072 000 0104",
        "website": "https://www.zeekraal-noord.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.15 tot 16.00 uur",
        "description": (
            "Basisschool met een vaste ondersteuningsstructuur. "
            "We helpen je bij vragen over een OPP en de overstap naar het voortgezet onderwijs."
        ),
        "themes": ["ontwikkelingsperspectief-opp", "overstap-naar-vo"],
    },
    {
        "name": "Basisschool De Rijper Walvis",
        "kind": "school_po",
        "municipality": "alkmaar",
        "contact_email": "info@rijperwalvis.example.nl",
        "phone": "072 000 0105",
        "website": "https://www.rijperwalvis.example.nl",
        "opening_hours": (
            "Maandag tot en met donderdag: 8.30 tot 15.30 uur\nVrijdag: 8.30 tot 12.00 uur"
        ),
        "description": (
            "Dorpsschool met kleine groepen. "
            "We werken samen met het wijkteam als een kind ook thuis steun nodig heeft."
        ),
        "themes": ["passend-onderwijs-en-zorgplicht", "jeugdhulp-en-wijkteam"],
    },
    {
        "name": "Kindcentrum De Polderhaan",
        "kind": "school_po",
        "municipality": "dijk-en-waard",
        "contact_email": "info@polderhaan.example.nl",
        "phone": "072 000 0106",
        "website": "https://www.polderhaan.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 7.30 tot 18.30 uur",
        "description": (
            "Kindcentrum voor kinderen van 0 tot 13 jaar. "
            "We hebben een rustige leerplek voor kinderen die snel overprikkeld raken."
        ),
        "themes": ["gedrag-en-welbevinden", "passend-onderwijs-en-zorgplicht"],
    },
    {
        "name": "Basisschool Het Kievitsnest Zuid",
        "kind": "school_po",
        "municipality": "heiloo",
        "contact_email": "info@kievitsnest-zuid.example.nl",
        "phone": "072 000 0107",
        "website": "https://www.kievitsnest-zuid.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.30 uur",
        "description": (
            "Basisschool met een eigen aanpak voor verzuim. "
            "Mist je kind vaak school? Dan zoeken we samen snel naar een oplossing."
        ),
        "themes": ["thuiszitten-en-verzuim", "gesprek-met-school"],
    },
    {
        "name": "Basisschool De Tuinderij",
        "kind": "school_po",
        "municipality": "dijk-en-waard",
        "contact_email": "info@tuinderij.example.nl",
        "phone": "072 000 0108",
        "website": "https://www.tuinderij.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.15 tot 15.45 uur",
        "description": (
            "Basisschool waar kinderen veel buiten en met hun handen leren. "
            "We denken graag met je mee over wat jouw kind nodig heeft."
        ),
        "themes": ["passend-onderwijs-en-zorgplicht", "gedrag-en-welbevinden"],
    },
    {
        "name": "Kindcentrum De Droogmakerij",
        "kind": "school_po",
        "municipality": "alkmaar",
        "contact_email": "info@droogmakerij.example.nl",
        "phone": "072 000 0109",
        "website": "https://www.droogmakerij.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 7.30 tot 18.00 uur",
        "description": (
            "Kindcentrum in de polder met onderwijs en opvang. "
            "Veel kinderen komen met de bus; we helpen je bij vragen over vervoer."
        ),
        "themes": ["leerlingenvervoer", "gesprek-met-school"],
    },
    {
        "name": "Basisschool Het Uitkijkpunt",
        "kind": "school_po",
        "municipality": "uitgeest",
        "contact_email": "info@uitkijkpunt.example.nl",
        "phone": "072 000 0110",
        "website": "https://www.uitkijkpunt.example.nl",
        "opening_hours": (
            "Maandag tot en met vrijdag: 8.15 tot 16.00 uur\nWoensdag: 8.15 tot 12.30 uur"
        ),
        "description": (
            "Basisschool met een plusgroep en een taalklas. "
            "Je kunt bij ons terecht voor vragen over uitdaging en extra steun."
        ),
        "themes": ["hoogbegaafdheid", "ontwikkelingsperspectief-opp"],
    },
    # Speciaal basisonderwijs (SBO)
    {
        "name": "SBO De Zandplaat",
        "kind": "school_sbo",
        "municipality": "alkmaar",
        "contact_email": "info@sbo-zandplaat.example.nl",
        "phone": "072 000 0111",
        "website": "https://www.sbo-zandplaat.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.30 uur",
        "description": (
            "School voor speciaal basisonderwijs met kleine groepen. "
            "We leggen je graag uit hoe een TLV werkt en hoe je kind bij ons kan starten."
        ),
        "themes": ["tlv-en-speciaal-onderwijs", "ontwikkelingsperspectief-opp"],
    },
    {
        "name": "SBO Het Sluisje",
        "kind": "school_sbo",
        "municipality": "dijk-en-waard",
        "contact_email": "info@sbo-sluisje.example.nl",
        "phone": "072 000 0112",
        "website": "https://www.sbo-sluisje.example.nl",
        "opening_hours": (
            "Maandag tot en met donderdag: 8.00 tot 16.00 uur\nVrijdag: 8.00 tot 13.00 uur"
        ),
        "description": (
            "Speciaal basisonderwijs voor kinderen die meer tijd en rust nodig hebben. "
            "We werken met een OPP voor elk kind."
        ),
        "themes": ["tlv-en-speciaal-onderwijs", "gedrag-en-welbevinden"],
    },
    # Speciaal onderwijs (SO)
    {
        "name": "SO De Lichtboei",
        "kind": "school_so",
        "municipality": "alkmaar",
        "contact_email": "info@so-lichtboei.example.nl",
        "phone": "072 000 0113",
        "website": "https://www.so-lichtboei.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.30 uur",
        "description": (
            "School voor speciaal onderwijs voor kinderen met een lichamelijke beperking "
            "of langdurige ziekte. We helpen je ook bij het regelen van vervoer."
        ),
        "themes": ["tlv-en-speciaal-onderwijs", "leerlingenvervoer"],
    },
    {
        "name": "SO De Vuurtorenwachter",
        "kind": "school_so",
        "municipality": "heiloo",
        "contact_email": "info@so-vuurtorenwachter.example.nl",
        "phone": "072 000 0114",
        "website": "https://www.so-vuurtorenwachter.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.00 uur",
        "description": (
            "Speciaal onderwijs voor kinderen met gedragsproblemen of psychische problemen. "
            "School en zorg werken hier samen in één team."
        ),
        "themes": ["tlv-en-speciaal-onderwijs", "gedrag-en-welbevinden", "jeugdhulp-en-wijkteam"],
    },
    # Voortgezet onderwijs (VO)
    {
        "name": "Scholengemeenschap De Kaaspoort",
        "kind": "school_vo",
        "municipality": "alkmaar",
        "contact_email": "zorg@kaaspoort.example.nl",
        "phone": "072 000 0115",
        "website": "https://www.kaaspoort.example.nl",
        "opening_hours": (
            "Maandag tot en met vrijdag: 8.00 tot 16.30 uur\nIn de schoolvakanties alleen per mail"
        ),
        "description": (
            "Middelbare school voor vmbo, havo en vwo met een ondersteuningsteam. "
            "Je kunt bij de zorgcoördinator terecht met vragen over extra steun."
        ),
        "themes": ["overstap-naar-vo", "passend-onderwijs-en-zorgplicht"],
    },
    {
        "name": "Lyceum aan de Ringvaart",
        "kind": "school_vo",
        "municipality": "dijk-en-waard",
        "contact_email": "info@lyceumringvaart.example.nl",
        "phone": "072 000 0116",
        "website": "https://www.lyceumringvaart.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.30 uur",
        "description": (
            "Lyceum voor havo en vwo met een programma voor hoogbegaafde leerlingen. "
            "We denken met je mee als je kind vastloopt."
        ),
        "themes": ["hoogbegaafdheid", "gedrag-en-welbevinden"],
    },
    {
        "name": "College Duin en Polder",
        "kind": "school_vo",
        "municipality": "castricum",
        "contact_email": "info@duinenpolder.example.nl",
        "phone": "072 000 0117",
        "website": "https://www.duinenpolder.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 7.45 tot 16.30 uur",
        "description": (
            "Brede scholengemeenschap met een trajectvoorziening. "
            "Leerlingen die even uitvallen, krijgen hier tijdelijk extra begeleiding."
        ),
        "themes": ["thuiszitten-en-verzuim", "overstap-naar-vo"],
    },
    {
        "name": "Vakcollege Het Tuinderspad",
        "kind": "school_vo",
        "municipality": "dijk-en-waard",
        "contact_email": "info@tuinderspad.example.nl",
        "phone": "072 000 0118",
        "website": "https://www.tuinderspad.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.00 uur",
        "description": (
            "Vmbo-school met veel praktijk en kleine klassen. "
            "We helpen je kind bij de overstap en bij het kiezen van een vak."
        ),
        "themes": ["overstap-naar-vo", "passend-onderwijs-en-zorgplicht"],
    },
    # Voortgezet speciaal onderwijs (VSO)
    {
        "name": "VSO De Kustlijn",
        "kind": "school_vso",
        "municipality": "alkmaar",
        "contact_email": "info@vso-kustlijn.example.nl",
        "phone": "072 000 0119",
        "website": "https://www.vso-kustlijn.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 8.00 tot 16.30 uur",
        "description": (
            "Voortgezet speciaal onderwijs met uitstroom naar werk of vervolgopleiding. "
            "We helpen je bij vragen over de TLV en het OPP."
        ),
        "themes": ["tlv-en-speciaal-onderwijs", "ontwikkelingsperspectief-opp"],
    },
    {
        "name": "VSO Het Havenlicht",
        "kind": "school_vso",
        "municipality": "dijk-en-waard",
        "contact_email": "info@vso-havenlicht.example.nl",
        "phone": "072 000 0120",
        "website": "https://www.vso-havenlicht.example.nl",
        "opening_hours": (
            "Maandag tot en met donderdag: 8.30 tot 16.00 uur\nVrijdag: 8.30 tot 12.30 uur"
        ),
        "description": (
            "VSO voor jongeren die vastliepen op een reguliere school. "
            "We hebben een aanpak om thuiszitters stap voor stap terug naar school te helpen."
        ),
        "themes": ["tlv-en-speciaal-onderwijs", "thuiszitten-en-verzuim"],
    },
    # Samenwerkingsverbanden (region-wide)
    {
        "name": "Samenwerkingsverband PO Noord-Kennemerland (demo)",
        "kind": "swv",
        "municipality": None,
        "contact_email": "info@swv-po.example.nl",
        "phone": "072 000 0121",
        "website": "https://www.swv-po.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 9.00 tot 17.00 uur",
        "description": (
            "Het samenwerkingsverband van de basisscholen in de regio. "
            "Hier vraag je een TLV aan en kun je terecht als je er met school niet uitkomt."
        ),
        "themes": [
            "passend-onderwijs-en-zorgplicht",
            "tlv-en-speciaal-onderwijs",
            "thuiszitten-en-verzuim",
            "klachten-en-bezwaar",
        ],
    },
    {
        "name": "Samenwerkingsverband VO Noord-Kennemerland (demo)",
        "kind": "swv",
        "municipality": None,
        "contact_email": "info@swv-vo.example.nl",
        "phone": "072 000 0122",
        "website": "https://www.swv-vo.example.nl",
        "opening_hours": (
            "Maandag tot en met donderdag: 8.30 tot 17.00 uur\nVrijdag: 8.30 tot 12.30 uur"
        ),
        "description": (
            "Het samenwerkingsverband van de middelbare scholen in de regio. "
            "Wij helpen bij een passende plek, een TLV voor het VSO en de overstap."
        ),
        "themes": [
            "passend-onderwijs-en-zorgplicht",
            "tlv-en-speciaal-onderwijs",
            "overstap-naar-vo",
            "thuiszitten-en-verzuim",
        ],
    },
    # Wijkteams
    {
        "name": "Wijkteam Alkmaar-Noord",
        "kind": "wijkteam",
        "municipality": "alkmaar",
        "contact_email": "alkmaar-noord@wijkteam.example.nl",
        "phone": "072 000 0123",
        "website": "",
        "opening_hours": (
            "Maandag tot en met vrijdag: 8.30 tot 17.00 uur\nInloop op dinsdag: 9.00 tot 11.00 uur"
        ),
        "description": (
            "Het wijkteam helpt gezinnen met vragen over opvoeden, geld, zorg en jeugdhulp. "
            "Je kunt zonder verwijzing bellen of langskomen."
        ),
        "themes": ["jeugdhulp-en-wijkteam", "thuiszitten-en-verzuim"],
    },
    {
        "name": "Wijkteam Heerhugowaard-Centrum",
        "kind": "wijkteam",
        "municipality": "dijk-en-waard",
        "contact_email": "centrum@wijkteam-hhw.example.nl",
        "phone": "072 000 0124",
        "website": "",
        "opening_hours": "Maandag tot en met vrijdag: 8.30 tot 17.00 uur",
        "description": (
            "Het wijkteam denkt met je mee als je gezin hulp nodig heeft. "
            "Samen zoeken we de hulp die past bij jouw kind."
        ),
        "themes": ["jeugdhulp-en-wijkteam", "gedrag-en-welbevinden"],
    },
    {
        "name": "Wijkteam Castricum",
        "kind": "wijkteam",
        "municipality": "castricum",
        "contact_email": "info@wijkteam-castricum.example.nl",
        "phone": "072 000 0125",
        "website": "https://www.wijkteam-castricum.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 9.00 tot 17.00 uur",
        "description": (
            "Voor vragen over opvoeden, opgroeien en jeugdhulp in Castricum en de dorpen. "
            "We komen ook bij je thuis."
        ),
        "themes": ["jeugdhulp-en-wijkteam"],
    },
    {
        "name": "Wijkteam Bergen",
        "kind": "wijkteam",
        "municipality": "bergen",
        "contact_email": "info@wijkteam-bergen.example.nl",
        "phone": "072 000 0126",
        "website": "https://www.wijkteam-bergen.example.nl",
        "opening_hours": (
            "Maandag tot en met donderdag: 9.00 tot 17.00 uur\nVrijdag: 9.00 tot 12.30 uur"
        ),
        "description": (
            "Het wijkteam voor alle kernen van Bergen. "
            "Je kunt bij ons terecht als school en thuis allebei zwaar zijn."
        ),
        "themes": ["jeugdhulp-en-wijkteam", "thuiszitten-en-verzuim"],
    },
    # Jeugdhulpaanbieders
    {
        "name": "Jeugdhulp De Lantaarn (demo)",
        "kind": "jeugdhulp",
        "municipality": None,
        "contact_email": "aanmelden@delantaarn.example.nl",
        "phone": "072 000 0127",
        "website": "https://www.delantaarn.example.nl",
        "opening_hours": (
            "Maandag tot en met vrijdag: 9.00 tot 17.00 uur\n"
            "Bij spoed buiten kantoortijd: bel de huisartsenpost"
        ),
        "description": (
            "Jeugdhulp voor kinderen en jongeren met angst, somberheid of gedragsproblemen. "
            "We werken samen met school zodat de hulp ook in de klas helpt."
        ),
        "themes": ["jeugdhulp-en-wijkteam", "gedrag-en-welbevinden"],
    },
    {
        "name": "Praktijk Kind en Kompas",
        "kind": "jeugdhulp",
        "municipality": "heiloo",
        "contact_email": "info@kindenkompas.example.nl",
        "phone": "072 000 0128",
        "website": "https://www.kindenkompas.example.nl",
        "opening_hours": "Maandag, dinsdag en donderdag: 9.00 tot 17.00 uur",
        "description": (
            "Praktijk voor onderzoek en begeleiding van kinderen met leer- of "
            "ontwikkelingsvragen. Je hebt een verwijzing van het wijkteam of de huisarts nodig."
        ),
        "themes": ["jeugdhulp-en-wijkteam", "hoogbegaafdheid", "ontwikkelingsperspectief-opp"],
    },
    # Gemeente
    {
        "name": "Gemeente Alkmaar - leerlingenvervoer",
        "kind": "gemeente",
        "municipality": "alkmaar",
        "contact_email": "leerlingenvervoer@gemeente.example.nl",
        "phone": "072 000 0129",
        "website": "https://www.gemeente.example.nl/leerlingenvervoer",
        "opening_hours": "Maandag tot en met vrijdag: 9.00 tot 12.30 uur",
        "description": (
            "Hier vraag je leerlingenvervoer aan als je kind niet zelf naar school kan reizen. "
            "Ben je het niet eens met het besluit? Dan kun je bezwaar maken."
        ),
        "themes": ["leerlingenvervoer", "klachten-en-bezwaar"],
    },
    # Opvoedondersteuning
    {
        "name": "Opvoedsteunpunt De Kapstok",
        "kind": "opvoedondersteuning",
        "municipality": None,
        "contact_email": "vragen@dekapstok.example.nl",
        "phone": "072 000 0130",
        "website": "https://www.dekapstok.example.nl",
        "opening_hours": (
            "Maandag tot en met vrijdag: 9.00 tot 16.00 uur\nDonderdagavond: 19.00 tot 21.00 uur"
        ),
        "description": (
            "Gratis advies over opvoeden en opgroeien, ook in een oudercursus. "
            "Je kunt bellen, mailen of een gesprek plannen."
        ),
        "themes": ["gedrag-en-welbevinden", "andere-ouders-ontmoeten"],
    },
    {
        "name": "Gezinsspreekuur De Vlieger",
        "kind": "opvoedondersteuning",
        "municipality": "dijk-en-waard",
        "contact_email": "spreekuur@devlieger.example.nl",
        "phone": "072 000 0131",
        "website": "",
        "opening_hours": "Inloopspreekuur elke woensdag: 9.00 tot 11.30 uur",
        "description": (
            "Elke week een inloopspreekuur voor ouders met vragen over hun kind. "
            "Je hoeft geen afspraak te maken."
        ),
        "themes": ["gedrag-en-welbevinden", "jeugdhulp-en-wijkteam"],
    },
    # Anders
    {
        "name": "Onderwijsbemiddeling De Brugwachter",
        "kind": "anders",
        "municipality": None,
        "contact_email": "info@brugwachter.example.nl",
        "phone": "072 000 0132",
        "website": "https://www.brugwachter.example.nl",
        "opening_hours": "Maandag tot en met vrijdag: 9.00 tot 17.00 uur",
        "description": (
            "Onafhankelijke bemiddelaars voor als je kind geen passende plek op school heeft. "
            "Zij helpen ouders en school om samen weer tot een oplossing te komen."
        ),
        "themes": ["thuiszitten-en-verzuim", "klachten-en-bezwaar", "gesprek-met-school"],
    },
]

DEMO_PASSWORD = "demo-oudersteunpunt-2026"  # noqa: S105 - public demo password, seed only

DEMO_USERS = [
    {
        "email": "coordinator@demo.example.nl",
        "name": "Sanne Demo-de Vries",
        "role": "coordinator",
        "is_staff": True,
        "organisation": None,
    },
    {
        "email": "redacteur@demo.example.nl",
        "name": "Joost Demo-Bakker",
        "role": "editor",
        "is_staff": True,
        "organisation": None,
    },
    {
        # A second editor, so the review step (another editor approves) can be tried.
        "email": "redacteur2@demo.example.nl",
        "name": "Noor Demo-Jansen",
        "role": "editor",
        "is_staff": True,
        "organisation": None,
    },
    {
        "email": "privacy@demo.example.nl",
        "name": "Ilse Demo-Mulder",
        "role": "privacy_officer",
        "is_staff": True,
        "organisation": None,
    },
    {
        "email": "buddy@demo.example.nl",
        "name": "Yasmina Demo-El Idrissi",
        "role": "buddy",
        "is_staff": False,
        "organisation": None,
    },
    {
        "email": "partner@demo.example.nl",
        "name": "Kees Demo-Schouten",
        "role": "partner",
        "is_staff": False,
        "organisation": "Basisschool De Windwijzer Oost",
    },
    {
        "email": "ouder@demo.example.nl",
        "name": "Lotte Demo-Visser",
        "role": None,
        "is_staff": False,
        "organisation": None,
    },
]
