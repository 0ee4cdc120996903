"""seeds/feelings.yaml: the feelings of the "Name the feeling" step, checked and loaded.

The file is a list; each feeling has a `name`, a `line` (an acknowledgement shown
with its card), two to four `nuances` and the `cards` that answer it, each as
`article-slug/card-slug` (none that speaks of a return, unless it is one of the
app's own). `loadseeds` checks the file against the articles it loads in the same
run, then writes the feelings in the same transaction; every problem is reported
with the file and the line.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.text import slugify

from apps.cards import care
from apps.cards.models import Card
from apps.cards.seeds import SeedError, Seeds

from .models import Feeling, FeelingCard, Nuance

FILE = "feelings.yaml"
KEYS = {"name", "line", "nuances", "cards"}
MIN_NUANCES, MAX_NUANCES = 2, 4
MAX_NAME, MAX_LINE, MAX_NUANCE = 40, 200, 60
OWN_VOICE = "stand-still"  # the perspective of the app's own cards


@dataclass
class FeelingSeed:
    slug: str
    name: str
    line: str
    nuances: list[str]
    cards: list[tuple[str, str]]  # (article slug, card slug)


def read_feelings(folder: Path, seeds: Seeds) -> list[FeelingSeed]:
    path = folder / FILE
    if not path.exists():
        raise SeedError(path, 1, "the feelings file is missing")
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SeedError(path, mark.line + 1 if mark else 1, f"bad YAML: {error}") from None
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        raise SeedError(path, 1, "expected a list of feelings")
    known = {(a.slug, c.slug): (a, c) for a in seeds.articles for c in a.cards}
    feelings: list[FeelingSeed] = []
    seen: dict[str, int] = {}
    for node in root.value:
        feeling = _feeling(path, node, known)
        line = _line(node)
        if feeling.slug in seen:
            also = seen[feeling.slug]
            raise SeedError(path, line, f"duplicate feeling {feeling.name!r} (also on line {also})")
        seen[feeling.slug] = line
        feelings.append(feeling)
    return feelings


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _feeling(path: Path, node: yaml.Node, known: dict) -> FeelingSeed:
    line = _line(node)
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise SeedError(path, line, "empty feeling: give it a name, a line, nuances and cards")
    fields = {key.value: value for key, value in node.value}
    unknown = fields.keys() - KEYS
    if unknown:
        raise SeedError(path, line, f"unknown key {', '.join(sorted(unknown))}")
    name = _text(path, fields, "name", line, MAX_NAME)
    said = _text(path, fields, "line", line, MAX_LINE)
    nuances = _list(path, fields, "nuances", line, name)
    if not MIN_NUANCES <= len(nuances) <= MAX_NUANCES:
        raise SeedError(
            path,
            _line(fields["nuances"]),
            f"feeling {name!r} has {len(nuances)} nuances: give {MIN_NUANCES} to {MAX_NUANCES}",
        )
    words: dict[str, str] = {}
    for item in nuances:
        if not isinstance(item, yaml.ScalarNode) or not slugify(item.value):
            raise SeedError(path, _line(item), f"an empty nuance in feeling {name!r}")
        if len(item.value) > MAX_NUANCE:
            raise SeedError(path, _line(item), f"nuance over {MAX_NUANCE} characters")
        if slugify(item.value) in words:
            raise SeedError(path, _line(item), f"nuance {item.value!r} is there twice")
        words[slugify(item.value)] = item.value.strip()
    cards = []
    for item in _list(path, fields, "cards", line, name):
        ref = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
        article, _, card = ref.partition("/")
        if (article, card) not in known:
            raise SeedError(
                path,
                _line(item),
                f"unknown card {ref!r} in feeling {name!r}: use article-slug/card-slug "
                "of a card in seeds/",
            )
        # Offered to someone about to contact them: a retold card that speaks of a
        # return, even as its writer's belief, is not for this moment (the app's own
        # cards are written by the care guide, which allows "no one can tell").
        source, found = known[(article, card)]
        if source.perspective != OWN_VOICE and (returns := care.speaks_of_return(found.body)):
            raise SeedError(
                path,
                _line(item),
                f"card {ref!r} in feeling {name!r} speaks of a return ({returns[0]!r}): "
                "choose a card that doesn't",
            )
        cards.append((article, card))
    return FeelingSeed(
        slug=slugify(name), name=name, line=said, nuances=list(words.values()), cards=cards
    )


def _text(path: Path, fields: dict, key: str, line: int, limit: int) -> str:
    node = fields.get(key)
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise SeedError(path, _line(node) if node else line, f"a feeling needs a {key}")
    if len(node.value) > limit:
        raise SeedError(path, _line(node), f"{key} over {limit} characters")
    return node.value.strip()


def _list(path: Path, fields: dict, key: str, line: int, name: str) -> list[yaml.Node]:
    node = fields.get(key)
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        where = _line(node) if node else line
        raise SeedError(path, where, f"feeling {name!r} needs a list of {key}")
    return node.value


def load_feelings(feelings: list[FeelingSeed]) -> str:
    """Write the feelings, replacing them all when anything differs; runs inside
    loadseeds' transaction, after the cards are written."""
    if _stored() == [_as_stored(seed) for seed in feelings]:
        return f"Feelings unchanged: {len(feelings)}."
    cards = {
        (card.article.slug, card.slug): card
        for card in Card.objects.select_related("article").filter(
            slug__in={slug for seed in feelings for _, slug in seed.cards}
        )
    }
    Feeling.objects.all().delete()
    for position, seed in enumerate(feelings, start=1):
        feeling = Feeling.objects.create(
            slug=seed.slug, name=seed.name, line=seed.line, position=position
        )
        Nuance.objects.bulk_create(
            Nuance(feeling=feeling, slug=slugify(words), words=words, position=n)
            for n, words in enumerate(seed.nuances, start=1)
        )
        FeelingCard.objects.bulk_create(
            FeelingCard(feeling=feeling, card=cards[ref], position=n)
            for n, ref in enumerate(seed.cards, start=1)
        )
    return f"Feelings loaded: {len(feelings)}."


def _as_stored(seed: FeelingSeed) -> tuple:
    return (seed.slug, seed.name, seed.line, seed.nuances, seed.cards)


def _stored() -> list[tuple]:
    feelings = Feeling.objects.prefetch_related("nuances", "feelingcard_set__card__article")
    return [
        (
            f.slug,
            f.name,
            f.line,
            [n.words for n in f.nuances.all()],
            [(fc.card.article.slug, fc.card.slug) for fc in f.feelingcard_set.all()],
        )
        for f in feelings
    ]
