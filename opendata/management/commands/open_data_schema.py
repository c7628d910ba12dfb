"""Writes the open data API's OpenAPI description to docs/api/openapi-v1.json, or with
--check says whether the file is still what the code generates (a test does the same)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata.api import api

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "api" / "openapi-v1.json"


def generated_schema() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write (or --check) docs/api/openapi-v1.json from the open data API."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool = False, **options):
        schema = generated_schema()
        if check:
            if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text() != schema:
                raise CommandError(
                    f"{SCHEMA_FILE} is not what the API generates: run "
                    "`manage.py open_data_schema` and review the difference."
                )
            self.stdout.write("The API schema is unchanged.")
            return
        SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_FILE.write_text(schema)
        self.stdout.write(f"Wrote {SCHEMA_FILE}")
