from django.core.management.base import BaseCommand

from steunpunt import demo


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo coordinator."

    def handle(self, *args, **options):
        self.stdout.write(
            f"Code for {demo.DEMO_TOTP_EMAIL}: {demo.current_demo_totp_code()} "
            f"(changes every 30 seconds; secret {demo.DEMO_TOTP_SECRET})"
        )
