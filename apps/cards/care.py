"""The care guide's checkable rules (seeds/README.md), in one place.

A card's label says whose article it retells, so its sentences may speak plainly.
But a sentence that speaks of a return, of destiny or of signs must still say
whose belief it is ("the writer believes", "in this view"), or leave the
question open ("whether"). The app's own voice never promises or predicts a
reunion. `loadseeds` refuses content that breaks these rules, and
tests/test_seeds_care.py reads seeds/ with them.

The check is a net, not a judge: it finds the words, and a person reads the
sentence. A false alarm is fixed by rewording, never by a list of exceptions.
"""

import re

# A return or a reunion, promised or predicted.
RETURN_WORDS = (
    r"reuni\w*",  # reunite, reunited, reunion
    r"return(s|ed|ing)?",
    r"(come|comes|came|coming) back",
    r"back together",
    r"(way|drift|drifts|gravitate|gravitates|turn|turns) back",
    r"(bring|brings|win|wins|won|get|gets|got) (them|him|her|your twin( flame)?|a twin flame) back",
    r"belong(s)? (together|with)",
    r"happily ever after",
)

# Beliefs that the project does not hold as fact: destiny, signs, and the like.
BELIEF_WORDS = (
    r"destin(y|ies|ed)",
    r"fated?",
    r"meant to be",
    r"soul contracts?",
    r"signs?",
    r"synchronicit(y|ies)",
    r"universe",
    r"divine",
    r"karm(a|ic)",
    r"telepath\w*",
    r"psychic(s|ally)?",
    r"past li(fe|ves)",
    r"lifetimes",
)

# Phrases that say whose belief a sentence carries, or that leave it open.
ATTRIBUTIONS = (
    "the article",
    "this article",
    "the articles",
    "these articles",
    "an article",
    "the writer",
    "the writers",
    "the psychic",
    "in this view",
    "in their view",
    "in this telling",
    "as they see it",
    "it says",
    "they say",
    "they said",
    "they believe",
    "they believed",
    "they felt",
    "they write",
    "to them",
    "some believe",
    "some people",
    "some say",
    "some read",
    "whether",
)

_RETURN = re.compile(rf"\b({'|'.join(RETURN_WORDS)})\b", re.IGNORECASE)
_BELIEF = re.compile(rf"\b({'|'.join(RETURN_WORDS + BELIEF_WORDS)})\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(rf"\b({'|'.join(map(re.escape, ATTRIBUTIONS))})\b", re.IGNORECASE)
# A sentence ends at . ! or ? (perhaps inside a closing quote), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")
_MARKDOWN = re.compile(r"[*_`]|\]\([^)]*\)|\[")


def sentences(text: str) -> list[str]:
    plain = _MARKDOWN.sub("", text)
    return [s.strip() for s in _SENTENCE_END.split(plain) if s.strip()]


def unattributed(text: str) -> list[str]:
    """Sentences that speak of a return, destiny or signs without saying whose belief it is."""
    return [s for s in sentences(text) if _BELIEF.search(s) and not _ATTRIBUTION.search(s)]


def speaks_of_return(text: str) -> list[str]:
    """Sentences that mention a return at all, attributed or not."""
    return [s for s in sentences(text) if _RETURN.search(s)]
