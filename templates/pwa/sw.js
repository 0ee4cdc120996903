// Stand Still's service worker. Rendered by Django: the version changes with every deploy
// that changes a static file, and the worker precaches the shell so the app opens offline.
//
// - Hashed static files: cache first (their names change when their content does).
// - Pages: network first; a copy of each readable page is kept for offline reading;
//   with no network and no copy, the offline page. Personal pages (/saved/) are not kept,
//   nor a reach-out step whose URL carries a choice.
//   A precached page (PAGES) answers offline for any query string on its path.
// - htmx requests and form posts: network only; the page itself handles failures.
// - Only this origin: the worker never touches a request to anywhere else.

const VERSION = "{{ version }}";
const CACHE = `stand-still-${VERSION}`;
const ASSETS = {{ assets_json|safe }};
const PAGES = {{ pages_json|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const STATIC_URL = "{{ static_url }}";
const READABLE = [/^\/$/, /^\/cards\//, /^\/articles\//, /^\/about\/$/, /^\/stand-still\/$/, /^\/help\/$/, /^\/privacy\/$/, /^\/offline\/$/, /^\/reach-out\//];
// A reach-out step with a query carries a choice made without JavaScript (a feeling,
// an answer): it is never kept. What is written on the path never reaches a URL at all.
const CHOICES = /^\/reach-out\//;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll([...ASSETS, ...PAGES].map((url) => new Request(url, { cache: "reload" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
  if (event.data?.type === "VERSION") event.ports[0]?.postMessage(VERSION);
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
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
    const choice = url.search && CHOICES.test(url.pathname);
    if (response.ok && !choice && READABLE.some((pattern) => pattern.test(url.pathname))) {
      (await caches.open(CACHE)).put(request, response.clone());
    }
    return response;
  } catch (offline) {
    // A precached page answers for any query on it (the help page's ?country=: every
    // country is in the page, and its script shows the one asked for).
    return (
      (await caches.match(request)) ||
      (PAGES.includes(url.pathname) && (await caches.match(url.pathname))) ||
      (await caches.match(OFFLINE_URL)) ||
      Response.error()
    );
  }
}
