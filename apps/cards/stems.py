"""Snowball stems (PyStemmer) for the languages SQLite's FTS5 can't stem itself (it has
only English's Porter): the same stems at index time (apps/cards/translations.py
keeps them in a card's `texts`) and at query time (apps/cards/search.py).

"bloqueó", "bloqueo" and "bloquear" become "bloque", "bloque" and "bloqu"; a search
matches each stem as a prefix, so all three find one another. PostgreSQL stems with
its own `spanish` and `german` configurations, the same Snowball algorithms.
"""

import re
from functools import cache

import Stemmer

ALGORITHMS = {"es": "spanish", "de": "german"}
WORD = re.compile(r"[^\W_]+")


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(ALGORITHMS[language])


def stemmed(language: str) -> bool:
    return language in ALGORITHMS


def stem(language: str, word: str) -> str:
    return _stemmer(language).stemWord(word.lower())


def stems(language: str, text: str) -> str:
    """The text's words as stems, in order, one space apart."""
    return " ".join(_stemmer(language).stemWords([w.lower() for w in WORD.findall(text)]))
