"""Care first (issue 11): the app's own perspective, a psychic's view, and the
cards a breathing session may end on.

Adding the not-null check_in column makes Django rebuild cards_card on SQLite,
which drops the search triggers made in 0002: they are re-created after the
rebuild, both ways (see 0002's docstring).
"""

from importlib import import_module

from django.db import migrations, models

# The three CREATE TRIGGER statements (the FTS table itself survives the rebuild).
SEARCH_TRIGGERS = [
    sql
    for sql in import_module("apps.cards.migrations.0002_search_index").SQLITE_FORWARDS
    if "CREATE TRIGGER" in sql
]


def recreate_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS cards_card_fts_{name}")
    for sql in SEARCH_TRIGGERS:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0003_reading_order"),
    ]

    operations = [
        # Runs last when migrating backwards, after RemoveField's rebuild.
        migrations.RunPython(migrations.RunPython.noop, recreate_search_triggers),
        migrations.AddField(
            model_name="card",
            name="check_in",
            field=models.BooleanField(
                default=False,
                help_text="Offered at the end of a breathing session. Set in seeds/ "
                "('check-in: yes'); such a card never speaks of a return.",
            ),
        ),
        migrations.RunPython(recreate_search_triggers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="perspective",
            field=models.CharField(
                choices=[
                    ("guide", "Guide"),
                    ("runner-account", "A runner's account"),
                    ("another-view", "Another view"),
                    ("psychic-view", "A psychic's view"),
                    ("stand-still", "From Stand Still"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="source_file",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AlterField(
            model_name="article",
            name="source_title",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
