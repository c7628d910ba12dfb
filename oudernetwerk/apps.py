from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OudernetwerkConfig(AppConfig):
    """The parent network: buddies, meetups and consultations."""

    name = "oudernetwerk"
    verbose_name = _("Oudernetwerk")

    def ready(self) -> None:
        from steunpunt import personal_data

        from . import personal_data as mine

        personal_data.register(
            key="buddy_requests",
            title=_("Je buddy-aanvragen"),
            collect=mine.export_buddy_requests,
            labels=mine.REQUEST_LABELS,
            position=30,
            description=_(
                "Wat je vroeg, hoe het ervoor staat, de naam van je buddy zolang jullie "
                "gekoppeld zijn en je eigen antwoorden op 'hoe gaat het?'."
            ),
        )
        personal_data.register(
            key="buddy_profile",
            title=_("Je profiel als buddy"),
            collect=mine.export_buddy_profile,
            labels=mine.PROFILE_LABELS,
            position=40,
            description=_(
                "Als je buddy bent: je profiel, je screening en je koppelingen, zonder "
                "gegevens van de ouders."
            ),
        )
        personal_data.register(
            key="meetups",
            title=_("Ontmoetingen"),
            collect=mine.export_meetups,
            labels=mine.MEETUP_LABELS,
            position=50,
            description=_("De ontmoetingen waarvoor je je aanmeldde of op de wachtlijst stond."),
        )
        personal_data.register(
            key="panel",
            title=_("Ouderpanel"),
            collect=mine.export_panel,
            labels=mine.PANEL_LABELS,
            position=60,
            description=_(
                "Of je lid bent van het ouderpanel en voor welke vragenlijsten we je uitnodigden."
            ),
            note=mine.PANEL_NOTE,
        )
        personal_data.register_phone(
            key="oudernetwerk", holders=mine.phone_holders, update=mine.phone_update
        )

    def seed_demo(self) -> str:
        from .demo import seed_meetups, seed_network, seed_panel

        made = seed_network()
        seed_meetups()
        return f"{made} buddies, {seed_panel()} panel members"
