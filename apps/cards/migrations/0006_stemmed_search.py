"""Search that understands everyday words: stemmed on both databases.

SQLite: the FTS5 table is made again with the porter tokenizer over unicode61 (the
Snowball family's English stemmer: "running", "runs" and "run" are one word), with
the same external content and triggers as 0002. PostgreSQL: the GIN index is made
again on the 'english' configuration (Snowball stemming, English stop words).
apps.cards.search builds the same expression; change both together.
"""

from django.db import migrations

_TRIGGERS = [
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
]
_DROP = [
    "DROP TRIGGER IF EXISTS cards_card_fts_insert",
    "DROP TRIGGER IF EXISTS cards_card_fts_delete",
    "DROP TRIGGER IF EXISTS cards_card_fts_update",
    "DROP TABLE IF EXISTS cards_card_fts",
]


def _fts(tokenize: str) -> list[str]:
    return [
        *_DROP,
        f"""
        CREATE VIRTUAL TABLE cards_card_fts USING fts5(
            title, body_markdown,
            content='cards_card', content_rowid='id',
            tokenize='{tokenize}'
        )
        """,
        *_TRIGGERS,
        "INSERT INTO cards_card_fts (cards_card_fts) VALUES ('rebuild')",
    ]


def _gin(config: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS cards_card_search",
        f"""
        CREATE INDEX cards_card_search ON cards_card USING gin (
            to_tsvector(
                '{config}'::regconfig,
                COALESCE("title", '') || ' ' || COALESCE("body_markdown", '')
            )
        )
        """,
    ]


FORWARDS = {
    "sqlite": _fts("porter unicode61 remove_diacritics 2"),
    "postgresql": _gin("english"),
}
BACKWARDS = {"sqlite": _fts("unicode61 remove_diacritics 2"), "postgresql": _gin("simple")}


def run_for_vendor(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("cards", "0005_article_from_seeds")]

    operations = [migrations.RunPython(run_for_vendor(FORWARDS), run_for_vendor(BACKWARDS))]
