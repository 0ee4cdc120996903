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

# The same rules in the other languages of seeds/ (apps/cards/translations.py): the
# words a translation may use for a return, a belief and whose belief it is.
SPANISH = {
    "return": (
        r"volver(á|án|ás|ía|ían)",
        r"regresar(á|án|ás|ía|ían)",
        r"vuelv(a|an|e|en) (contigo|a ti|a tu lado)",
        r"vuelv(a|an)",  # "cuando vuelva": when they come back
        r"(si|cuando|no) vuelve",
        r"reencuentros?",
        r"reencontrar\w*",
        r"reconcilia\w*",
        r"reuni(r|rse|rán|ón|ones|dos|das)",
        r"(de nuevo|otra vez) juntos",
        r"juntos (de nuevo|otra vez)",
        r"uni(ón|ones)",
    ),
    "belief": (
        r"destin\w*",
        r"predestinad\w*",
        r"señal(es)?",
        r"sincron(ía|ías|icidad|icidades)",
        r"universo",
        r"divin\w*",
        r"karma",
        r"kármic\w*",
        r"telepat\w*",
        r"psíquic\w*",
        r"vidente\w*",
        r"vidas? pasadas?",
        r"almas?( gemelas?)?",
        r"espiritual\w*",
        r"tu llama gemela",
    ),
    "attribution": (
        "quien escribe",
        "según",
        "en esta mirada",
        "en este relato",
        "el texto",
        "este texto",
        "el artículo",
        "este artículo",
        "la vidente",
        "el vidente",
        "para quien",
        "hay quien",
        "algunas personas",
        "creen",
        "cree",
        "dicen",
        "dice",
        "si de verdad",
    ),
}
GERMAN = {
    "return": (
        r"zurück(zu)?(komm|kehr)\w*",  # zurückkommen, zurückkommt, zurückzukehren
        r"(kommt|kommen|kehrt|kehren)\b[^.!?]{0,40}\bzurück",
        r"wiedervereint\w*",
        r"Wiedervereinigung\w*",
        r"Vereinigung\w*",
        r"versöhn\w*",
        r"Versöhnung\w*",
        r"wieder zusammen\w*",
        r"Wiedersehen",
    ),
    "belief": (
        r"Schicksal\w*",
        r"vorherbestimmt\w*",
        r"Zeichen",
        r"Synchronizität\w*",
        r"Universum\w*",
        r"göttlich\w*",
        r"Karma",
        r"karmisch\w*",
        r"Telepathie",
        r"telepathisch\w*",
        r"hellsichtig\w*",
        r"Hellseher\w*",
        r"medial\w*",
        r"früheren? Leben",
        r"Seelenverwandt\w*",
        r"Seele\w*",
        r"spirituell\w*",
        r"deine Zwillingsflamme",
    ),
    "attribution": (
        "der Text",
        "des Textes",
        "dem Text",
        "die Texte",
        "der Texte",
        "den Texten",
        "dieser Sicht",
        "aus Sicht",
        "nach Ansicht",
        "in diesem Bericht",
        "die Hellseherin",
        "der Hellseher",
        "glauben",
        "glaubt",
        "sagen",
        "sagt",
        "manche",
        "ob",
    ),
}
WORDS = {
    "en": {"return": RETURN_WORDS, "belief": BELIEF_WORDS, "attribution": ATTRIBUTIONS},
    "es": SPANISH,
    "de": GERMAN,
}


def _any(patterns) -> re.Pattern:
    return re.compile(rf"\b({'|'.join(patterns)})\b", re.IGNORECASE)


_RETURN = {code: _any(w["return"]) for code, w in WORDS.items()}
_BELIEF = {code: _any(w["return"] + w["belief"]) for code, w in WORDS.items()}
_ATTRIBUTION = {code: _any(map(re.escape, w["attribution"])) for code, w in WORDS.items()}
# A sentence ends at . ! or ? (perhaps inside a closing quote), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")
_MARKDOWN = re.compile(r"[*_`]|\]\([^)]*\)|\[")


def sentences(text: str) -> list[str]:
    plain = _MARKDOWN.sub("", text)
    return [s.strip() for s in _SENTENCE_END.split(plain) if s.strip()]


def unattributed(text: str, language: str = "en") -> list[str]:
    """Sentences that speak of a return, destiny or signs without saying whose belief it is."""
    belief, whose = _BELIEF[language], _ATTRIBUTION[language]
    return [s for s in sentences(text) if belief.search(s) and not whose.search(s)]


def speaks_of_return(text: str, language: str = "en") -> list[str]:
    """Sentences that mention a return at all, attributed or not."""
    return [s for s in sentences(text) if _RETURN[language].search(s)]


def heading_problem(heading: str, language: str = "en") -> str:
    """What is wrong with a heading under the care guide, or "" when nothing is."""
    if heading.rstrip().endswith("?"):
        return ""
    if _RETURN[language].search(heading):
        return "a heading is read alone, so it may not speak of a return, even attributed"
    if unattributed(heading, language):
        return "it names a belief without saying whose it is"
    return ""
