"""Full-text search over card titles and bodies, in the database's own engine.

SQLite: an FTS5 table over cards_card (external content: it stores only the
index, not a second copy of the text), kept in sync by triggers, so cards
written by loadseeds, the admin or bulk_create are all searchable.

PostgreSQL: a GIN index on the tsvector expression that apps.cards.search
filters on. The two must stay identical, or PostgreSQL stops using the index.

Careful: when a later migration makes Django rebuild cards_card on SQLite
(its "remake table" path for most column changes), the triggers are dropped
with the old table. Re-create them in that migration (the statements below);
test_search_index_is_kept_in_sync_by_the_database fails until you do.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    """
    CREATE VIRTUAL TABLE cards_card_fts USING fts5(
        title, body_markdown,
        content='cards_card', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER cards_card_fts_insert AFTER INSERT ON cards_card BEGIN
        INSERT INTO cards_card_fts (rowid, title, body_markdown)
        VALUES (new.id, new.title, new.body_markdown);
    END
    """,
    """
    CREATE TRIGGER cards_card_fts_delete AFTER DELETE ON cards_card BEGIN
        INSERT INTO cards_card_fts (cards_card_fts, rowid, title, body_markdown)
        VALUES ('delete', old.id, old.title, old.body_markdown);
    END
    """,
    """
    CREATE TRIGGER cards_card_fts_update AFTER UPDATE OF title, body_markdown ON cards_card
    BEGIN
        INSERT INTO cards_card_fts (cards_card_fts, rowid, title, body_markdown)
        VALUES ('delete', old.id, old.title, old.body_markdown);
        INSERT INTO cards_card_fts (rowid, title, body_markdown)
        VALUES (new.id, new.title, new.body_markdown);
    END
    """,
    # Index the cards already there.
    "INSERT INTO cards_card_fts (cards_card_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS cards_card_fts_insert",
    "DROP TRIGGER IF EXISTS cards_card_fts_delete",
    "DROP TRIGGER IF EXISTS cards_card_fts_update",
    "DROP TABLE IF EXISTS cards_card_fts",
]

# The same expression Django compiles for
# SearchVector("title", "body_markdown", config="simple") in apps.cards.search.
POSTGRES_FORWARDS = [
    """
    CREATE INDEX cards_card_search ON cards_card USING gin (
        to_tsvector(
            'simple'::regconfig,
            COALESCE("title", '') || ' ' || COALESCE("body_markdown", '')
        )
    )
    """,
]

POSTGRES_BACKWARDS = ["DROP INDEX IF EXISTS cards_card_search"]


def run_for_vendor(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("cards", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            run_for_vendor({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
        ),
    ]
