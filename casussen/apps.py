from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasussenConfig(AppConfig):
    """Questions and complaints from parents, from intake to evaluation."""

    name = "casussen"
    verbose_name = _("Vragen en klachten")

    def ready(self) -> None:
        from . import personal_data, retention

        retention.register()
        personal_data.register()

    def seed_demo(self) -> str:
        from .demo import seed_cases

        return f"{seed_cases()} cases"
