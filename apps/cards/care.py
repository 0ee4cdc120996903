"""The care guide's checkable rules (seeds/README.md), in one place.

A card's label says whose article it retells, so its sentences may speak plainly.
But a sentence that speaks of a return, of destiny or of signs must still say
whose belief it is ("the writer believes", "in this view"), or leave the
question open ("whether"). The app's own voice never promises or predicts a
reunion. `loadseeds` refuses content that breaks these rules, and
tests/test_seeds_care.py reads seeds/ with them.

A heading (a card's or an article's title) is read alone: in a list, a search
result, a shared link, a browser tab. So it is held to the same rule as a
sentence, with its own words (a label beside it does not count), and it never
speaks of a return at all, not even attributed. A heading that asks ("What if
they never come back?") leaves the question open, as "whether" does.

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
    r"not now",  # "not now, not like this": a later, or another way
    r"unions?",  # a "union", "full union", "sacred union" (not reunion, communion)
    r"reconcil\w*",  # reconcile, reconciled, reconciliation
    r"together again",
    r"(live|lives|lived|living) with (their|your|his|her) twin",
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
    r"soul(s|mates?)?",  # soul, soul mate, soul-mate, soulmate
    r"spiritual\w*",  # spiritual, spiritually, spirituality
    r"oneness",
    r"your twin( flame)?s?",  # the reader's "twin flame", taken for granted
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


def heading_problem(heading: str) -> str:
    """What is wrong with a heading under the care guide, or "" when nothing is."""
    if heading.rstrip().endswith("?"):
        return ""
    if _RETURN.search(heading):
        return "a heading is read alone, so it may not speak of a return, even attributed"
    if unattributed(heading):
        return "it names a belief without saying whose it is"
    return ""
