"""PostgreSQL: a small prompt+tags vector beside the document, for cheap ranking."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE catalog_question_search ADD COLUMN IF NOT EXISTS head tsvector"
    )
    schema_editor.execute(
        "UPDATE catalog_question_search s SET head ="
        " setweight(to_tsvector('english', q.prompt), 'A')"
        " || setweight(to_tsvector('english', coalesce(("
        "   SELECT string_agg(replace(t.slug, '-', ' '), ' ') FROM catalog_question_tags qt"
        "   JOIN catalog_tag t ON t.id = qt.tag_id WHERE qt.question_id = q.id), '')), 'B')"
        " FROM catalog_question q WHERE q.id = s.question_id"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalog_question_search DROP COLUMN IF EXISTS head")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_index_without_fk")]
    operations = [migrations.RunPython(forwards, backwards)]
