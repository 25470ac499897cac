"""The full-text index tables (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from backprep.catalog.search_index import create_index_tables

    create_index_tables(schema_editor)


def backwards(apps, schema_editor):
    from backprep.catalog.search_index import drop_index_tables

    drop_index_tables(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
