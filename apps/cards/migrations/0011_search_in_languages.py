"""Search in Spanish and German: an index of each language's words beside the English one.

SQLite: an FTS5 table per language (unicode61, accents folded) of the Snowball stems
apps/cards/translations.py keeps in a card's `texts` (`search_title`, `search_body`;
FTS5 has no Spanish or German stemmer), kept in step by triggers. PostgreSQL: a GIN
index per language on its own `spanish` or `german` configuration over the card's
words in `texts`. apps.cards.search builds the same expressions; change both together.
"""

from django.db import migrations

LANGUAGES = {"es": "spanish", "de": "german"}


def _sqlite(code: str) -> list[str]:
    table = f"cards_card_fts_{code}"
    words = (
        f"json_extract(new.texts, '$.{code}.search_title'), "
        f"json_extract(new.texts, '$.{code}.search_body')"
    )
    has = f"json_extract(new.texts, '$.{code}') IS NOT NULL"
    return [
        f"""CREATE VIRTUAL TABLE {table} USING fts5(
            title, body, tokenize='unicode61 remove_diacritics 2'
        )""",
        f"""CREATE TRIGGER {table}_insert AFTER INSERT ON cards_card WHEN {has} BEGIN
            INSERT INTO {table} (rowid, title, body) VALUES (new.id, {words});
        END""",
        f"""CREATE TRIGGER {table}_delete AFTER DELETE ON cards_card BEGIN
            DELETE FROM {table} WHERE rowid = old.id;
        END""",
        f"""CREATE TRIGGER {table}_update AFTER UPDATE OF texts ON cards_card BEGIN
            DELETE FROM {table} WHERE rowid = old.id;
            INSERT INTO {table} (rowid, title, body) SELECT new.id, {words} WHERE {has};
        END""",
        f"""INSERT INTO {table} (rowid, title, body)
            SELECT id, json_extract(texts, '$.{code}.search_title'),
                   json_extract(texts, '$.{code}.search_body')
            FROM cards_card WHERE json_extract(texts, '$.{code}') IS NOT NULL""",
    ]


def _sqlite_drop(code: str) -> list[str]:
    table = f"cards_card_fts_{code}"
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_{t}" for t in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {table}",
    ]


def _postgres(code: str, config: str) -> list[str]:
    return [
        f"""CREATE INDEX cards_card_search_{code} ON cards_card USING gin (
            to_tsvector('{config}'::regconfig,
                COALESCE(texts -> '{code}' ->> 'title', '') || ' '
                || COALESCE(texts -> '{code}' ->> 'body_markdown', ''))
        )"""
    ]


FORWARDS = {
    "sqlite": [sql for code in LANGUAGES for sql in _sqlite(code)],
    "postgresql": [sql for code, config in LANGUAGES.items() for sql in _postgres(code, config)],
}
BACKWARDS = {
    "sqlite": [sql for code in LANGUAGES for sql in _sqlite_drop(code)],
    "postgresql": [f"DROP INDEX IF EXISTS cards_card_search_{code}" for code in LANGUAGES],
}


def run_for_vendor(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("cards", "0010_card_texts")]

    operations = [migrations.RunPython(run_for_vendor(FORWARDS), run_for_vendor(BACKWARDS))]
