"""Each article's and card's words in other languages (`texts`, apps/cards/translations.py).

On SQLite, adding a column that isn't nullable makes the table again, and a table made
again loses its triggers: the ones that keep the search index (migration 0006) in step
are made again here, and the index rebuilt. A later migration that changes cards_card
must do the same (tests/test_cards_search.py::test_search_index_is_kept_in_sync_by_the_database).
"""

import importlib

from django.db import migrations, models

stemmed_search = importlib.import_module("apps.cards.migrations.0006_stemmed_search")


def keep_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS cards_card_fts_{name}", params=None)
    for sql in stemmed_search._TRIGGERS:
        schema_editor.execute(sql, params=None)
    schema_editor.execute(
        "INSERT INTO cards_card_fts (cards_card_fts) VALUES ('rebuild')", params=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0009_card_topic_one_index_on_card"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="texts",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="card",
            name="texts",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(keep_search_triggers, migrations.RunPython.noop),
    ]
