"""List names compared by a stored, case-folded key (see apps/bookmarks/names.py).

The backfill tidies every name and fills in its key. Two live lists of one reader
that now clash (on SQLite "éclair" and "ÉCLAIR" could both exist) keep their
cards: the later one is renamed "name (2)", "name (3)"…
"""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    from apps.bookmarks import names

    BookmarkList = apps.get_model("bookmarks", "BookmarkList")
    taken: dict[int, set[str]] = {}
    for bookmark_list in BookmarkList.objects.order_by("reader_id", "created_at", "pk"):
        name = names.tidy(bookmark_list.name) or "List"
        if bookmark_list.deleted_at is None:
            keys = taken.setdefault(bookmark_list.reader_id, set())
            base, n = name, 1
            while names.key(name) in keys:
                n += 1
                name = f"{base[: 60 - len(f' ({n})')]} ({n})"
            keys.add(names.key(name))
        bookmark_list.name, bookmark_list.name_key = name, names.key(name)
        bookmark_list.save(update_fields=["name", "name_key"])


class Migration(migrations.Migration):
    dependencies = [("bookmarks", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="bookmarklist", name="list_name_unique_per_reader"),
        migrations.AddField(
            model_name="bookmarklist",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=240),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
