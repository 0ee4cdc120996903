"""A page kept compressed, with a hole for each CSRF token: `keep(page, hole)` once on a
miss, `gzip(framed, token)` (or `plain(framed, token)`) on every hit. Policy lives in
pagecache.py; this module only frames bytes.

Why it exists (bench/RESULTS.md, 2026-12-05): decompressing a kept page, putting the
token in and compressing it again at level 1 costs a hit about 0.4 ms, half again its
time; framed, a hit copies the kept stream and adds 64 bytes.

How: the page is compressed once as one raw deflate stream, ended on a sync flush
(byte-aligned) at each hole. Where a token goes the compressor is given NUL bytes of a
token's length and their output is dropped, so its history holds a stand-in of the
right length and every distance back stays right; as the page has no NUL byte (`keep`
refuses one), nothing after refers into a token. The first token goes out as a stored
block; each later one as a copy of the one before. The gzip trailer's CRC-32 is made
from the kept page's, the token's and where the tokens stand, never from the page's
bytes. tests/test_framing.py checks every case byte for byte against gzip itself.
"""

import secrets
import struct
import zlib
from dataclasses import dataclass

# zlib's default level: measured against level 1 on a miss in bench/RESULTS.md.
LEVEL = 6
# A masked CSRF token's length (Django's get_token), and deflate's window.
TOKEN_LENGTH = 64
WINDOW = 32 * 1024
# What the compressor is given for a token: never sent.
STAND_IN = b"\0" * TOKEN_LENGTH
# CRC-32's polynomial and its 1 (x^0), bit-reflected as zlib holds them (`_trailer`).
_POLY = 0xEDB88320
_ONE = 0x80000000


@dataclass(frozen=True)
class Framed:
    """The page as one raw deflate stream without its tokens, `stream`, cut where a
    token goes as it is (the first one, and any too far from the one before to be
    copied). `lengths` are the page's parts between tokens; `crc` is the CRC-32 of the
    page with NUL bytes for its tokens, and `spread` what a token's CRC adds to it from
    all the token's places (`_trailer`)."""

    stream: tuple[bytes, ...]
    lengths: tuple[int, ...]
    crc: int
    spread: int


def keep(page: bytes, hole: bytes) -> Framed | None:
    """`page` framed at each `hole`; None for a page the framing can't hold (a NUL
    byte: the stand-in's history would be read), which is then served but not kept."""
    if b"\0" in page:
        return None
    parts = page.split(hole)
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    stream, run = [], [deflate.compress(parts[0])]
    crc, spread = zlib.crc32(parts[0]), 0
    for n, part in enumerate(parts[1:], 1):  # a token goes before each of these
        run.append(deflate.flush(zlib.Z_SYNC_FLUSH))
        deflate.compress(STAND_IN)
        deflate.flush(zlib.Z_SYNC_FLUSH)  # the stand-in's block, never sent
        distance = len(parts[n - 1]) + TOKEN_LENGTH  # back to the token before
        if n > 1 and distance <= WINDOW:
            run.append(_copy_block(TOKEN_LENGTH, distance))
        else:  # the token goes here as it is
            stream.append(b"".join(run))
            run = []
        run.append(deflate.compress(part))
        crc = zlib.crc32(part, zlib.crc32(STAND_IN, crc))
        after = len(part) + (TOKEN_LENGTH if n < len(parts) - 1 else 0)
        spread = _past_zeros(spread ^ _ONE, after)  # to the next token's end, or the page's
    run.append(deflate.flush(zlib.Z_FINISH))
    stream.append(b"".join(run))
    return Framed(tuple(stream), tuple(map(len, parts)), crc, spread)


def gzip(framed: Framed, token: bytes) -> bytes:
    """One gzip stream: the kept deflate stream with the token in a stored block at
    each cut. The name field carries random bytes of random length, as Django's
    GZipMiddleware does against BREACH, so sizes vary from response to response.
    For a token of `TOKEN_LENGTH` bytes (Django's always are)."""
    stored = _stored(token)
    name = secrets.token_hex(1 + secrets.randbelow(50)).encode() + b"\x00"
    body = [b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + name]
    for piece in framed.stream:
        body += [piece, stored]
    body[-1] = _trailer(framed, token)
    return b"".join(body)


def plain(framed: Framed, token: bytes) -> bytes:
    """The page as it is, for a client that takes no gzip, with a token of any length."""
    page = zlib.decompress(_stored(STAND_IN).join(framed.stream), -zlib.MAX_WBITS)
    parts, start = [], 0
    for length in framed.lengths:
        parts.append(page[start : start + length])
        start += length + TOKEN_LENGTH
    return token.join(parts)


def _copy_block(length: int, distance: int) -> bytes:
    """A deflate block in fixed codes (RFC 1951, 3.2.6) that copies `length` bytes
    from `distance` back, followed by an empty stored block so it ends byte-aligned,
    as a sync flush does. For 3 <= length <= 258 and distance <= 32,768."""
    symbol, base, extra = next(c for c in _LENGTH_CODES if c[1] <= length < c[1] + 2 ** c[2])
    dsymbol, dbase, dextra = next(c for c in _DISTANCE_CODES if c[1] <= distance < c[1] + 2 ** c[2])
    bits = [(0, 1), (1, 2)]  # not the last block; fixed codes
    if symbol <= 279:
        bits.append((_reversed(symbol - 256, 7), 7))
    else:
        bits.append((_reversed(0b11000000 + symbol - 280, 8), 8))
    bits += [(length - base, extra), (_reversed(dsymbol, 5), 5), (distance - dbase, dextra)]
    bits += [(0, 7), (0, 1), (0, 2)]  # end of block (256); an empty stored block's header
    value = position = 0
    for field, count in bits:  # deflate packs fields from the least significant bit
        value |= field << position
        position += count
    return value.to_bytes((position + 7) // 8, "little") + b"\x00\x00\xff\xff"


def _reversed(code: int, count: int) -> int:
    """Huffman codes are packed from their most significant bit."""
    return int(f"{code:0{count}b}"[::-1], 2)


def _codes(first_symbol: int, bases: list[int], extras: list[int]) -> list[tuple[int, int, int]]:
    return [
        (first_symbol + n, base, extra)
        for n, (base, extra) in enumerate(zip(bases, extras, strict=True))
    ]


_LENGTH_CODES = _codes(
    257,
    [
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        13,
        15,
        17,
        19,
        23,
        27,
        31,
        35,
        43,
        51,
        59,
        67,
        83,
        99,
        115,
        131,
        163,
        195,
        227,
        258,
    ],
    [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0],
)
_DISTANCE_CODES = _codes(
    0,
    [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
     1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577],
    [0, 0, 0, 0] + [n for n in range(1, 14) for _ in range(2)],
)  # fmt: skip


def _stored(data: bytes) -> bytes:
    """A stored (uncompressed) deflate block, not the last, holding `data`."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def _trailer(framed: Framed, token: bytes) -> bytes:
    """The gzip trailer: the page's CRC-32 and length, with the token (of
    `TOKEN_LENGTH` bytes, as Django's always are) at every place.

    CRC-32 is affine over GF(2): two messages of one length differ in CRC by the CRC
    (without its start and end values) of their XOR. The page with the token and the
    kept page with NUL bytes for it differ by the token at each place, and a token
    followed by d bytes adds its own CRC times x^(8d), modulo CRC-32's polynomial.
    Summed over the places: the token's CRC times `spread`, which `keep` made. So a
    hit reads 64 bytes and multiplies once, whatever the page's length or forms."""
    own = zlib.crc32(token) ^ zlib.crc32(STAND_IN)  # the token's CRC, less a stand-in's
    crc = framed.crc ^ _times(framed.spread, own)
    size = sum(framed.lengths) + TOKEN_LENGTH * (len(framed.lengths) - 1)
    return struct.pack("<II", crc, size & 0xFFFFFFFF)


def _times(a: int, b: int) -> int:
    """a times b modulo CRC-32's polynomial, both as zlib holds them (bit-reflected):
    zlib's own multmodp, which Python does not expose."""
    product, bit = 0, _ONE
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _past_zeros(value: int, count: int) -> int:
    """`value` times x^(8 * count) modulo CRC-32's polynomial: what a CRC register
    holding `value` holds after `count` zero bytes."""
    return zlib.crc32(bytes(count), value ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
