"""cards_card_topics loses its index on topic_id alone, which the plain many-to-many
made: card_topic_order (topic, position, card), added in 0007, starts with topic_id
and serves every lookup by topic (a topic's page, a topic deleted), so the old one
was only a second copy to write on every load.

Only the index is dropped, by the name Django gave it (the same on SQLite and
PostgreSQL), as Django's own AlterField would on PostgreSQL. Left to AlterField,
SQLite would copy the whole table into a new one, and PostgreSQL would drop and
check again the foreign key to cards_topic; neither is needed to drop an index.
cards_card is not touched, so its search triggers stay (see 0002's docstring).
"""

from django.db import migrations, models

OLD_INDEX = "cards_card_topics_topic_id_244f1999"


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0007_card_topic_position"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cardtopic",
                    name="topic",
                    field=models.ForeignKey(
                        db_index=False, on_delete=models.deletion.CASCADE, to="cards.topic"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OLD_INDEX}"',
                    f'CREATE INDEX "{OLD_INDEX}" ON "cards_card_topics" ("topic_id")',
                ),
            ],
        ),
    ]
