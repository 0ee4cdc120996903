"""List names: how a name is written down, and when two names are the same list.

A name is kept as the reader typed it, tidied (`tidy`): compatibility forms
folded (NFKC: the Kelvin sign is a K, full-width letters are letters), invisible
characters removed, spaces trimmed and collapsed. Two names clash when their
`key`s are equal: case folded the Unicode way (ß and ẞ are "ss", Ω and the Ohm
sign are one letter, İ is i), the same on every database. The key is stored in
its own column under a unique constraint, so a clash lost in a race is refused
by the database too.
"""

import unicodedata

# Zero-width and other invisible characters people paste in by accident.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"))


def tidy(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).translate(INVISIBLE)
    return " ".join(name.split())


def key(name: str) -> str:
    folded = unicodedata.normalize("NFC", tidy(name).casefold())
    # Casefolding keeps the dot of a capital İ as a combining mark; "İstanbul" is "istanbul".
    return folded.replace("i\u0307", "i")
