"""seeds/feelings.yaml: the cards the reach-out path offers, by name, checked and loaded.

The file has two lists. `check-in`: the cards for no feeling in particular (the
check-in's answers, the card step when no feeling is named). `feelings`: the feelings
of the "Name the feeling" step, each with a `name`, a `line` (an acknowledgement shown
with its card), two to four `nuances` and the `cards` that answer it. Every card is
named as `article-slug/card-slug`, and none is a retold card that speaks of a return,
in its heading or its words (the app's own cards may say "no one can tell"). `loadseeds`
checks the file against the articles it loads in the same run, then writes it in the
same transaction; every problem is reported with the file and the line.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.text import slugify

from apps.cards import care
from apps.cards.models import Card
from apps.cards.seeds import SeedError, Seeds
from apps.cards.translations import languages

from .models import CheckInCard, Feeling, FeelingCard, Nuance

FILE = "feelings.yaml"
SECTIONS = {"check-in", "feelings"}
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


@dataclass
class PathSeed:
    check_in: list[tuple[str, str]]  # (article slug, card slug), in the order offered
    feelings: list[FeelingSeed]
    # seeds/<language>/feelings.yaml: {feeling slug: {language: {name, line, nuances}}}
    texts: dict = field(default_factory=dict)


def read_feelings(folder: Path, seeds: Seeds) -> PathSeed:
    path = folder / FILE
    if not path.exists():
        raise SeedError(path, 1, "the feelings file is missing")
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SeedError(path, mark.line + 1 if mark else 1, f"bad YAML: {error}") from None
    if not isinstance(root, yaml.MappingNode):
        raise SeedError(path, 1, "expected `check-in:` and `feelings:`, each a list")
    sections = {key.value: value for key, value in root.value}
    if unknown := sections.keys() - SECTIONS:
        raise SeedError(path, 1, f"unknown section {', '.join(sorted(unknown))}")
    known = {(a.slug, c.slug): (a, c) for a in seeds.articles for c in a.cards}
    check_in = [
        _card(path, item, known, "the check-in")
        for item in _section(path, sections, "check-in", "cards")
    ]
    feelings: list[FeelingSeed] = []
    seen: dict[str, int] = {}
    for node in _section(path, sections, "feelings", "feelings"):
        feeling = _feeling(path, node, known)
        line = _line(node)
        if feeling.slug in seen:
            also = seen[feeling.slug]
            raise SeedError(path, line, f"duplicate feeling {feeling.name!r} (also on line {also})")
        seen[feeling.slug] = line
        feelings.append(feeling)
    return PathSeed(check_in=check_in, feelings=feelings, texts=_translations(folder, feelings))


def _translations(folder: Path, feelings: list[FeelingSeed]) -> dict:
    """Each feeling's name, line and nuances in the other languages, where their file
    has them (same slug, as many nuances); one it doesn't name keeps English."""
    by_slug = {feeling.slug: feeling for feeling in feelings}
    texts: dict = {}
    for language in languages():
        path = folder / language / FILE
        if not path.exists():
            continue
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as error:
            raise SeedError(path, 1, f"bad YAML: {error}") from None
        for n, entry in enumerate(entries, start=1):
            english = by_slug.get(entry.get("slug")) if isinstance(entry, dict) else None
            nuances = entry.get("nuances") if english else None
            if not english or not entry.get("name") or not entry.get("line"):
                raise SeedError(
                    path, n, "each feeling: the `slug` of an English one, `name`, `line`"
                )
            if not isinstance(nuances, list) or len(nuances) != len(english.nuances):
                raise SeedError(path, n, f"{english.slug}: as many nuances as in English")
            if problem := care.heading_problem(str(entry["name"]), language) or (
                care.speaks_of_return(str(entry["line"]), language) and "a return"
            ):
                raise SeedError(path, n, f"{english.slug}: {problem} (see seeds/README.md)")
            texts.setdefault(english.slug, {})[language] = {
                "name": str(entry["name"])[:40],
                "line": str(entry["line"])[:200],
                "nuances": [str(words)[:60] for words in nuances],
            }
    return texts


def _section(path: Path, sections: dict, key: str, what: str) -> list[yaml.Node]:
    node = sections.get(key)
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise SeedError(path, _line(node) if node else 1, f"`{key}:` needs a list of {what}")
    return node.value


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _card(path: Path, item: yaml.Node, known: dict, where: str) -> tuple[str, str]:
    """A card named by its address; offered to someone about to contact them, so a
    retold card that speaks of a return, in its heading or its words, even as its
    writer's belief, is refused (the app's own cards are written by the care guide,
    which allows "no one can tell")."""
    ref = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
    article, _, card = ref.partition("/")
    if (article, card) not in known:
        raise SeedError(
            path,
            _line(item),
            f"unknown card {ref!r} in {where}: use article-slug/card-slug of a card in seeds/",
        )
    source, found = known[(article, card)]
    if source.perspective != OWN_VOICE and (
        returns := care.speaks_of_return(f"{found.title}.\n\n{found.body}")
    ):
        raise SeedError(
            path,
            _line(item),
            f"card {ref!r} in {where} speaks of a return ({returns[0]!r}): "
            "choose a card that doesn't",
        )
    return (article, card)


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
    where = f"feeling {name!r}"
    cards = [_card(path, item, known, where) for item in _list(path, fields, "cards", line, name)]
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


def load_feelings(seed: PathSeed) -> str:
    """Write the check-in cards and the feelings, replacing them all when anything
    differs; runs inside loadseeds' transaction, after the cards are written."""
    if _stored() == _as_stored(seed):
        return f"Feelings unchanged: {len(seed.feelings)}."
    refs = seed.check_in + [ref for feeling in seed.feelings for ref in feeling.cards]
    cards = {
        (card.article.slug, card.slug): card
        for card in Card.objects.select_related("article").filter(
            slug__in={slug for _, slug in refs}
        )
    }
    CheckInCard.objects.all().delete()
    CheckInCard.objects.bulk_create(
        CheckInCard(card=cards[ref], position=n) for n, ref in enumerate(seed.check_in, start=1)
    )
    Feeling.objects.all().delete()
    for position, feeling_seed in enumerate(seed.feelings, start=1):
        texts = seed.texts.get(feeling_seed.slug, {})
        feeling = Feeling.objects.create(
            slug=feeling_seed.slug,
            name=feeling_seed.name,
            line=feeling_seed.line,
            position=position,
            texts={lang: {"name": t["name"], "line": t["line"]} for lang, t in texts.items()},
        )
        Nuance.objects.bulk_create(
            Nuance(
                feeling=feeling,
                slug=slugify(words),
                words=words,
                position=n,
                texts={lang: {"words": t["nuances"][n - 1]} for lang, t in texts.items()},
            )
            for n, words in enumerate(feeling_seed.nuances, start=1)
        )
        FeelingCard.objects.bulk_create(
            FeelingCard(feeling=feeling, card=cards[ref], position=n)
            for n, ref in enumerate(feeling_seed.cards, start=1)
        )
    return f"Feelings loaded: {len(seed.feelings)}."


def _as_stored(seed: PathSeed) -> tuple:
    feelings = [(f.slug, f.name, f.line, f.nuances, f.cards) for f in seed.feelings]
    return (seed.check_in, feelings, seed.texts)


def _stored() -> tuple:
    check_in = [
        (c.card.article.slug, c.card.slug)
        for c in CheckInCard.objects.select_related("card__article")
    ]
    feelings = Feeling.objects.prefetch_related("nuances", "feelingcard_set__card__article")
    return (
        check_in,
        [
            (
                f.slug,
                f.name,
                f.line,
                [n.words for n in f.nuances.all()],
                [(fc.card.article.slug, fc.card.slug) for fc in f.feelingcard_set.all()],
            )
            for f in feelings
        ],
        {
            f.slug: {
                lang: {**words, "nuances": [n.texts[lang]["words"] for n in f.nuances.all()]}
                for lang, words in f.texts.items()
            }
            for f in feelings
            if f.texts
        },
    )
