"""PostgreSQL: a small prompt+tags vector per question in its own table, for cheap ranking.

Kept apart from the (large, TOASTed) document so that matching can come from the document's GIN
index alone while ranking reads only the small vectors.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TABLE IF NOT EXISTS catalog_question_search_head ("
        " question_id bigint PRIMARY KEY, head tsvector NOT NULL)"
    )
    schema_editor.execute(
        "INSERT INTO catalog_question_search_head(question_id, head)"
        " SELECT q.id, setweight(to_tsvector('english', q.prompt), 'A')"
        " || setweight(to_tsvector('english', coalesce(("
        "   SELECT string_agg(replace(t.slug, '-', ' '), ' ') FROM catalog_question_tags qt"
        "   JOIN catalog_tag t ON t.id = qt.tag_id WHERE qt.question_id = q.id), '')), 'B')"
        " FROM catalog_question q JOIN catalog_question_search s ON s.question_id = q.id"
        " ON CONFLICT (question_id) DO NOTHING"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS catalog_question_search_head")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_index_without_fk")]
    operations = [migrations.RunPython(forwards, backwards)]
