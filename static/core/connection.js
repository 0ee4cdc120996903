// Offline and update notices. A failed htmx request swaps nothing (htmx leaves the page
// as it was) and says so calmly; the notice clears when the connection returns.

import { gettext } from "./words.js";

const offlineText = () => gettext("You're offline. This will work again when you're back.");

function region() {
  return document.getElementById("connection");
}

export function showOffline(text = offlineText()) {
  const box = region();
  if (!box) return;
  box.querySelector("p").textContent = text;
  box.hidden = false;
}

export function clearOffline() {
  const box = region();
  if (box) box.hidden = true;
}

// Dismissed, it stays away until there is something new to say.
document.addEventListener("click", (event) => {
  if (event.target.closest?.("[data-dismiss-connection]")) clearOffline();
});

const UNAVAILABLE_TEXT = {
  get: () => gettext("Couldn't load that just now. Please try again in a moment."),
  post: () => gettext("Couldn't save that just now. What you typed is still here: please try again in a moment."),
};

document.body.addEventListener("htmx:sendError", () => showOffline());
// The server could not reach or write its database (503): nothing was swapped, so the
// page and anything typed in it stay as they were.
document.body.addEventListener("htmx:responseError", (event) => {
  if (event.detail.xhr?.status !== 503) return;
  const verb = event.detail.requestConfig?.verb === "get" ? "get" : "post";
  showOffline(UNAVAILABLE_TEXT[verb]());
});
document.body.addEventListener("htmx:timeout", () => showOffline());
document.body.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.successful) clearOffline();
});
window.addEventListener("online", clearOffline);
window.addEventListener("offline", () => showOffline());

// The service worker. A new version waits until the reader says so, so an open page
// never mixes its HTML with another deploy's assets.
async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  // Each language has its worker, beside its manifest: /sw.js for /, /es/sw.js for /es/.
  const manifest = document.querySelector('link[rel="manifest"]');
  const scope = manifest ? new URL(".", manifest.href).pathname : "/";
  const registration = await navigator.serviceWorker.register(`${scope}sw.js`, {
    scope,
    updateViaCache: "none",
  });
  const offerUpdate = (worker) => {
    const prompt = document.getElementById("update");
    if (!prompt || !navigator.serviceWorker.controller) return; // first install: nothing to update
    prompt.hidden = false;
    prompt.querySelector("button").addEventListener(
      "click",
      () => worker.postMessage({ type: "SKIP_WAITING" }),
      { once: true },
    );
  };
  if (registration.waiting) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offerUpdate(worker);
    });
  });
  // What install left for later, and cards to read with no signal: the worker fetches
  // them in the background (the cards once a day).
  navigator.serviceWorker.ready.then((ready) => ready.active?.postMessage({ type: "KEEP_REST" }));
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading || !document.getElementById("update") || document.getElementById("update").hidden) return;
    reloading = true;
    window.location.reload();
  });
}

registerWorker().catch(() => {
  // No worker (private mode, an old browser): the site still works online.
});
