"""Real traffic for bench/server.py: many readers on many pages, every request a miss,
and saves from many connections, as wrk Lua scripts made from the data set.

Each script is a fixed sequence of requests drawn with a fixed seed; wrk's threads
start at different places in it. The server answers `X-Page-Cache: hit` or `miss`
on cached pages (DJANGO_PAGE_CACHE_HEADER, set only here), and the script counts
them, so the run reports the share of pages served from the cache.
"""

import random
import secrets
from pathlib import Path

import common

SEED = 15
READERS = 1_000
SAVERS = 16

# What every script shares: walk the sequence, count answers, sum the threads.
LUA = """
local requests = {%(requests)s}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  first = math.floor(#requests * id / %(threads)d)
  walked = 0
  hits, misses, ok, failed = 0, 0, 0, 0
end

function request()
  walked = walked + 1
  return requests[(first + walked - 1) %% #requests + 1]
end

function response(status, headers, body)
  local cached = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cached == "hit" then hits = hits + 1 elseif cached == "miss" then misses = misses + 1 end
  if status < 400 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local h, m, o, f, least = 0, 0, 0, 0, nil
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); m = m + thread:get("misses")
    o = o + thread:get("ok"); f = f + thread:get("failed")
    local answered = thread:get("ok") + thread:get("failed")
    if least == nil or answered < least then least = answered end
  end
  io.write(string.format("COUNTS hits=%%d misses=%%d ok=%%d failed=%%d walked=%%d\\n",
    h, m, o, f, least or 0))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\r\\n") + '"'


def script(folder: Path, name: str, requests: list[str], threads: int) -> Path:
    """A wrk script that sends `requests` (each made by wrk.format) in turn."""
    path = folder / f"{name}.lua"
    body = ",\n".join(requests)
    path.write_text(LUA % {"requests": body, "threads": threads})
    return path


def get(path: str, cookie: str = "") -> str:
    headers = "{['Accept-Encoding']='gzip'" + (f", Cookie={lua_string(cookie)}" if cookie else "")
    return f"wrk.format('GET', {lua_string(path)}, {headers}}})"


def build(folder: Path, data: dict, threads: int) -> dict[str, Path]:
    """The scripts: every request a miss on each kind of page; the 1,000-reader mix;
    saves from `SAVERS` readers, one distinct card each time."""
    from django.db import transaction

    from apps.bookmarks import services
    from apps.bookmarks.models import Bookmark
    from apps.cards.models import Card, Topic
    from apps.core import readers

    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    cards = list(Card.objects.live().order_by("pk").values_list("pk", "article__slug", "slug"))
    card_paths = [f"/cards/{article}/{slug}/" for _, article, slug in cards]
    topics = list(Topic.objects.values_list("slug", flat=True))
    words = sorted({w.strip(".,;").lower() for s in common.SENTENCES for w in s.split()})
    terms = sorted({" ".join(rng.sample(words, 2)) for _ in range(400)})[:200]
    scripts = {}

    # Every request a miss: a URL never asked for before.
    owner = data["cookie"]
    kinds = {
        "feed": lambda n: f"/?miss={n}",
        "search": lambda n: f"/search/?q={terms[n % len(terms)].replace(' ', '+')}&miss={n}",
        "card": lambda n: f"{card_paths[n % len(card_paths)]}?miss={n}",
        "list": lambda n: f"{data['pages']['list']}?miss={n}",
    }
    for kind, make in kinds.items():
        scripts[f"miss-{kind}"] = script(
            folder, f"miss-{kind}", [get(make(n), owner) for n in range(20_000)], threads
        )

    # 1,000 readers, each with a few saved cards, on random pages.
    tokens = [secrets.token_hex(16) for _ in range(READERS)]
    with transaction.atomic():
        for token in tokens:
            saved = services.default_list(services.reader_for(token))
            picks = rng.sample(cards, 5)
            Bookmark.objects.bulk_create(
                Bookmark(list=saved, card_id=pk, position=i) for i, (pk, _, _) in enumerate(picks)
            )
    # Each a reader who has been here before: their reader cookie and a CSRF cookie.
    cookies = [
        f"{readers.COOKIE}={common.reader_cookie(token)}; csrftoken={rng.getrandbits(128):032x}"
        for token in tokens
    ]
    popular = rng.sample(card_paths, 500)

    def page() -> str:
        roll = rng.random()
        if roll < 0.35:
            return f"/?page={rng.randint(1, 20)}" if rng.random() < 0.9 else "/"
        if roll < 0.5:
            return f"/?topic={rng.choice(topics)}"
        if roll < 0.8:
            return rng.choice(popular)
        if roll < 0.92:
            return f"/search/?q={rng.choice(terms).replace(' ', '+')}"
        return "/saved/"

    mix = [get(page(), rng.choice(cookies)) for _ in range(40_000)]
    scripts["mix"] = script(folder, "mix", mix, threads)

    # Saves: 16 readers, each request a card not saved before.
    savers = [secrets.token_hex(16) for _ in range(SAVERS)]
    csrf = secrets.token_hex(16)  # an unmasked secret: Django takes it as cookie and field
    signed = [common.reader_cookie(token) for token in savers]
    saves = []
    for n in range(40_000):
        pk = cards[(n // SAVERS) % len(cards)][0]
        cookie = f"csrftoken={csrf}; {readers.COOKIE}={signed[n % SAVERS]}"
        headers = (
            "{['Content-Type']='application/x-www-form-urlencoded', ['HX-Request']='true', "
            f"Cookie={lua_string(cookie)}}}"
        )
        body = f"action=save&csrfmiddlewaretoken={csrf}"
        saves.append(f"wrk.format('POST', '/saved/cards/{pk}/', {headers}, '{body}')")
    scripts["saves"] = script(folder, "saves", saves, threads)
    return {"scripts": scripts, "savers": savers}
