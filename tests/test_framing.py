"""The framing of a kept page (apps/core/framing.py), byte for byte against gzip and
zlib themselves: any number of tokens, near or far apart, at the page's edges."""

import gzip
import secrets
import struct
import zlib

import pytest

from apps.core import framing

HOLE = b"csrf-hole-for-these-tests"


def no_nul(data: bytes) -> bytes:
    return data.replace(b"\0", b"\1")  # a page never holds one (keep refuses it)


@pytest.mark.parametrize("holes", [0, 1, 2, 40])
@pytest.mark.parametrize("gap", [0, 10, 40_000])  # far apart: a token copied can't reach
@pytest.mark.parametrize("edges", [False, True])  # a token as the page's first and last bytes
def test_the_framing_is_exact_for_any_number_of_tokens_gzip_or_not(holes, gap, edges):
    hole = HOLE
    text = b"<p>" + b"".join(b"x" * gap + b"<i>%d</i>" % n + hole for n in range(holes)) + b"</p>"
    if edges:
        text = hole + text + hole
    kept = framing.keep(text, hole)
    token = b"T" * 30 + b"k" * 34

    # gzip checks the trailer too: the CRC-32, made without the page's bytes, and the length.
    assert gzip.decompress(framing.gzip(kept, token)) == text.replace(hole, token)
    assert framing.plain(kept, token) == text.replace(hole, token)  # no gzip
    assert framing.plain(kept, b"short") == text.replace(hole, b"short")


def test_the_trailer_crc_is_the_page_crc_for_any_token_at_any_places():
    """The CRC-32 made from the kept page's, the token's and where the tokens stand."""
    hole = HOLE
    for seed in range(30):
        pieces = [no_nul(secrets.token_bytes(seed * 37 % 500 + n)) for n in range(seed % 7 + 1)]
        kept = framing.keep(hole.join(pieces), hole)
        token = secrets.token_bytes(framing.TOKEN_LENGTH)
        page = token.join(pieces)

        trailer = framing._trailer(kept, token)
        assert trailer == struct.pack("<II", zlib.crc32(page), len(page))


def test_a_page_with_a_nul_byte_cannot_be_framed():
    assert framing.keep(b"<p>a\0b</p>" + HOLE, HOLE) is None
