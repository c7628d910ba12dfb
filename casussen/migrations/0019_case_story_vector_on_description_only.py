"""The story's full-text vector is recomputed only when the story is written: before,
the trigger ran `to_tsvector` on every update of a case, so closing 29,000 resolved cases
in the sweep parsed 29,000 stories that had not changed. An update that writes the
description (a save of the whole row, the anonymisation) still refreshes it."""

from django.db import migrations

TRIGGER = (
    "CREATE TRIGGER case_story_vector BEFORE INSERT OR UPDATE{of} ON casussen_case "
    "FOR EACH ROW EXECUTE FUNCTION "
    "tsvector_update_trigger(story_vector, 'public.dutch_unaccent', description)"
)


def _replace_trigger(of: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP TRIGGER IF EXISTS case_story_vector ON casussen_case")
            schema_editor.execute(TRIGGER.format(of=of))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0018_reminder_rendered_at_delivery"),
    ]

    operations = [
        migrations.RunPython(_replace_trigger(" OF description"), _replace_trigger("")),
    ]
