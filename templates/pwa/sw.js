// Stand Still's service worker. Rendered by Django: the version changes with every deploy
// that changes a static file, and the worker precaches the shell so the app opens offline.
//
// - Hashed static files: cache first (their names change when their content does).
// - Pages: network first; a copy of each readable page is kept for offline reading;
//   with no network and no copy, the offline page. A page whose URL carries a choice
//   (ROUTES.noQuery, with a query string) is not kept.
//   A precached page (PAGES) answers offline for any query string on its path.
// - Personal pages (ROUTES.personal) and the cards they link to are kept in a cache of
//   the reader's own, named by the Reader-Cache header the server sends with them (an
//   HMAC of the reader's token, not the token). A page of another reader empties it, as
//   "Delete all my data" (ROUTES.clears) does. Their `Cache-Control: private, no-store` is for HTTP
//   caches (a proxy's, the browser's); this is the app's own storage on the device.
// - Just after install (which stays small: one failed file fails it all), on any
//   connection, what install left for later (LATER: pages and static files a hard
//   moment needs less, once per version). Then pages to read with no signal
//   (ROUTES.lists: the cards): once a day at most, each list's `own` pages, then its
//   `rest` when the connection is neither slow nor saving data (keepRest), fetched
//   without cookies so no reader's state is in them; offline, a reader's own copy of a
//   page comes first.
// - htmx requests and form posts: network only; the page itself handles failures.
// - Only this origin: the worker never touches a request to anywhere else.
// Its routes, pages and scripts are what the apps registered (apps/core/shell.py).

// Handlers the apps add (a reminder's notification).
importScripts(...{{ scripts_json|safe }});

const VERSION = "{{ version }}";
// One worker per language (/sw.js, /es/sw.js), each scoped to its pages: its shell's
// cache is named for its language, and leaves the other languages' caches alone.
const LANGUAGE = "{{ language }}";
const CACHE = `stand-still-${LANGUAGE}-${VERSION}`;
const OTHER_LANGUAGES = {{ languages_json|safe }}
  .filter((code) => code !== LANGUAGE)
  .map((code) => `stand-still-${code}-`);
const ASSETS = {{ assets_json|safe }};
const PAGES = {{ pages_json|safe }};
const LATER = {{ later_json|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const STATIC_URL = "{{ static_url }}";
const ROUTES = {{ routes_json|safe }};
const CARDS_KEPT = "/cards-kept-at"; // when the cards were last kept, in this version's cache
const A_DAY = 24 * 60 * 60 * 1000;
const READER_CACHES = `stand-still-reader-`;

// A path under one of `prefixes`; one ending in "$" is a whole path.
function under(prefixes, path) {
  return prefixes.some((prefix) =>
    prefix.endsWith("$") ? path === prefix.slice(0, -1) : path.startsWith(prefix),
  );
}
const personal = (path) => under(ROUTES.personal, path);

// The hashed static files come through the browser's HTTP cache, where the first page
// already put its own (a hashed name never changes content): only what is new is
// downloaded. Pages are asked of the server, fresh.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll([...ASSETS, ...PAGES.map((url) => new Request(url, { cache: "reload" }))]),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      // A reader's cache outlives a deploy (their saved cards stay offline), the shell does not.
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key !== CACHE && !key.startsWith(READER_CACHES))
            .filter((key) => !OTHER_LANGUAGES.some((other) => key.startsWith(other)))
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data?.type === "VERSION") event.ports[0]?.postMessage(VERSION);
  if (event.data?.type === "KEEP") event.waitUntil(keepForReader(event.data.urls));
  if (event.data?.type === "KEEP_REST") event.waitUntil(keepRest());
});

let keeping = null;
function keepRest() {
  keeping ||= fetchLater()
    .then(fetchCards)
    .finally(() => {
      keeping = null;
    });
  return keeping;
}

async function fetchLater() {
  const cache = await caches.open(CACHE);
  try {
    for (const url of LATER) {
      if (await cache.match(url)) continue;
      // As anyone sees it, and without cookies: a response that lands after the reader
      // signed in must not set the CSRF cookie back to the one before.
      const response = await fetch(url, { credentials: "omit" });
      if (response.ok) await cache.put(url, response);
    }
  } catch {
    // offline again: the next page asks again
  }
}

async function fetchCards() {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(CARDS_KEPT);
  if (kept && Date.now() - Number(await kept.text()) < A_DAY) return;
  const connection = self.navigator.connection;
  const thin = connection?.saveData || /2g$/.test(connection?.effectiveType || "");
  try {
    for (const list of ROUTES.lists) {
      const { own = [], rest = [] } = await (await fetch(list, { credentials: "same-origin" })).json();
      for (const path of thin ? own : [...own, ...rest]) {
        if (await cache.match(path)) continue;
        // As anyone sees it: no reader's saved state or notes in the shell's copy.
        const response = await fetch(path, { credentials: "omit" });
        if (response.ok) await cache.put(path, response);
      }
    }
  } catch {
    return; // offline again, or a deploy emptied this cache: the next page tries again
  }
  if (!thin) await cache.put(CARDS_KEPT, new Response(String(Date.now())));
}

async function readerCacheNames() {
  return (await caches.keys()).filter((key) => key.startsWith(READER_CACHES));
}

function dropReaderCaches(except) {
  return readerCacheNames().then((names) =>
    Promise.all(names.filter((name) => name !== except).map((name) => caches.delete(name))),
  );
}

// A personal page as its reader saw it: kept in that reader's cache, and only there.
async function keepPersonal(request, response) {
  const reader = response.headers.get("Reader-Cache");
  if (!reader) return;
  const name = READER_CACHES + reader;
  await dropReaderCaches(name); // another reader's pages never stay on their phone
  if (response.ok) await (await caches.open(name)).put(request, response);
}

// Pages the Saved page links to (its lists, its cards), or a card just saved: fetched
// now, so they open offline later. Into the reader's own cache: the one here, or the one
// a personal page's Reader-Cache header names (a first save, before Saved was opened).
async function keepForReader(urls) {
  if (!Array.isArray(urls)) return;
  let [name] = await readerCacheNames();
  const wanted = urls
    .slice(0, 50)
    .map((path) => new URL(path, self.location.origin))
    .filter((url) => url.origin === self.location.origin)
    // Personal pages first: they name the reader's cache.
    .sort((a, b) => personal(b.pathname) - personal(a.pathname));
  for (const url of wanted) {
    const mine = personal(url.pathname);
    if (!mine && !name) return; // no reader's cache to put a card in
    // A card already kept stays as it is; Saved and lists are fetched again (they change).
    if (!mine && (await (await caches.open(name)).match(url.pathname, { ignoreVary: true }))) continue;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      const reader = response.headers.get("Reader-Cache");
      if (reader && READER_CACHES + reader !== name) {
        name = READER_CACHES + reader;
        await dropReaderCaches(name); // another reader's pages never stay on their phone
      }
      if (response.ok && name) await (await caches.open(name)).put(url.pathname, response);
    } catch {
      return; // offline again: the next visit keeps them
    }
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && ROUTES.clears.includes(url.pathname)) {
    // "Delete all my data": the copies on this phone go with the server's.
    event.respondWith(
      fetch(request).then(async (response) => {
        if (response.ok || response.type === "opaqueredirect" || response.redirected) {
          await dropReaderCaches();
        }
        return response;
      }),
    );
    return;
  }
  if (request.method !== "GET") return;
  if (request.headers.get("HX-Request")) return;
  if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, url));
  }
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    const choice = url.search && under(ROUTES.noQuery, url.pathname);
    if (personal(url.pathname)) {
      await keepPersonal(request.url, response.clone());
    } else if (response.ok && !choice && under(ROUTES.readable, url.pathname)) {
      (await caches.open(CACHE)).put(request, response.clone());
    }
    return response;
  } catch (offline) {
    // A precached page answers for any query on it (the help page's ?country=: every
    // country is in the page, and its script shows the one asked for).
    // The reader's own copy first (their saved state), then the shell's.
    const [reader] = await readerCacheNames();
    return (
      (reader && (await (await caches.open(reader)).match(url.pathname, { ignoreVary: true }))) ||
      (await caches.match(request)) ||
      (personal(url.pathname) && (await caches.match(url.pathname, { ignoreVary: true }))) ||
      (PAGES.includes(url.pathname) && (await caches.match(url.pathname))) ||
      (await caches.match(OFFLINE_URL)) ||
      Response.error()
    );
  }
}
