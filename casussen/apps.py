from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasussenConfig(AppConfig):
    """Questions and complaints from parents, from intake to evaluation."""

    name = "casussen"
    verbose_name = _("Vragen en klachten")

    def ready(self) -> None:
        from steunpunt import personal_data

        from . import personal_data as mine

        personal_data.register(
            key="cases",
            title=_("Je vragen en klachten"),
            collect=mine.export_cases,
            labels=mine.LABELS,
            position=20,
            description=_(
                "Wat je ons vertelde, de tijdlijn zoals jij die ziet, je toestemmingen, "
                "de bestanden die je stuurde en hoe je vond dat het ging."
            ),
        )
        personal_data.register_phone(
            key="cases", holders=mine.phone_holders, update=mine.phone_update
        )

    def seed_demo(self) -> str:
        from .demo import seed_cases

        return f"{seed_cases()} cases"
