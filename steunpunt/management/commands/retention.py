"""Carry out the retention schedule now: `manage.py retention [--dry-run]`."""

from django.core.management.base import BaseCommand

from steunpunt import retention


class Command(BaseCommand):
    help = (
        "Anonymise or delete what is past its term in settings.RETENTION. Prints counts "
        "per kind, never personal data. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be anonymised or deleted; change nothing.",
        )
        parser.add_argument(
            "--kind", action="append", default=[], help="Only this kind (may be repeated)."
        )

    def handle(self, *args, dry_run: bool = False, kind: list[str], **options):
        names = {k.name for k in retention.kinds()}
        unknown = sorted(set(kind) - names)
        if unknown:
            self.stderr.write(
                f"Unknown kind: {', '.join(unknown)}. Known: {', '.join(sorted(names))}"
            )
            return
        self.stdout.write("Retention" + (" (dry run: nothing is changed)" if dry_run else ""))
        results = retention.run(dry_run=dry_run, only=kind, progress=self.stdout.write)
        total = sum(result.count for result in results)
        verb = "would be anonymised or deleted" if dry_run else "anonymised or deleted"
        self.stdout.write(self.style.SUCCESS(f"Done: {total} {verb}."))
