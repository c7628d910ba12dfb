"""How long we keep what, in one place (`settings.RETENTION`).

The nightly job (`steunpunt.retention`, run by beat and by `manage.py retention
[--dry-run]`) carries out every entry an app has registered a kind for; the privacy page
renders its "Bewaartermijnen" table from these rows, so the page and the code cannot
disagree. Each entry: the term in `months` or `days` (counted from the moment in
`label`), what the row is about (`label`) and what happens (`action`, `%(term)s` is
filled in). `external` rows are carried out outside this application (the hosting's log
files) or hold nothing personal; the job skips them.
"""

from django.utils.translation import gettext_lazy as _

RETENTION_TERMS = {
    "cases": {
        "months": 24,
        "label": _("Je vraag of klacht, de berichten, je bestanden en gegevens over je kind"),
        "action": _(
            "%(term)s nadat je vraag is afgesloten. Dan maken we je vraag anoniem: we "
            "wissen je verhaal, je contactgegevens, je bestanden en alle berichten. We "
            "houden alleen over waar het over ging, wanneer en in welke gemeente. Dat "
            "tellen we mee in de anonieme cijfers."
        ),
    },
    "praatplaat": {
        "months": 12,
        "label": _(
            "De praatplaat over de samenwerking: jouw antwoorden en die van de school of partner"
        ),
        "action": _(
            "%(term)s nadat je vraag is afgesloten wissen we de opmerkingen. De antwoorden "
            "blijven bij je vraag. Als we je vraag anoniem maken, tellen ze zonder naam mee "
            "in de anonieme cijfers."
        ),
    },
    "timeline": {
        "months": 24,
        "label": _("De tijdlijn van je kind die je zelf bijhoudt"),
        "action": _(
            "Tot je een punt zelf verwijdert. Of tot je %(term)s niet hebt ingelogd en niets "
            "hebt aangepast. Dan verwijderen we je tijdlijn."
        ),
    },
    "timeline_shares": {
        "months": 24,
        "label": _("Wat je van je tijdlijn deelde met een vraag of een organisatie"),
        "action": _(
            "Tot je stopt met delen: dan wissen we wat je deelde meteen. Dat je deelde en "
            "wanneer, bewaren we nog %(term)s. Maken we je vraag anoniem? Dan verwijderen "
            "we alles wat je ermee deelde."
        ),
    },
    "email_bodies": {
        "days": 30,
        "label": _("De tekst van e-mails en herinneringen die we je sturen"),
        "action": _("%(term)s nadat de e-mail is verstuurd. Dan wissen we de tekst en aan wie."),
    },
    # Plain emails (a confirmation, a message, a sign-in code) wait as a whole in the
    # outbox until they are sent (steunpunt.outbox.OutgoingEmail); then they go.
    "outbox_emails": {
        "days": 7,
        "label": _("Een e-mail die we je sturen, met je inlogcode of een bericht"),
        "action": _(
            "We bewaren de e-mail tot hij is verstuurd. %(term)s daarna verwijderen we hem. "
            "Lukt versturen niet, dan verwijderen we hem %(term)s nadat we hem klaarzetten."
        ),
    },
    "inbound_messages": {
        "months": 3,
        "label": _(
            "Een e-mail aan ons die we niet aan een vraag konden koppelen (bijvoorbeeld van "
            "een onbekend adres)"
        ),
        "action": _(
            "Tot een coördinator het bericht bij de juiste vraag zet of het verwijdert. "
            "Uiterlijk %(term)s na ontvangst verwijderen we het."
        ),
    },
    "sessions": {
        "days": 0,
        "label": _("Je inlogcode en dat je bent ingelogd"),
        "action": _(
            "De inlogcode is 15 minuten geldig. Na het uitloggen, of na 7 dagen, wissen we "
            "dat je was ingelogd."
        ),
    },
    "accounts": {
        "months": 24,
        "label": _("Je account om in te loggen"),
        "action": _(
            "Tot je vraagt om het te verwijderen. Of tot je %(term)s niet hebt ingelogd en "
            "er niets meer loopt (geen open vraag, geen buddy, geen ontmoeting). Dan "
            "verwijderen we het."
        ),
    },
    "buddy_screening": {
        "months": 12,
        "label": _("Gegevens van een buddy, met de VOG-datum en het kennismakingsgesprek"),
        "action": _("Tot %(term)s nadat je stopt als buddy."),
    },
    "buddy_requests": {
        "months": 12,
        "label": _("Je vraag om een buddy"),
        "action": _("Tot %(term)s nadat de koppeling met je buddy is gestopt."),
    },
    "policy_pool": {
        "months": 12,
        "label": _(
            "Je aanmelding als ervaringsdeskundige: je thema's, je ervaring en wanneer je kunt"
        ),
        "action": _("Tot %(term)s nadat je stopt, of nadat je aanmelding niet doorging."),
    },
    "policy_invitations": {
        "months": 12,
        "label": _("Een uitnodiging om mee te denken over beleid, en je antwoord"),
        "action": _(
            "Tot %(term)s na de laatste bijeenkomst. Kreeg je een vergoeding? Dan bewaren "
            "we de betaling langer (zie hieronder)."
        ),
    },
    "policy_allowances": {
        "months": 84,
        "label": _("Een vrijwilligersvergoeding die we je betaalden"),
        "action": _(
            "%(term)s na het jaar van betalen. Zo lang moeten we betalingen bewaren voor "
            "de belasting. Daarna verwijderen we de uitnodiging met de betaling."
        ),
    },
    "buddy_match_support": {
        "months": 12,
        "label": _("De doelen van een buddy-koppeling, de contacten en hoe de koppeling afliep"),
        "action": _("Tot %(term)s nadat de koppeling is gestopt. Dan verwijderen we ze."),
    },
    "buddy_contact_notes": {
        "months": 3,
        "label": _("Wat een buddy over een contact opschrijft voor de coördinator"),
        "action": _(
            "Tot %(term)s nadat de koppeling is gestopt. Dan wissen we de notitie. De datum "
            "en de manier van contact blijven tot de koppeling zelf weg gaat."
        ),
    },
    "meetup_registrations": {
        "months": 3,
        "label": _("Aanmelding voor een ontmoeting"),
        "action": _("Tot %(term)s na de ontmoeting."),
    },
    "panel_membership": {
        "days": 0,
        "label": _("Je plek in een ouderpanel"),
        "action": _("Tot je je afmeldt. Je antwoorden bewaren we zonder je naam."),
    },
    "access_log": {
        "months": 24,
        "label": _("Het logboek van wie je gegevens heeft bekeken"),
        "action": _("%(term)s. Daarna verwijderen we het."),
    },
    "search_log": {
        "months": 12,
        "label": _("Zoekwoorden in de kennisbank"),
        "action": _(
            "%(term)s, zonder persoonsgegevens. We weten niet wie iets zocht. Daarna "
            "verwijderen we ze."
        ),
    },
    "server_logs": {
        "days": 30,
        "external": True,
        "label": _("Technische logbestanden van de website en de mailserver"),
        "action": _("%(term)s."),
    },
    # The term is BACKUP_KEEP_DAYS (config/settings.py); the backup service deletes them.
    "backups": {
        "days": 14,
        "external": True,
        "label": _("Reservekopieën (back-ups) van alle gegevens"),
        "action": _(
            "%(term)s. Elke nacht maken we een kopie van alle gegevens, voor als er iets "
            "misgaat. Na die tijd verwijderen we de kopie. Wat wij eerder wissen, staat tot "
            "dan nog in een kopie."
        ),
    },
    "statistics": {
        "external": True,
        "label": _("Anonieme cijfers voor de regio"),
        "action": _("Zonder persoonsgegevens. Die cijfers zijn niet naar jou terug te leiden."),
    },
}
