"""The PostgreSQL search table no longer references catalog_question (it blocked TRUNCATE)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE catalog_question_search"
            " DROP CONSTRAINT IF EXISTS catalog_question_search_question_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
