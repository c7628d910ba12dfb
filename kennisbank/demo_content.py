"""Invented demo articles for the kennisbank. Never copied text, never real personal data."""

ARTICLES = [
    {
        "slug": "zorgplicht-van-school",
        "title": "Passend onderwijs: wat moet school doen voor je kind?",
        "summary": (
            "Elke school moet zorgen voor een goede plek voor je kind. Dat heet zorgplicht. Hier "
            "lees je wat dat voor jou en je kind betekent."
        ),
        "body": """## Wat is passend onderwijs?

Sommige kinderen hebben extra hulp nodig op school. Bijvoorbeeld bij het leren, bij gedrag
of door een ziekte. Passend onderwijs betekent: elk kind krijgt onderwijs dat bij hem of
haar past. Het liefst op een gewone school, dicht bij huis.

## Wat is zorgplicht?

Zorgplicht is een regel uit de wet. De school moet zorgen dat je kind een passende plek
krijgt. Dat kan op de eigen school zijn, met extra steun. Lukt dat niet? Dan moet de school
een andere school zoeken die wel past. De school mag jou daar niet alleen mee laten.

Meld je je kind aan op een nieuwe school? Doe dat schriftelijk. Vertel erbij wat je kind
nodig heeft. De school heeft dan zes weken om uit te zoeken wat nodig is. Soms komen daar
vier weken bij.

## Wat kan de school doen?

- extra uitleg in de klas of in een klein groepje;
- hulp van de intern begeleider, dat is de leerkracht die de extra hulp op school regelt;
- een plan met eigen doelen voor je kind, een ontwikkelingsperspectief (OPP);
- hulp bij het zoeken naar een andere school.

Welke steun een school kan geven, staat in het schoolondersteuningsprofiel. Dat is een
document van de school. Je vindt het vaak op de website van de school. Je kunt het ook
gewoon opvragen.

## Wat kun jij doen?

- Vraag wat de school al doet en wat het plan is.
- Vertel wat jij thuis ziet. Jij kent je kind het best.
- Vraag of je de afspraken op papier krijgt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["passend-onderwijs-en-zorgplicht"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "samenwerkingsverband-uitgelegd",
            "wat-is-een-opp",
            "tlv-aanvragen-speciaal-onderwijs",
        ],
        "links": [("Passend onderwijs", "https://www.passendonderwijs.nl")],
    },
    {
        "slug": "wat-is-een-opp",
        "title": "Wat is een ontwikkelingsperspectief (OPP)?",
        "summary": (
            "Een OPP is een plan van school voor je kind, met eigen doelen en extra steun. Je "
            "praat mee en je moet het eens zijn met de aanpak."
        ),
        "body": """## Een plan voor jouw kind

Een ontwikkelingsperspectief heet kort een OPP. Het is een plan van school voor één kind.
School maakt een OPP als je kind veel extra steun nodig heeft. Ook kinderen in het speciaal
onderwijs hebben een OPP.

## Wat staat erin?

- Wat je kind goed kan, en waar het moeite mee heeft.
- Welke doelen er zijn voor de komende tijd.
- Welke hulp je kind krijgt, van wie en hoe vaak.
- Welke uitstroom school verwacht. Dat is het soort onderwijs waar je kind later naartoe
  kan.

## Jouw stem telt

School moet met jou overleggen over het OPP. Het deel over de hulp en de aanpak heet het
handelingsdeel. Daar moet jij mee instemmen. Instemmen betekent: je zegt ja tegen de aanpak.
Zonder jouw ja mag school dat deel niet uitvoeren.

Ben je het niet eens? Zeg dat dan. Schrijf op wat je anders wilt en waarom. Zo zoek je samen
naar een plan dat wel werkt.

## Hoe vaak wordt het besproken?

School bespreekt het OPP minstens één keer per jaar met jou. Je mag ook zelf eerder om een
gesprek vragen. Bijvoorbeeld als het thuis of op school anders gaat dan gedacht.

## Tips

- Vraag het OPP een paar dagen vóór het gesprek op.
- Lees het rustig door. Streep aan wat je niet snapt.
- Herken je je kind in de tekst? Zo niet, zeg dat.
- Vraag of je kind zelf ook mag meepraten over de doelen.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["ontwikkelingsperspectief-opp", "passend-onderwijs-en-zorgplicht"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "zorgplicht-van-school",
            "gesprek-met-school-voorbereiden",
            "tijdens-en-na-het-gesprek",
        ],
        "links": [],
    },
    {
        "slug": "thuiszitten-de-eerste-week",
        "title": "Mijn kind zit thuis: wat doe ik in de eerste week?",
        "summary": (
            "Gaat je kind niet meer naar school? Dan is snel actie nemen belangrijk. Dit zijn de "
            "eerste stappen die je kunt zetten."
        ),
        "body": """## Je staat er niet alleen voor

Je kind gaat niet meer naar school. Soms lukt het niet meer door angst, ziekte of problemen
in de klas. Soms heeft school geen plek. Een kind dat langere tijd thuis is zonder
onderwijs, noemen we een thuiszitter. Dat is zwaar, voor je kind en voor jou. Hoe eerder je
iets doet, hoe beter.

## Stap 1: laat het school weten

Bel of mail de leerkracht of de mentor. Vertel dat je kind thuis is en waarom. Doe dit op de
eerste dag. Vraag om een gesprek in dezelfde week.

## Stap 2: schrijf het op

Begin een logboek. Noteer elke dag:

- Is je kind naar school gegaan? Hoe lang?
- Wat gebeurde er thuis of op school?
- Met wie heb je gesproken, en wat is er gezegd?

## Stap 3: vraag om een plan

School blijft verantwoordelijk, ook als je kind thuis is. Vraag wat het plan is om je kind
weer naar school te laten gaan. Wie doet wat, en wanneer? Vraag ook om schoolwerk voor
thuis. Zo blijft je kind een beetje bij.

## Stap 4: weet wie er meekijkt

Mist je kind veel lessen zonder toestemming? Dan moet school dat melden bij de
leerplichtambtenaar. Dat is iemand van de gemeente die erop let dat kinderen naar school
gaan. Bij een thuiszitter zoekt de leerplichtambtenaar vooral mee naar een oplossing.

## Stap 5: zoek steun

- Ga naar de huisarts als je kind ziek, somber of angstig is.
- Vraag het wijkteam van je gemeente om mee te denken.
- Praat met een ouder die dit ook heeft meegemaakt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["thuiszitten-en-verzuim"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "leerplichtambtenaar-wat-doet-die",
            "gesprek-met-school-voorbereiden",
            "wachttijden-en-termijnen",
        ],
        "links": [],
    },
    {
        "slug": "leerplichtambtenaar-wat-doet-die",
        "title": "Wat doet de leerplichtambtenaar?",
        "summary": (
            "De leerplichtambtenaar werkt voor de gemeente en let erop dat kinderen naar school "
            "gaan. Je kunt ook zelf om hulp vragen."
        ),
        "body": """## Wat is leerplicht?

In Nederland moet elk kind naar school. Dat heet leerplicht. Het begint als je kind vijf
jaar is. Tot je kind 16 is, heet het leerplicht. Daarna moet je kind tot 18 jaar blijven
leren, tot het een startdiploma heeft. Dat is bijvoorbeeld een diploma van havo, vwo of mbo
niveau 2.

## Wie is de leerplichtambtenaar?

De leerplichtambtenaar werkt bij de gemeente. Hij of zij let erop dat kinderen naar school
gaan. En helpt als dat niet lukt.

## Wanneer komt de leerplichtambtenaar in beeld?

- Je kind mist veel lessen zonder toestemming. School moet dat melden als het gaat om 16 uur
  in vier weken.
- Je kind staat niet ingeschreven op een school.
- Je vraagt vrijstelling aan. Vrijstelling betekent dat je kind (even) niet naar school
  hoeft, bijvoorbeeld door ziekte. Daar is een verklaring van een arts of andere deskundige
  voor nodig.

## Wat kan de leerplichtambtenaar voor jou doen?

Veel ouders denken dat de leerplichtambtenaar alleen controleert. Maar hij of zij kan ook
helpen. Bijvoorbeeld door school, gemeente en hulpverleners samen aan tafel te krijgen. Of
door te vragen wie de regie neemt. Je mag zelf ook contact opnemen.

## Tips voor het contact

- Vertel open wat er speelt. Neem je logboek mee.
- Vraag wat de volgende stap is, en wanneer.
- Vraag of je de afspraken op papier krijgt.
- Je mag iemand meenemen naar het gesprek. Bijvoorbeeld een buddy: een ouder met ervaring.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["thuiszitten-en-verzuim"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "thuiszitten-de-eerste-week",
            "kind-krijgt-minder-lesuren",
            "schorsing-en-verwijdering",
        ],
        "links": [],
    },
    {
        "slug": "kind-krijgt-minder-lesuren",
        "title": "Mijn kind mag maar een paar uur per dag naar school",
        "summary": (
            "Soms stelt school een aangepast rooster voor. Dat mag alleen voor korte tijd, met een "
            "plan en als jij het ermee eens bent."
        ),
        "body": """## Wat is een aangepast rooster?

Een aangepast rooster betekent: je kind gaat minder uren naar school dan de rest van de
klas. Bijvoorbeeld alleen in de ochtend. School stelt dit soms voor als het in de klas niet
goed gaat.

## Wanneer mag dat?

Een aangepast rooster is een uitzondering. Het mag alleen:

- als het echt nodig is voor je kind, bijvoorbeeld om rustig weer op te bouwen;
- voor een korte periode;
- met een plan om weer naar een volledig rooster te gaan;
- als jij ermee akkoord bent.

Vaak moet school het rooster ook melden bij de onderwijsinspectie. Dat is de organisatie die
toezicht houdt op scholen.

## Waar let je op?

- Vraag om het plan op papier. Staat erin hoe lang het duurt?
- Staat erin wat je kind doet in de uren dat het thuis is?
- Wanneer gaat je kind weer meer uren naar school? Spreek een datum af.
- Wie houdt het plan in de gaten? Vraag om één vast contactpersoon.

## Het duurt te lang

Blijft het aangepaste rooster maar doorgaan, zonder dat er iets verandert? Of voel je je
onder druk gezet om ja te zeggen? Dan mag je om een nieuw gesprek vragen. Je kunt ook de
leerplichtambtenaar of de onderwijsconsulent inschakelen. De onderwijsconsulent is een
onafhankelijke deskundige. Die helpt gratis als je met school vastloopt.

Je kind heeft recht op onderwijs. Minder uren is nooit bedoeld voor altijd.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["thuiszitten-en-verzuim", "passend-onderwijs-en-zorgplicht"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "schorsing-en-verwijdering",
            "leerplichtambtenaar-wat-doet-die",
            "tijdens-en-na-het-gesprek",
        ],
        "links": [],
    },
    {
        "slug": "tlv-aanvragen-speciaal-onderwijs",
        "title": "De toelaatbaarheidsverklaring (TLV) en speciaal onderwijs",
        "summary": (
            "Wil je kind naar het speciaal (basis)onderwijs? Dan is er een TLV nodig. Zo werkt de "
            "aanvraag, en dit doe je als je het niet eens bent."
        ),
        "body": """## Speciaal onderwijs

Sommige kinderen hebben meer nodig dan een gewone school kan geven. Dan past het speciaal
basisonderwijs (sbo) of het speciaal onderwijs (so of vso) misschien beter. Deze scholen
hebben kleinere klassen en meer specialisten.

## Wat is een TLV?

TLV staat voor toelaatbaarheidsverklaring. Het is een besluit dat je kind naar het speciaal
(basis)onderwijs mag. Het samenwerkingsverband geeft de TLV af. Dat is de organisatie waarin
de scholen uit de regio samen passend onderwijs regelen.

## Hoe gaat de aanvraag?

1. Meestal vraagt de huidige school van je kind de TLV aan. Soms doet de nieuwe school dat.
2. School stuurt informatie mee, zoals het OPP en verslagen van onderzoek.
3. Het samenwerkingsverband vraagt advies aan twee deskundigen. Bijvoorbeeld een
   orthopedagoog en een psycholoog.
4. Daarna volgt een besluit. Daarin staat ook hoe lang de TLV geldt.

Vraag aan school of je de aanvraag mag lezen voordat die wordt verstuurd. Jouw kijk op je
kind hoort erbij.

## Ben je het niet eens?

Krijgt je kind geen TLV, terwijl jij vindt dat het nodig is? Dan kun je bezwaar maken bij
het samenwerkingsverband. Doe dit binnen zes weken na het besluit. Een landelijke,
onafhankelijke commissie geeft daarna advies over je bezwaar.

## Vragen die je kunt stellen

- Welke scholen passen bij mijn kind?
- Mag ik eerst gaan kijken op de nieuwe school?
- Hoe lang duurt het voordat er een besluit is?
- Heeft mijn kind recht op vervoer naar de nieuwe school?

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["tlv-en-speciaal-onderwijs"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "samenwerkingsverband-uitgelegd",
            "wat-is-een-opp",
            "leerlingenvervoer-aanvragen",
        ],
        "links": [("Passend onderwijs", "https://www.passendonderwijs.nl")],
    },
    {
        "slug": "gesprek-met-school-voorbereiden",
        "title": "Een gesprek met school voorbereiden: maak een tijdlijn",
        "summary": (
            "Met een goede voorbereiding haal je meer uit een gesprek. Een tijdlijn van je kind "
            "helpt iedereen om het hele verhaal te zien."
        ),
        "body": """## Waarom voorbereiden?

Een gesprek over je kind kan spannend zijn. Soms zitten er veel mensen aan tafel. Je wilt
niets vergeten. Als je je goed voorbereidt, sta je sterker. En het gesprek gaat meer over
wat je kind nodig heeft.

## Wat is een tijdlijn?

Een tijdlijn is een lijst van wat er gebeurd is, op volgorde van datum. Zo ziet iedereen in
één keer het hele verhaal van je kind. Ook nieuwe mensen aan tafel snappen dan snel hoe het
zit.

## Zo maak je een tijdlijn

Pak een vel papier of open een document op je telefoon of computer. Schrijf per regel op:

1. de datum, of de maand als je de dag niet meer weet;
2. wat er gebeurde;
3. wie erbij betrokken was;
4. wat het betekende voor je kind.

Een voorbeeld:

- **september 2024**: start in groep 5. De juf merkt dat lezen moeilijk gaat.
- **januari 2025**: onderzoek naar dyslexie. Uitslag: geen dyslexie, wel veel spanning.
- **maart 2025**: buikpijn in de ochtend. Drie dagen thuis.
- **mei 2025**: eerste gesprek met de intern begeleider.

## Zet ook de goede dingen erin

Schrijf ook op wat goed ging. Wanneer was je kind blij? Welke juf of meester hielp echt? Dat
laat zien wat werkt voor je kind.

## Nog een paar tips

- Kies twee of drie punten die je echt wilt bespreken.
- Bedenk wat je wilt bereiken. Wat moet er na het gesprek anders zijn?
- Vraag wie er bij het gesprek zijn, en hoe lang het duurt.
- Neem iemand mee als je dat fijn vindt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gesprek-met-school"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "gespreksvoorbereiding-checklist",
            "tijdens-en-na-het-gesprek",
            "wat-is-een-mdo",
        ],
        "links": [],
    },
    {
        "slug": "tijdens-en-na-het-gesprek",
        "title": "Tijdens en na het gesprek: maak afspraken en schrijf ze op",
        "summary": (
            "Een goed gesprek eindigt met duidelijke afspraken. Schrijf ze op en stuur ze na. Dan "
            "weet iedereen wat er gaat gebeuren."
        ),
        "body": """## Tijdens het gesprek

- Begin met wat goed gaat. Dat geeft een fijne start.
- Vertel wat jij ziet bij je kind. Houd het kort en concreet.
- Snap je een woord niet? Vraag wat het betekent. Dat is heel normaal.
- Maak aantekeningen. Of vraag degene die met je meegaat om dat te doen.
- Merk je dat je boos of verdrietig wordt? Vraag om een korte pauze.

## Maak duidelijke afspraken

Een afspraak is pas duidelijk als je weet:

1. wat er gaat gebeuren;
2. wie het doet;
3. wanneer het klaar is;
4. wanneer jullie elkaar weer spreken.

Vraag aan het eind: "Wat hebben we nu afgesproken?" Laat iemand de afspraken hardop
samenvatten. Zo merk je meteen of iedereen hetzelfde heeft gehoord.

## Na het gesprek

Stuur binnen een paar dagen een korte mail naar school. Schrijf daarin de afspraken zoals
jij ze hebt begrepen. Vraag of school het ermee eens is. Zo heb je het zwart op wit.

Een voorbeeld:

> Bedankt voor het gesprek van dinsdag. We hebben afgesproken dat de intern begeleider voor
> 1 maart een plan maakt. Op 15 maart praten we weer. Klopt dit?

## Als afspraken niet doorgaan

Gebeurt er niets na de afgesproken datum? Stuur dan een vriendelijke herinnering. Verwijs
naar je eerdere mail. Blijft het stil? Vraag dan om een gesprek met de directeur.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gesprek-met-school"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "gesprek-met-school-voorbereiden",
            "gespreksvoorbereiding-checklist",
            "klacht-over-school",
        ],
        "links": [],
    },
    {
        "slug": "gespreksvoorbereiding-checklist",
        "title": "Gespreksvoorbereiding: een checklist voor ouders",
        "summary": (
            "Een handige lijst om af te vinken voor, tijdens en na een gesprek met school of met "
            "een hulpverlener."
        ),
        "body": """## Hoe gebruik je deze lijst?

Print deze lijst of bewaar hem op je telefoon. Vink af wat je gedaan hebt. Je hoeft niet
alles te doen. Kies wat bij jou en je kind past.

## Een week voor het gesprek

- [ ] Ik weet wie er bij het gesprek zijn en wat hun rol is.
- [ ] Ik weet hoe laat het begint en hoe lang het duurt.
- [ ] Ik heb de stukken opgevraagd, zoals het OPP of een verslag.
- [ ] Ik heb mijn tijdlijn bijgewerkt.
- [ ] Ik heb aan mijn kind gevraagd wat het zelf belangrijk vindt.

## Een dag voor het gesprek

- [ ] Ik heb mijn drie belangrijkste punten opgeschreven.
- [ ] Ik heb mijn eigen ideeën voor oplossingen opgeschreven.
- [ ] Ik weet wat ik na het gesprek bereikt wil hebben.
- [ ] Ik heb iemand gevraagd om mee te gaan, als ik dat wil.

## Tijdens het gesprek

- [ ] Ik heb mijn punten genoemd.
- [ ] Ik heb gevraagd wat ik niet begreep.
- [ ] We hebben afgesproken wie wat doet, en wanneer.
- [ ] We hebben een datum voor het volgende gesprek.

## Na het gesprek

- [ ] Ik heb de afspraken in een mail naar school gestuurd.
- [ ] De datum van het volgende gesprek staat in mijn agenda.
- [ ] Ik heb mijn tijdlijn aangevuld.
- [ ] Ik heb iets leuks gedaan voor mezelf. Ook dat hoort erbij.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gesprek-met-school"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "gesprek-met-school-voorbereiden",
            "tijdens-en-na-het-gesprek",
            "wat-is-een-mdo",
        ],
        "links": [],
    },
    {
        "slug": "jeugdhulp-via-het-wijkteam",
        "title": "Hulp voor je kind of gezin via het wijkteam",
        "summary": (
            "Heeft je kind of gezin hulp nodig naast school? Het wijkteam van je gemeente denkt "
            "mee en kan jeugdhulp regelen."
        ),
        "body": """## Wat is jeugdhulp?

Jeugdhulp is hulp voor kinderen en jongeren tot 18 jaar, en voor hun ouders. Bijvoorbeeld
bij opvoeden, bij gedrag, bij angst of somberheid. Of als je kind een beperking heeft. De
gemeente regelt en betaalt de jeugdhulp.

## Wat is het wijkteam?

Het wijkteam is een groep hulpverleners van de gemeente. Ze werken dicht bij huis. Je kunt
er terecht met vragen over opgroeien en opvoeden. In sommige gemeenten heet het anders,
bijvoorbeeld sociaal team of jeugdteam.

## Hoe gaat het?

1. Je neemt contact op met het wijkteam. Daar heb je geen verwijzing voor nodig.
2. Iemand van het wijkteam maakt een afspraak met je, vaak bij jou thuis.
3. Jullie bespreken wat er speelt en wat je nodig hebt.
4. Soms helpt het wijkteam zelf. Soms regelt het andere jeugdhulp.
5. Voor sommige hulp krijg je een besluit van de gemeente. Dat heet een beschikking.

Je kunt ook via de huisarts, de jeugdarts of een medisch specialist naar jeugdhulp.

## School en wijkteam samen

Gaat het om school én thuis? Vraag dan of school en wijkteam samen met jou om tafel gaan.
Jij beslist welke informatie ze met elkaar mogen delen. Zo hoef je je verhaal niet steeds
opnieuw te vertellen.

## Ben je het niet eens?

Ben je het niet eens met een besluit van de gemeente? Dan kun je binnen zes weken bezwaar
maken. Je kunt ook gratis hulp vragen van een onafhankelijke cliëntondersteuner. Dat is
iemand die naast jou staat en niet voor de hulpverlening werkt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["jeugdhulp-en-wijkteam"],
        "audience": "parents",
        "visibility": "public",
        "related": ["wachttijden-en-termijnen", "wat-is-een-mdo", "goed-voor-jezelf-zorgen"],
        "links": [],
    },
    {
        "slug": "klacht-over-school",
        "title": "Een klacht over school: welke stappen zet je?",
        "summary": (
            "Ben je ontevreden over school? Begin bij school zelf. Lukt het samen niet, dan kun je "
            "naar de klachtencommissie."
        ),
        "body": """## Eerst praten met school

Ben je het niet eens met hoe school met je kind omgaat? Begin dan bij de persoon om wie het
gaat. Dat is vaak de leerkracht of de mentor. Kom je er samen niet uit? Ga dan naar de
intern begeleider of de directeur.

Schrijf na elk gesprek de afspraken op. Stuur ze naar school. Dan weet iedereen wat er is
gezegd.

## De klachtenregeling

Elke school heeft een klachtenregeling. Daarin staat hoe je een klacht indient. Je vindt de
regeling in de schoolgids of op de website van de school. Vaak is er ook een
vertrouwenspersoon. Die luistert naar je en legt uit welke stappen je kunt zetten.

## De klachtencommissie

Kom je er met school en het schoolbestuur niet uit? Dan kun je een klacht indienen bij de
klachtencommissie. Elke school is bij zo'n commissie aangesloten. De commissie is
onafhankelijk. Ze hoort jou en de school. Daarna geeft ze een oordeel en een advies aan het
schoolbestuur.

Een klacht is een serieuze stap. Het kan de relatie met school onder druk zetten. Denk
daarom goed na over wat je wilt bereiken.

## Gratis hulp van de onderwijsconsulent

Gaat het om een kind dat extra steun nodig heeft? Of om een kind dat thuiszit? Dan kun je
ook de onderwijsconsulent vragen. Die is onafhankelijk en gratis. De onderwijsconsulent
helpt jou en school om samen een oplossing te vinden.

## Zo schrijf je een klacht

- Schrijf kort wat er gebeurd is, met data.
- Schrijf wat je al geprobeerd hebt.
- Schrijf wat je wilt dat er verandert.
- Bewaar een kopie van alles wat je stuurt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["klachten-en-bezwaar"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "wat-doet-een-onderwijsconsulent",
            "tijdens-en-na-het-gesprek",
            "wat-doet-het-oudersteunpunt",
        ],
        "links": [("Onderwijsconsulenten", "https://www.onderwijsconsulenten.nl")],
    },
    {
        "slug": "wat-doet-een-onderwijsconsulent",
        "title": "Wat doet een onderwijsconsulent?",
        "summary": (
            "De onderwijsconsulent helpt gratis en onafhankelijk als je met school vastloopt over "
            "de extra steun voor je kind."
        ),
        "body": """## Een onafhankelijke helper

Een onderwijsconsulent is een deskundige die ouders en scholen helpt. Hij of zij werkt niet
voor de school en niet voor de gemeente. De overheid betaalt de onderwijsconsulenten. Voor
jou is de hulp gratis.

## Wanneer vraag je een onderwijsconsulent?

- Je kind zit thuis, of dreigt thuis te komen zitten.
- Je kind wordt niet toegelaten op een school.
- School wil je kind van school sturen.
- Je bent het met school niet eens over de extra steun of over het OPP.
- Er is onenigheid over de TLV.

## Wat doet de onderwijsconsulent?

De onderwijsconsulent luistert eerst naar jou. Daarna bekijkt hij of zij de stukken. Vaak
volgt een gesprek met jou en school samen. De consulent zoekt naar een oplossing waarmee je
kind verder kan. De consulent neemt zelf geen besluiten. Jij en school blijven
verantwoordelijk.

## Hoe vraag je hulp?

Je meldt je aan via de website van de onderwijsconsulenten. Ook school kan je kind
aanmelden, maar alleen met jouw toestemming. Zorg dat je de belangrijkste stukken bij de
hand hebt. Denk aan je tijdlijn, het OPP en mails met school.

## Samen met het oudersteunpunt

Het oudersteunpunt helpt je om je vraag helder te krijgen. Samen kijken we of de
onderwijsconsulent nu de goede stap is. Soms helpt eerst een gesprek met een ouder die
hetzelfde heeft meegemaakt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": [
            "klachten-en-bezwaar",
            "passend-onderwijs-en-zorgplicht",
            "thuiszitten-en-verzuim",
        ],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "klacht-over-school",
            "thuiszitten-de-eerste-week",
            "schorsing-en-verwijdering",
        ],
        "links": [("Onderwijsconsulenten", "https://www.onderwijsconsulenten.nl")],
    },
    {
        "slug": "leerlingenvervoer-aanvragen",
        "title": "Leerlingenvervoer aanvragen bij de gemeente",
        "summary": (
            "Kan je kind niet zelf naar school? Misschien heeft het recht op leerlingenvervoer. "
            "Vraag het op tijd aan bij je gemeente."
        ),
        "body": """## Wat is leerlingenvervoer?

Leerlingenvervoer is vervoer naar school dat de gemeente regelt of betaalt. Bijvoorbeeld een
taxibusje, een vergoeding voor bus of trein, of geld als je zelf rijdt. Het is voor kinderen
die ver van een passende school wonen. Of voor kinderen die door een beperking niet zelf
kunnen reizen.

## Wie kan het krijgen?

Elke gemeente heeft eigen regels. Die staan in een verordening. Dat is een lijst met regels
van de gemeente. Vaak gaat het om:

- kinderen in het speciaal (basis)onderwijs;
- kinderen die ver van de dichtstbijzijnde passende school wonen;
- kinderen die door een beperking niet zelfstandig kunnen reizen.

## Wanneer vraag je het aan?

Vraag het zo vroeg mogelijk aan. Het liefst een paar maanden voor het nieuwe schooljaar.
Veel gemeenten hebben een uiterste datum in het voorjaar. Vraag je het later aan? Dan is het
vervoer misschien nog niet geregeld als school begint.

Let op: vaak moet je het elk schooljaar opnieuw aanvragen.

## Hoe vraag je het aan?

1. Kijk op de website van je gemeente. Zoek op "leerlingenvervoer".
2. Vul het formulier in. Voeg stukken toe, zoals de TLV of een verklaring van een arts.
3. Je krijgt een besluit van de gemeente.

## Ben je het niet eens?

Klopt het besluit volgens jou niet? Dan kun je binnen zes weken bezwaar maken bij de
gemeente. Leg uit waarom je kind het vervoer nodig heeft. Het helpt als school of een arts
dat ook opschrijft.

## Tips voor een goede rit

- Vertel de vervoerder wat je kind nodig heeft. Bijvoorbeeld een vaste plek of een vaste
  chauffeur.
- Gaat er iets mis? Meld het bij de vervoerder én bij de gemeente.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["leerlingenvervoer"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "tlv-aanvragen-speciaal-onderwijs",
            "wachttijden-en-termijnen",
            "overstap-naar-het-voortgezet-onderwijs",
        ],
        "links": [],
    },
    {
        "slug": "overstap-naar-het-voortgezet-onderwijs",
        "title": "Van de basisschool naar het voortgezet onderwijs",
        "summary": (
            "De overstap naar de middelbare school is een grote stap. Lees over het schooladvies "
            "en over hoe je extra steun regelt."
        ),
        "body": """## Het schooladvies

In groep 8 krijgt je kind een schooladvies. Dat is het advies van de basisschool over het
niveau dat past. Bijvoorbeeld vmbo, havo of vwo. School kijkt daarbij naar de hele
ontwikkeling van je kind. Dus niet alleen naar cijfers, maar ook naar hoe je kind werkt en
zich voelt.

Je kind maakt ook de doorstroomtoets. Is de uitslag hoger dan het advies? Dan moet school
het advies opnieuw bekijken. School kan het advies dan verhogen.

## Praat op tijd mee

Het schooladvies komt niet uit de lucht vallen. Praat in groep 7 al met de leerkracht over
wat school verwacht. Vraag waar het advies op gebaseerd is. Ben je het er niet mee eens? Zeg
dat op tijd en vraag om uitleg.

## Een school kiezen

- Ga naar open dagen en meeloopdagen.
- Vraag op de open dag hoe de school kinderen helpt die extra steun nodig hebben.
- Lees het schoolondersteuningsprofiel. Daarin staat welke hulp de school kan geven.

## Extra steun regelen

Heeft je kind extra steun nodig? Vertel dat bij het aanmelden, en doe het schriftelijk. De
nieuwe school moet dan onderzoeken wat je kind nodig heeft. Daar heeft de school zes weken
voor. Soms komen er vier weken bij. Kan deze school je kind niet goed helpen? Dan moet de
school een andere passende school aanbieden.

## Een warme overdracht

Vraag of de basisschool en de nieuwe school samen over je kind praten. Dat heet een warme
overdracht. Jij mag daarbij zijn. Heeft je kind een OPP? Vraag dan wat daarmee gebeurt op de
nieuwe school.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["overstap-naar-vo"],
        "audience": "parents",
        "visibility": "public",
        "related": ["zorgplicht-van-school", "wat-is-een-opp", "hoogbegaafdheid-meer-uitdaging"],
        "links": [],
    },
    {
        "slug": "kind-niet-blij-op-school",
        "title": "Mijn kind is niet blij op school",
        "summary": (
            "Heeft je kind buikpijn voor school, is het stil of juist boos? Zo ga je samen met "
            "school op zoek naar wat er speelt."
        ),
        "body": """## Signalen die je kunt zien

Kinderen vertellen niet altijd wat er is. Soms merk je het aan hun gedrag. Bijvoorbeeld:

- je kind heeft vaak buikpijn of hoofdpijn voor school;
- je kind slaapt slecht of eet minder;
- je kind is stil, of juist snel boos;
- je kind wil niet meer over school praten.

## Praat met je kind

Kies een rustig moment, bijvoorbeeld in de auto of tijdens een wandeling. Vraag niet alleen:
"Hoe was het?" Vraag liever: "Wat was vandaag het leukste moment? En wat was minder leuk?"
Luister, zonder meteen een oplossing te geven.

## Praat met school

Vertel de leerkracht of mentor wat je thuis ziet. Vraag wat school in de klas ziet. Vaak
ziet school iets anders dan jij. Samen krijg je een beter beeld.

## Als je kind gepest wordt

Elke school moet zorgen dat kinderen zich veilig voelen. Op elke school is er iemand bij wie
je terecht kunt over pesten. Er is ook een coördinator die de aanpak van pesten regelt.
Vraag wie dat is. Vraag ook wat school gaat doen, en wanneer jullie weer praten.

## Als het gedrag op school lastig is

Soms maakt school zich zorgen over het gedrag van je kind. Dat is moeilijk om te horen.
Gedrag is vaak een signaal. Je kind laat zien dat iets niet lukt, of dat het iets nodig
heeft. Zoek samen uit wat je kind probeert te vertellen. En wat wél helpt.

## Hulp van buiten school

Blijft het niet goed gaan? Praat dan met de huisarts of het wijkteam. Zij kunnen meedenken
of hulp regelen.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gedrag-en-welbevinden"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "gesprek-met-school-voorbereiden",
            "jeugdhulp-via-het-wijkteam",
            "andere-ouders-ontmoeten-buddy",
        ],
        "links": [],
    },
    {
        "slug": "hoogbegaafdheid-meer-uitdaging",
        "title": "Hoogbegaafd of slim: mijn kind heeft meer uitdaging nodig",
        "summary": (
            "Verveelt je kind zich op school? Ook slimme kinderen hebben recht op onderwijs dat "
            "past. Zo bespreek je het met school."
        ),
        "body": """## Wat is hoogbegaafdheid?

Een kind dat hoogbegaafd is, denkt en leert vaak heel snel. Het is nieuwsgierig en stelt
veel vragen. Maar hoogbegaafd is meer dan slim zijn. Deze kinderen voelen dingen vaak ook
heel sterk.

## Als het niet goed gaat

Niet elk hoogbegaafd kind haalt hoge cijfers. Sommige kinderen vervelen zich in de klas. Ze
gaan dromen, worden druk of passen zich juist aan. Ze leren dan niet hoe je moet leren. Dat
geeft later vaak problemen. Sommige kinderen worden er ongelukkig van.

## Wat kan school doen?

Ook voor deze kinderen geldt passend onderwijs. School kan bijvoorbeeld:

- de lesstof korter maken, zodat je kind minder hoeft te herhalen;
- moeilijkere opdrachten geven;
- je kind een groep laten overslaan, als dat past;
- een plusklas aanbieden. Dat is een groepje kinderen dat samen aan extra uitdagende
  opdrachten werkt.

## Zo bespreek je het

- Vertel wat je thuis ziet. Waar is je kind mee bezig in zijn vrije tijd?
- Vraag wat school in de klas ziet.
- Vraag of school kan onderzoeken wat je kind al kan en nodig heeft.
- Spreek samen doelen af. Niet alleen over cijfers, maar ook over plezier en leren leren.

## Jouw kind heeft ook ideeën

Vraag je kind wat het leuk vindt en wat het graag wil leren. Kinderen hebben vaak zelf goede
ideeën over wat helpt. Neem die mee naar het gesprek.

## Andere ouders

Het kan fijn zijn om te praten met ouders van een kind dat ook hoogbegaafd is. Zij herkennen
je vragen en hebben vaak goede tips.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["hoogbegaafdheid", "passend-onderwijs-en-zorgplicht"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "gesprek-met-school-voorbereiden",
            "kind-niet-blij-op-school",
            "overstap-naar-het-voortgezet-onderwijs",
        ],
        "links": [],
    },
    {
        "slug": "andere-ouders-ontmoeten-buddy",
        "title": "Andere ouders ontmoeten en een buddy vragen",
        "summary": (
            "Praten met ouders die hetzelfde meemaken geeft steun. Kom naar een ontmoeting of "
            "vraag een ervaren ouder als buddy."
        ),
        "body": """## Je bent niet de enige

Loopt je kind vast op school? Dan voel je je soms alleen. Mensen om je heen snappen niet
altijd wat je meemaakt. Ouders die hetzelfde hebben meegemaakt, snappen het wel. Dat geeft
steun, en vaak ook nieuwe tips.

## Ontmoetingen

Het oudersteunpunt organiseert ontmoetingen voor ouders. Ze zijn op verschillende plekken in
de regio. Soms is er een thema, zoals thuiszitten of de overstap naar de middelbare school.
Soms is het gewoon koffie en praten. Je hoeft niets te vertellen als je dat niet wilt.
Aanmelden kan via de website.

## Wat is een buddy?

Een buddy is een ervaringsdeskundige ouder. Dat is een ouder met een kind dat zelf ook extra
steun nodig had. Een buddy heeft geleerd om die ervaring te gebruiken om anderen te helpen.
Hij of zij luistert, denkt mee en gaat soms mee naar een gesprek.

Een buddy is geen hulpverlener en geen advocaat. Een buddy staat naast je, als ouder.

## Hoe vraag je een buddy?

1. Vraag een buddy aan via de website van het oudersteunpunt.
2. Een coördinator van het oudersteunpunt zoekt een buddy die bij jou past.
3. De buddy krijgt de vraag en zegt binnen een paar dagen ja of nee.
4. Zegt de buddy ja? Dan krijgen jullie elkaars contactgegevens en maken jullie een
   afspraak.

Je gegevens gaan alleen naar de buddy die aan jou gekoppeld is.

## Zelf buddy worden?

Heb jij zelf veel meegemaakt en wil je andere ouders helpen? Laat het ons weten. We
vertellen je graag wat het buddy-zijn inhoudt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["andere-ouders-ontmoeten"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "goed-voor-jezelf-zorgen",
            "wat-doet-het-oudersteunpunt",
            "thuiszitten-de-eerste-week",
        ],
        "links": [],
    },
    {
        "slug": "wat-doet-het-oudersteunpunt",
        "title": "Wat doet het oudersteunpunt, en wat niet?",
        "summary": (
            "Het oudersteunpunt is er voor ouders met vragen over onderwijs en extra steun. Hier "
            "lees je wat we doen, en waar we niet over gaan."
        ),
        "body": """## Voor wie zijn we er?

Het oudersteunpunt is er voor ouders en verzorgers in de regio Noord-Kennemerland. Heeft je
kind extra steun nodig op school? Of loopt het vast? Dan kun je bij ons terecht. Je hoeft
geen account te maken om een vraag te stellen.

## Wat doen we wel?

- We luisteren naar je verhaal en denken met je mee.
- We leggen in gewone taal uit hoe regels en stappen werken.
- We helpen je om een gesprek met school voor te bereiden.
- We gaan mee naar een gesprek als je dat wilt.
- We nemen contact op met school of wijkteam. Maar alleen als jij daar toestemming voor
  geeft.
- We koppelen je aan een buddy: een ouder met ervaring.
- We vertellen gemeenten en het samenwerkingsverband wat ouders meemaken, zonder namen. Zo
  kan beleid beter worden.

## Wat doen we niet?

- We nemen geen besluiten over je kind. Dat doen jij, school en andere instanties.
- We zijn geen advocaat en geen rechter.
- We geven zelf geen jeugdhulp of therapie. Wel helpen we je de juiste hulp te vinden.

## Wat kun je verwachten?

Stel je een vraag? Dan krijg je binnen een paar werkdagen een reactie. Een coördinator is je
vaste aanspreekpunt. In je eigen overzicht zie je wat er met je vraag gebeurt en wanneer.
Jij bepaalt wie we mogen benaderen. Je kunt je toestemming altijd weer intrekken.

## Aan jouw kant

We zijn er voor jou als ouder. Tegelijk willen we dat de samenwerking met school goed
blijft. Want daar heeft je kind het meeste aan.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gesprek-met-school", "klachten-en-bezwaar", "andere-ouders-ontmoeten"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "andere-ouders-ontmoeten-buddy",
            "klacht-over-school",
            "dossier-van-je-kind-inzien",
        ],
        "links": [],
    },
    {
        "slug": "dossier-van-je-kind-inzien",
        "title": "Je rechten: het dossier van je kind inzien",
        "summary": (
            "School en hulpverleners bewaren gegevens over je kind. Je mag die gegevens inzien en "
            "laten verbeteren als ze niet kloppen."
        ),
        "body": """## Wat is een dossier?

School houdt gegevens bij over je kind. Dat heet het leerlingdossier. Daarin staan
bijvoorbeeld cijfers, verslagen van gesprekken, het OPP en onderzoeken. Ook het wijkteam en
jeugdhulp houden een dossier bij.

## Wat zijn je rechten?

Volgens de privacywet (de AVG) mag je:

- vragen welke gegevens er over je kind zijn;
- een kopie van die gegevens krijgen;
- vragen om fouten te verbeteren;
- vragen om gegevens weg te halen die er niet (meer) in horen.

Is je kind 16 jaar of ouder? Dan beslist je kind hier in de regel zelf over.

## Hoe vraag je het aan?

1. Stuur een mail of brief naar de directeur van school.
2. Schrijf dat je het dossier van je kind wilt inzien. Noem de naam en de groep of klas van
   je kind.
3. School moet binnen een maand reageren. Soms mag het langer duren, maar dan hoor je dat.

Inzien kost je niets.

## Waarom is het handig?

- Je ziet wat er over je kind is opgeschreven.
- Je kunt fouten laten verbeteren voordat het dossier naar een nieuwe school gaat.
- Het helpt bij een aanvraag, bijvoorbeeld voor een TLV of leerlingenvervoer.
- Het helpt je om je tijdlijn compleet te maken.

## Klopt er iets niet?

Staat er iets in dat niet klopt? Vraag dan om een verbetering. Gaat het om een mening van
school waar jij het niet mee eens bent? Vraag dan of jouw reactie ook in het dossier komt.

## Tip

Vraag altijd om een kopie van verslagen en van het OPP. Bewaar alles op één plek, op papier
of digitaal.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gesprek-met-school", "klachten-en-bezwaar"],
        "audience": "parents",
        "visibility": "public",
        "related": ["wat-is-een-opp", "tlv-aanvragen-speciaal-onderwijs", "klacht-over-school"],
        "links": [("Rijksoverheid", "https://www.rijksoverheid.nl")],
    },
    {
        "slug": "samenwerkingsverband-uitgelegd",
        "title": "Wat is een samenwerkingsverband?",
        "summary": (
            "Alle scholen in een regio werken samen in een samenwerkingsverband. Dat regelt "
            "passend onderwijs en beslist over de TLV."
        ),
        "body": """## Scholen werken samen

Alle scholen in een regio werken samen in een samenwerkingsverband. Er is een
samenwerkingsverband voor het basisonderwijs en een voor het voortgezet onderwijs. Samen
zorgen de scholen dat elk kind een passende plek krijgt.

## Wat doet een samenwerkingsverband?

- Het krijgt geld van de overheid voor extra steun, en verdeelt dat.
- Het spreekt af welke steun elke school minstens moet bieden. Dat heet de
  basisondersteuning.
- Het beslist over de TLV, de toelaatbaarheidsverklaring voor het speciaal (basis)onderwijs.
- Het heeft vaak deskundigen die scholen helpen, zoals orthopedagogen.
- Vaak is er een loket waar ouders met vragen terechtkunnen.

## Het ondersteuningsplan

Het samenwerkingsverband schrijft een ondersteuningsplan. Daarin staat hoe de extra steun in
de regio geregeld is. Je vindt het plan op de website van het samenwerkingsverband.

## Ouders praten mee

Elk samenwerkingsverband heeft een ondersteuningsplanraad. Dat is een raad met ouders,
leraren en in het voortgezet onderwijs ook leerlingen. De raad praat mee over het
ondersteuningsplan. Misschien is dat iets voor jou?

## Welk samenwerkingsverband hoort bij jou?

Dat hangt af van waar de school van je kind staat. Niet van waar je woont. Vraag het aan
school, of kijk op de landelijke website over passend onderwijs.

## Wanneer neem je contact op?

Kom je er met school niet uit over de extra steun? Dan kun je het samenwerkingsverband om
advies vragen. Of om hulp bij het zoeken naar een passende school.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["passend-onderwijs-en-zorgplicht", "tlv-en-speciaal-onderwijs"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "zorgplicht-van-school",
            "tlv-aanvragen-speciaal-onderwijs",
            "wat-doet-een-onderwijsconsulent",
        ],
        "links": [("Passend onderwijs", "https://www.passendonderwijs.nl")],
    },
    {
        "slug": "wat-is-een-mdo",
        "title": "Wat is een MDO (multidisciplinair overleg)?",
        "summary": (
            "In een MDO praten jij en verschillende deskundigen samen over je kind. Zo weet je wat "
            "je kunt verwachten en hoe je je voorbereidt."
        ),
        "body": """## Wat betekent MDO?

MDO staat voor multidisciplinair overleg. Dat is een moeilijk woord voor een gesprek met
mensen uit verschillende vakken. Bijvoorbeeld de leerkracht, de intern begeleider, iemand
van het wijkteam, de jeugdarts of een orthopedagoog. En natuurlijk jij, als ouder. Soms
praat je kind ook mee.

## Waarom een MDO?

Een MDO is handig als je kind op meer plekken hulp nodig heeft. Of als school vastloopt.
Iedereen vertelt wat hij of zij ziet. Samen zoek je uit wat je kind nodig heeft, en wie wat
gaat doen.

## Jij hoort erbij

Een MDO over je kind gaat niet zonder jou. Jij kent je kind het best. Jij beslist ook mee
over de afspraken. School nodigt niemand uit zonder dat jij het weet en goed vindt. Vraag
van tevoren wie er komen en waarom.

## Zo bereid je je voor

- Vraag wie de gespreksleider is. Dat is de persoon die het gesprek leidt.
- Vraag wat het doel van het MDO is.
- Neem je tijdlijn mee. Die helpt de anderen om snel het verhaal te zien.
- Bedenk wat jij wilt vragen, en wat jij wilt voorstellen.
- Neem iemand mee als je dat wilt, bijvoorbeeld een buddy.

## Na het MDO

Aan het eind moet duidelijk zijn wie wat doet, en wanneer. Vraag om een verslag. Lees het
goed. Staat er iets in wat niet klopt? Laat het dan weten. Vraag ook wanneer het volgende
overleg is.

## Niet altijd nodig

Soms is een gesprek met alleen school genoeg. Meer mensen aan tafel is niet altijd beter.
Jij mag zeggen wat jij fijn vindt.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["gesprek-met-school", "jeugdhulp-en-wijkteam"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "gesprek-met-school-voorbereiden",
            "gespreksvoorbereiding-checklist",
            "jeugdhulp-via-het-wijkteam",
        ],
        "links": [],
    },
    {
        "slug": "goed-voor-jezelf-zorgen",
        "title": "Zorg ook goed voor jezelf",
        "summary": (
            "Als je kind vastloopt, kost dat jou veel energie. Zo houd je het vol, en zo vraag je "
            "hulp voor jezelf."
        ),
        "body": """## Het is zwaar

Veel ouders herkennen het. Je belt, je mailt en je zit in gesprekken. Je kind heeft het
moeilijk, en jij ook. Soms werk je minder of zie je vrienden minder vaak. Het is normaal dat
je moe wordt. Het betekent niet dat je het slecht doet.

## Kleine dingen die helpen

- Plan elke dag een kort moment voor jezelf. Een wandeling, muziek of een kop thee.
- Verdeel de taken. Wie kan een gesprek of een mail van je overnemen?
- Zeg ook eens nee tegen een afspraak die niet nodig is.
- Schrijf je zorgen op. Dan hoef je ze niet allemaal in je hoofd te houden.
- Probeer genoeg te slapen. Alles lijkt groter als je moe bent.

## Praat erover

Praat met iemand die je vertrouwt. Een partner, een vriend of een familielid. Of met een
ouder die hetzelfde meemaakt. Bij het oudersteunpunt kun je een buddy vragen: een ouder met
ervaring.

## Hulp voor jezelf

Ook jij mag hulp vragen.

- Het wijkteam denkt mee over opvoeden en over de druk thuis.
- De huisarts kan helpen als je slecht slaapt of somber bent.
- Zorg je veel voor je kind? Dan ben je misschien mantelzorger. Je gemeente heeft vaak steun
  voor mantelzorgers.

## Als het thuis niet meer veilig voelt

Loopt de spanning thuis zo hoog op dat je bang bent voor wat er gebeurt? Zoek dan meteen
hulp. Bij het landelijke advies- en meldpunt voor huiselijk geweld en kindermishandeling kun
je advies vragen, ook zonder je naam te noemen. Is er direct gevaar? Bel dan het
alarmnummer.

## Jij bent belangrijk

Je kind heeft jou nodig, ook op de lange termijn. Goed voor jezelf zorgen is dus ook goed
zorgen voor je kind.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": ["andere-ouders-ontmoeten", "jeugdhulp-en-wijkteam"],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "andere-ouders-ontmoeten-buddy",
            "jeugdhulp-via-het-wijkteam",
            "wachttijden-en-termijnen",
        ],
        "links": [("Advies bij zorgen over veiligheid thuis", "https://www.veiligthuis.nl")],
    },
    {
        "slug": "wachttijden-en-termijnen",
        "title": "Termijnen en wachtlijsten: hoe lang duurt het?",
        "summary": (
            "Veel stappen hebben een vaste termijn. Hier vind je de belangrijkste op een rij, en "
            "tips voor als je moet wachten op hulp."
        ),
        "body": """## Termijnen die je moet kennen

Een termijn is de tijd die iemand heeft om iets te doen. Dit zijn een paar belangrijke:

- Aanmelden op een nieuwe school: de school heeft zes weken om te beslissen. Soms komen daar
  vier weken bij.
- Bezwaar maken: tegen een besluit van de gemeente of het samenwerkingsverband maak je
  binnen zes weken bezwaar.
- Dossier inzien: school moet binnen een maand reageren op je verzoek.
- OPP: school bespreekt het plan minstens één keer per jaar met jou.
- Leerlingenvervoer: vraag het een paar maanden voor het nieuwe schooljaar aan. Let op de
  datum van je gemeente.

## Schrijf data op

Zet elke termijn in je agenda. Noteer wanneer je iets hebt aangevraagd of gestuurd. Bewaar
de mail of een kopie van de brief. Zo kun je laten zien wanneer de tijd voorbij is.

## Termijn voorbij?

Hoor je niets binnen de termijn? Stuur dan een korte, vriendelijke mail. Vraag wanneer je
antwoord krijgt. Blijft het daarna stil? Neem dan contact op met het oudersteunpunt.

## Wachten op hulp

Soms is er een wachtlijst voor jeugdhulp of voor een onderzoek. Dat is zwaar, zeker als je
kind thuiszit. Wat kun je doen?

- Vraag hoe lang de wachttijd ongeveer is.
- Vraag of er hulp is voor de tijd dat je wacht. Dat heet overbruggingshulp.
- Vraag het wijkteam of er een andere aanbieder is met een kortere wachttijd.
- Vraag school wat ze nu al kunnen doen, zonder op het onderzoek te wachten.
- Laat het weten als het thuis slechter gaat. Soms kan de hulp dan eerder beginnen.

## Wachten is geen stilstand

School blijft verantwoordelijk voor het onderwijs van je kind. Ook als er een wachtlijst is.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": [
            "passend-onderwijs-en-zorgplicht",
            "jeugdhulp-en-wijkteam",
            "klachten-en-bezwaar",
        ],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "thuiszitten-de-eerste-week",
            "jeugdhulp-via-het-wijkteam",
            "leerlingenvervoer-aanvragen",
        ],
        "links": [],
    },
    {
        "slug": "schorsing-en-verwijdering",
        "title": "Als school zegt: we kunnen het niet meer aan",
        "summary": (
            "Wat betekenen schorsing en verwijdering? En wat zijn je rechten als school zegt dat "
            "het niet meer lukt met je kind?"
        ),
        "body": """## Als school vastloopt

Soms zegt school dat het niet meer lukt met je kind. Bijvoorbeeld door gedrag. Of omdat je
kind meer nodig heeft dan school kan geven. Dat is heftig om te horen. Maar er zijn regels.
School mag je kind niet zomaar naar huis sturen.

## Wat is schorsing?

Schorsing betekent: je kind mag een korte tijd niet naar school. Dat mag alleen als er iets
ernstigs is gebeurd. En hoogstens een week.

- School moet je de schorsing schriftelijk laten weten, met de reden.
- School moet met jou in gesprek gaan.
- Je kind krijgt schoolwerk mee voor thuis.
- Duurt de schorsing langer dan een dag? Dan moet school het melden bij de
  onderwijsinspectie.

## Wat is verwijdering?

Verwijdering betekent: je kind moet van school af. Dat is de zwaarste maatregel. Daarom
gelden er strenge regels:

- School moet jou eerst horen. Jij mag jouw kant van het verhaal vertellen.
- School moet eerst zoeken naar een andere school die je kind wil toelaten. Dat zoeken duurt
  minstens acht weken.
- De leerplichtambtenaar en de onderwijsinspectie worden ingelicht.
- Je kunt bezwaar maken bij het schoolbestuur. Doe dat binnen zes weken.

## Wat kun je doen?

- Vraag alles op papier: de reden, de afspraken en de volgende stap.
- Vraag om een gesprek over wat je kind nodig heeft. Zoek samen naar een andere oplossing.
- Schakel de onderwijsconsulent in. Die helpt gratis en onafhankelijk.
- Je kind blijft ingeschreven tot er een nieuwe school is. Teken niets waar je niet achter
  staat.

Kom je er niet uit? Stel je vraag aan het oudersteunpunt.""",
        "themes": [
            "passend-onderwijs-en-zorgplicht",
            "klachten-en-bezwaar",
            "gedrag-en-welbevinden",
        ],
        "audience": "parents",
        "visibility": "public",
        "related": [
            "wat-doet-een-onderwijsconsulent",
            "kind-krijgt-minder-lesuren",
            "klacht-over-school",
        ],
        "links": [("Onderwijsconsulenten", "https://www.onderwijsconsulenten.nl")],
    },
    {
        "slug": "ouders-als-partners-tien-onderwerpen",
        "title": "Samenwerken met ouders als partner: tien gespreksonderwerpen",
        "summary": (
            "Tien onderwerpen om met ouders te bespreken hoe jullie samen optrekken voor het kind. "
            "Bruikbaar in een oudergesprek en in je team."
        ),
        "body": """## Waarom dit gesprek?

Een overleg gaat meestal over de inhoud: wat heeft dit kind nodig? Minstens zo belangrijk is
de vraag hoe je samenwerkt. Ouders zijn afhankelijk van wat jij als professional doet of
laat. Daarom ligt de eerste stap naar een gelijkwaardige relatie bij jou.

Hieronder staan tien onderwerpen. Kies er samen met de ouder een of twee uit. Bespreek wat
al goed gaat, wat beter kan en wie daarvoor wat doet.

## De tien onderwerpen

1. **Begin bij het kind.** Geen kind is hetzelfde. Bekijk het kind én zijn hele leefwereld
   voordat je bepaalt wat nodig en haalbaar is.
2. **Kijk met een open, positieve blik.** Ga ervan uit dat ouders het beste willen voor hun
   kind. Let op je toon, ook wanneer ouders niet in de kamer zijn.
3. **Durf betrokken te zijn.** Afstand is niet vanzelf professioneel. Laat merken dat het
   verhaal je raakt. Emoties mogen er zijn.
4. **Erken wat ouders weten.** Ouders blijven, professionals komen en gaan. Leg je vakkennis
   naast hun ervaring en respecteer hun rol als opvoeder.
5. **Bouw aan vertrouwen.** Ouders vertellen pas echt wat er speelt als ze zich veilig
   voelen. Blijf in contact, juist als het schuurt. Wees voorzichtig met stellige adviezen;
   de perfecte oplossing bestaat zelden.
6. **Laat kinderen meepraten.** Vraag wat het kind zelf wil en kan. Stem je uitleg af op de
   leeftijd en laat zien welke keuzes er zijn.
7. **Steun ouders.** Help ouders kiezen door helder te maken wat er speelt en welke opties
   er zijn. Wijs op onafhankelijke steun, zoals een ervaringsdeskundige ouder of het
   oudersteunpunt.
8. **Denk in mogelijkheden.** Sluit een oplossing niet te vroeg uit. Zoek de ruimte in
   regels en werkwijzen als het kind daarmee geholpen is.
9. **Werk samen aan resultaat.** Goed samenwerken geeft ouders minder stress. Het levert ook
   oplossingen op die beter passen en langer standhouden.
10. **Maak heldere afspraken.** Leg een gezamenlijk doel vast en benoem waar je het (nog)
    niet over eens bent. Spreek ook af hoe je samenwerkt en kijk daar regelmatig op terug.
    Weet je iets niet? Zeg dat eerlijk en zoek het samen uit.

## Zo gebruik je het in je team

- Bespreek elke maand één onderwerp in het teamoverleg.
- Nodig een ouder uit om als gast mee te denken.
- Sluit een oudergesprek af met de vraag hoe de ouder de samenwerking nu ervaart.""",
        "themes": ["gesprek-met-school", "gedrag-en-welbevinden"],
        "audience": "professionals",
        "visibility": "partners",
        "related": [
            "zeven-sleutels-rondom-het-kind",
            "goed-mdo-met-ouders-aan-tafel",
            "gesprek-met-school-voorbereiden",
        ],
        "links": [],
    },
    {
        "slug": "zeven-sleutels-rondom-het-kind",
        "title": "Zeven sleutels voor samenwerking rondom het kind",
        "summary": (
            "Drie factoren en vier randvoorwaarden die het samenspel van ouders, onderwijs en "
            "jeugdhulp sterker maken, in onze eigen woorden."
        ),
        "body": """## Waar gaat dit over?

Onderzoek naar hoe ouders, onderwijs en jeugdhulp samen optrekken rondom het kind, leverde
zeven sleutels op. Drie daarvan zijn factoren waar je in de dagelijkse praktijk zelf aan
werkt. De andere vier zijn randvoorwaarden: zaken die organisaties, besturen en gemeenten
moeten regelen. Hieronder vatten we ze samen in onze eigen woorden.

## Drie factoren in de praktijk

1. **Relaties die blijven.** Samenwerking groeit als mensen elkaar kennen en vertrouwen.
   Zorg voor vaste gezichten en weet wat de ander kan en weet. Dat geldt voor collega's uit
   andere organisaties, en zeker voor ouders.
2. **Het kind in zijn omgeving centraal.** Kijk eerst breed: hoe gaat het thuis, in de klas,
   in de buurt en met vrienden? Formuleer pas daarna samen een doel en een plan. Hobbels bij
   het opgroeien horen bij het leven; maak er niet te snel een probleem van. Een tijdlijn
   van het kind helpt om het verhaal samen in beeld te krijgen.
3. **Vakmanschap in samenwerken.** Professionals beheersen hun eigen vak. Daarnaast kunnen
   ze samenwerken met ouders en met collega's uit een ander domein.

## Vier randvoorwaarden

1. **Ruimte om samen te werken.** Tijd in het rooster, maar ook het gevoel dat je
   organisatie samenwerking echt belangrijk vindt.
2. **Een aanbod dat aansluit.** Genoeg plekken bij scholen en jeugdhulpaanbieders, plus
   ruimte voor maatwerk als een kind net buiten de bestaande hokjes valt.
3. **Minder schotten.** Onderwijs en jeugdhulp vallen onder verschillende wetten en
   budgetten. Leidinggevenden en bestuurders moeten samen de gaten daartussen dichten.
4. **Oog voor bestaanszekerheid.** Geldzorgen, slechte huisvesting of onzeker werk drukken
   zwaar op kinderen. Werk daarom samen met schuldhulp, wonen en werk en inkomen.

## Wat betekent dit voor jou?

- Zie ouders vanaf het eerste gesprek als gelijkwaardige partner.
- Gebruik de tijdlijn van het kind in overleg met ouders en collega's.
- Loop je aan tegen een knelpunt in de randvoorwaarden? Meld het bij je leidinggevende of
  bij het oudersteunpunt. Wij brengen zulke signalen, zonder namen, naar de regionale
  beleidstafels.""",
        "themes": ["jeugdhulp-en-wijkteam", "passend-onderwijs-en-zorgplicht"],
        "audience": "professionals",
        "visibility": "partners",
        "related": [
            "ouders-als-partners-tien-onderwerpen",
            "goed-mdo-met-ouders-aan-tafel",
            "signalen-van-ouders-naar-beleid",
        ],
        "links": [],
    },
    {
        "slug": "reageren-op-een-vervolgvraag",
        "title": "Een vervolgvraag van het oudersteunpunt: zo reageer je",
        "summary": (
            "Het oudersteunpunt stuurt je soms een vervolgvraag over een vraag van een ouder. Lees "
            "wat we vragen, wat je termijn is en hoe je antwoordt."
        ),
        "body": """## Wat is een vervolgvraag?

Een ouder stelt een vraag aan het oudersteunpunt. Soms hebben we een partner nodig om verder
te komen, zoals de school, het wijkteam of de gemeente. Dan sturen we een vervolgvraag aan
jouw organisatie. Dat doen we alleen als de ouder daar toestemming voor heeft gegeven.

## Wat krijg je?

Je krijgt een mail met een beveiligde link, of je ziet de vraag nadat je bent ingelogd.
Daarin staan:

- de vraag zelf, kort en concreet;
- alleen de gegevens die je nodig hebt om te kunnen antwoorden;
- de datum waarop we je antwoord verwachten;
- de naam van de coördinator die de vraag behandelt.

Je ziet alleen vragen die aan jouw organisatie zijn gericht.

## Zo reageer je

1. Lees de vraag en kijk of die bij jou op de goede plek is. Zo niet, laat het ons dan snel
   weten.
2. Antwoord vóór de gevraagde datum. Lukt dat niet? Geef dan door wanneer wel.
3. Schrijf in begrijpelijke taal. De ouder kan je antwoord te zien krijgen.
4. Noem concrete stappen: wie doet wat, en wanneer.
5. Deel geen extra informatie over het kind die niet is gevraagd.

## Herinneringen

Nadert de termijn terwijl de vraag nog openstaat? Dan krijg je één herinnering. Is de
termijn verstreken zonder antwoord? Dan neemt de coördinator één keer contact op met een
leidinggevende in jouw organisatie. Zo valt er niets tussen wal en schip, zonder dat je
overspoeld wordt met berichten.

## Liever even bellen?

Is de vraag ingewikkeld? Bel dan gerust met de coördinator. Leg de kern van het gesprek
daarna wel kort vast in je antwoord. Dan kan de ouder volgen wat er is besproken en
afgesproken.""",
        "themes": ["gesprek-met-school", "jeugdhulp-en-wijkteam"],
        "audience": "professionals",
        "visibility": "partners",
        "related": [
            "toestemming-en-privacy-samenwerking",
            "ouders-als-partners-tien-onderwerpen",
            "goed-mdo-met-ouders-aan-tafel",
        ],
        "links": [],
    },
    {
        "slug": "toestemming-en-privacy-samenwerking",
        "title": "Toestemming en privacy bij samenwerking met het oudersteunpunt",
        "summary": (
            "We delen alleen informatie met een partner als de ouder daar toestemming voor heeft "
            "gegeven. Zo gaan we om met gegevens over kinderen."
        ),
        "body": """## Niets over ouders zonder ouders

Het oudersteunpunt werkt vanuit één principe: we doen niets over een kind of gezin zonder
dat de ouder het weet en ermee instemt. Gegevens over kinderen zijn extra gevoelig. De
privacywet (AVG) beschermt ze daarom extra streng.

## Toestemming per organisatie

- We nemen alleen contact op met jouw organisatie als de ouder daar toestemming voor heeft
  gegeven.
- Die toestemming geldt per organisatie. Toestemming voor de school is geen toestemming voor
  het wijkteam.
- We leggen vast wanneer de toestemming is gegeven en waarvoor.
- Een ouder kan de toestemming altijd intrekken. Vanaf dat moment sturen en vragen we niets
  meer.

## Wat delen we?

We delen zo weinig mogelijk: alleen wat je nodig hebt om de vraag te beantwoorden.
Bijvoorbeeld:

- de vraag van de ouder, in het kort;
- de leeftijdsgroep en de school van het kind, als dat nodig is;
- de contactgegevens van de coördinator.

We delen geen burgerservicenummer, geen medische details en geen interne aantekeningen van
het steunpunt.

## Wat vragen we van jou?

- Gebruik de informatie alleen voor deze vraag.
- Stuur de link of de mail niet door naar anderen.
- Deel in je antwoord alleen wat nodig is. De ouder kan je antwoord lezen.
- Twijfel je of iets gedeeld mag worden? Vraag het eerst aan de ouder of aan ons.

## Bewaren en verwijderen

We leggen vast wie een dossier inziet. Is een vraag afgerond, dan bewaren we gegevens niet
langer dan nodig. Daarna worden ze verwijderd of geanonimiseerd. Geanonimiseerd betekent dat
niemand nog kan zien om welk kind of gezin het ging.

## Zorgen over veiligheid

Maak je je zorgen over de veiligheid van een kind? Volg dan de meldcode van je eigen
organisatie. Dat staat los van de samenwerking met het oudersteunpunt.""",
        "themes": ["gesprek-met-school", "jeugdhulp-en-wijkteam"],
        "audience": "professionals",
        "visibility": "public",
        "related": [
            "reageren-op-een-vervolgvraag",
            "dossier-van-je-kind-inzien",
            "signalen-van-ouders-naar-beleid",
        ],
        "links": [],
    },
    {
        "slug": "signalen-van-ouders-naar-beleid",
        "title": "Signalen van ouders naar beleid: de signalerende functie",
        "summary": (
            "Wat ouders ons vertellen, brengen we zonder namen naar gemeenten en "
            "samenwerkingsverbanden. Zo helpen ervaringen van ouders om beleid te verbeteren."
        ),
        "body": """## Wat bedoelen we met signaleren?

Ouders vertellen ons elke week wat ze meemaken. Meestal gaat het om één kind. Maar horen we
hetzelfde knelpunt steeds opnieuw, dan is het geen toeval meer. Dan werkt er iets in het
systeem niet goed. Dat noemen we een signaal. Die signalen brengen we naar de plekken waar
beleid wordt gemaakt: gemeenten, samenwerkingsverbanden en de regionale overleggen over
onderwijs en jeugd.

## Hoe verzamelen we signalen?

- De coördinatoren geven elke vraag een of meer labels. Bijvoorbeeld "wachtlijst", "vervoer"
  of "aangepast rooster".
- Elk kwartaal maken we een overzicht met aantallen en trends. Nooit met namen of herkenbare
  verhalen.
- In ontmoetingen en raadplegingen vragen we ouders wat zij zien. Een raadpleging is een
  korte peiling of meedenksessie.
- Ervaringsdeskundige ouders helpen ons om de signalen te duiden en te wegen.

## Voorbeelden van signalen

- Veel ouders weten niet dat ze moeten instemmen met het handelingsdeel van een OPP.
- Aanvragen voor leerlingenvervoer lopen vast in de weken voor de zomer.
- Kinderen zitten lang thuis terwijl ze wachten op een onderzoek.
- Scholen en wijkteams weten elkaar in sommige gemeenten nog slecht te vinden.

## Wat vragen we van partners?

- Neem een signaal serieus, ook als het ongemakkelijk is.
- Vertel ons wat er met een signaal is gedaan. Ouders willen weten of hun verhaal verschil
  maakt.
- Nodig ouders uit aan de beleidstafel. Niet alleen om te vertellen, maar ook om mee te
  beslissen.
- Deel zelf ook wat je ziet. Herken je een patroon? Laat het ons weten.

## Privacy

Signalen zijn altijd geanonimiseerd. Bij kleine aantallen of in kleine gemeenten voegen we
gegevens samen. Zo is niemand te herkennen.""",
        "themes": ["passend-onderwijs-en-zorgplicht", "andere-ouders-ontmoeten"],
        "audience": "professionals",
        "visibility": "partners",
        "related": [
            "zeven-sleutels-rondom-het-kind",
            "toestemming-en-privacy-samenwerking",
            "ouders-als-partners-tien-onderwerpen",
        ],
        "links": [],
    },
    {
        "slug": "goed-mdo-met-ouders-aan-tafel",
        "title": "Een goed MDO met ouders aan tafel",
        "summary": (
            "Tips voor professionals om een multidisciplinair overleg te voeren waarin ouders "
            "gelijkwaardig meepraten en meebeslissen."
        ),
        "body": """## Ouders zijn deelnemer, geen agendapunt

Een MDO (multidisciplinair overleg) brengt mensen uit verschillende vakgebieden samen rond
één kind. Ouders zijn daarbij geen gast die even mag aanschuiven. Ze zijn volwaardig
deelnemer. Zonder hun kennis en instemming komt er geen plan dat thuis én in de klas werkt.

## Vooraf

- Bespreek met de ouders het doel, de deelnemers en de duur. Vraag wie zij er graag bij
  willen hebben.
- Vraag toestemming voor het uitnodigen van elke organisatie.
- Stuur stukken op tijd, zodat ouders ze rustig kunnen lezen. Een week vooraf is redelijk.
- Nodig ouders uit om hun tijdlijn of eigen vragen mee te nemen.
- Wijs op de mogelijkheid om iemand mee te nemen, zoals een ervaringsdeskundige ouder.

## Tijdens het overleg

- Geef ouders als eersten het woord, als ze dat willen. Zo begint het gesprek bij het kind
  en niet bij het dossier.
- Zorg voor een gespreksleider die niet zelf de belangrijkste inhoudelijke partij is.
- Vermijd vaktaal en afkortingen, of leg ze meteen uit.
- Houd de groep klein. Acht professionals tegenover één ouder voelt niet gelijkwaardig.
- Benoem ook verschillen van mening en noteer ze eerlijk.
- Vraag halverwege hoe de ouders het overleg ervaren.

## Afspraken maken

Sluit af met concrete afspraken: wat, wie en wanneer. Bepaal wie het eerste aanspreekpunt is
voor de ouders. Plan meteen het volgende moment om terug te kijken.

## Achteraf

- Stuur het verslag binnen een week, eerst als concept naar de ouders.
- Verwerk hun aanvullingen, of noteer waarom niet.
- Bel de ouders na een paar dagen: hoe gaat het nu?

## De stem van het kind

Vraag altijd hoe het kind zelf betrokken wordt. Soms schuift het kind aan. Soms brengt
iemand anders de stem van het kind in, bijvoorbeeld met een tekening, een brief of een kort
gesprek vooraf.""",
        "themes": ["gesprek-met-school", "jeugdhulp-en-wijkteam"],
        "audience": "professionals",
        "visibility": "partners",
        "related": [
            "wat-is-een-mdo",
            "ouders-als-partners-tien-onderwerpen",
            "zeven-sleutels-rondom-het-kind",
        ],
        "links": [],
    },
]
