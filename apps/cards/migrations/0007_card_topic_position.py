"""A card's topics keep their order (as seeds/ lists them), so each topic's page opens
with the cards most about it.

The many-to-many table cards_card_topics becomes the CardTopic model as it stands
(state only: its rows, columns and unique index are kept), then gains `position`.
cards_card itself is not touched, so its search triggers stay (see 0002's docstring):
on SQLite only cards_card_topics is remade to add the column. Existing rows are
numbered in the order they were written (the order `loadseeds` set them), and the
next `loadseeds` writes the seeds' order anyway.
"""

from django.db import migrations, models


def number_in_written_order(apps, schema_editor):
    CardTopic = apps.get_model("cards", "CardTopic")
    numbered, card, position = [], None, 0
    for row in CardTopic.objects.order_by("card_id", "pk"):
        position = position + 1 if row.card_id == card else 0
        card = row.card_id
        if row.position != position:
            row.position = position
            numbered.append(row)
    CardTopic.objects.bulk_update(numbered, ["position"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0006_stemmed_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CardTopic",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "card",
                            models.ForeignKey(on_delete=models.deletion.CASCADE, to="cards.card"),
                        ),
                        (
                            "topic",
                            models.ForeignKey(on_delete=models.deletion.CASCADE, to="cards.topic"),
                        ),
                    ],
                    options={
                        "db_table": "cards_card_topics",
                        "unique_together": {("card", "topic")},
                    },
                ),
                migrations.AlterField(
                    model_name="card",
                    name="topics",
                    field=models.ManyToManyField(
                        related_name="cards", through="cards.CardTopic", to="cards.topic"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="cardtopic",
            name="position",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="0 for the card's first topic, 1 for its second…"
            ),
        ),
        migrations.AlterModelOptions(
            name="cardtopic",
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "topic of the card",
                "verbose_name_plural": "topics of the card",
            },
        ),
        migrations.AddIndex(
            model_name="cardtopic",
            index=models.Index(fields=["topic", "position", "card"], name="card_topic_order"),
        ),
        migrations.RunPython(number_in_written_order, migrations.RunPython.noop),
    ]
