"""cards_card_topics loses its index on card_id alone, which the plain many-to-many
made: the unique (card_id, topic_id) index starts with card_id and serves every
lookup by card (a card's topics, a card deleted), so the old one was only a second
copy to write on every load. As 0008 did for topic_id, and for the same reasons: only
the index is dropped, by the name Django gave it (the same on SQLite and PostgreSQL);
no table is rebuilt, and cards_card's search triggers stay.
"""

from django.db import migrations, models

OLD_INDEX = "cards_card_topics_card_id_faa600de"


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0008_card_topic_one_index_on_topic"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cardtopic",
                    name="card",
                    field=models.ForeignKey(
                        db_index=False, on_delete=models.deletion.CASCADE, to="cards.card"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OLD_INDEX}"',
                    f'CREATE INDEX "{OLD_INDEX}" ON "cards_card_topics" ("card_id")',
                ),
            ],
        ),
    ]
