// Saves made offline: kept on the device (IndexedDB) with an idempotency key, shown as
// pending, and sent once the connection returns. The server applies each key once, so a
// replay that had in fact arrived changes nothing. The CSRF token is read at send time.
//
// A save leaves the outbox only when the server took it (2xx) or said the save itself
// can never succeed (400, 404, 409, 422: the reader is told which card). Anything else
// (no network, 5xx, 429, a refused token) keeps it, and it is tried again with backoff.

import { clearOffline, showOffline } from "../core/connection.js";

const DB_NAME = "stand-still";
const STORE = "outbox";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result.result ?? result);
    tx.onerror = () => reject(tx.error);
  });
}

export const outbox = {
  put: (item) => withStore("readwrite", (store) => store.put(item)),
  all: () => withStore("readonly", (store) => store.getAll()),
  remove: (key) => withStore("readwrite", (store) => store.delete(key)),
};

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

// Not `form.action`: the form's button is named "action", which shadows the property.
function actionUrl(form) {
  return new URL(form.getAttribute("action"), window.location.href).href;
}

function formFor(url) {
  return [...document.querySelectorAll("form.save-form")].find((form) => actionUrl(form) === url);
}

// Answers that say the save itself is wrong: sending it again would not help.
const INVALID = new Set([400, 404, 409, 422]);
const FIRST_RETRY_MS = 2000;
const LAST_RETRY_MS = 5 * 60 * 1000;

function titleOf(form) {
  return form?.querySelector(".save-toggle")?.getAttribute("aria-label").replace(/^[^:]*: /, "") ?? "";
}

function showPending(form, action) {
  const button = form?.querySelector(".save-toggle");
  if (!button) return;
  button.setAttribute("aria-pressed", String(action === "save"));
  const title = button.getAttribute("aria-label").replace(/^[^:]*: /, "");
  const state = action === "save" ? "Saved, waiting to sync" : "Removal waiting to sync";
  button.setAttribute("aria-label", `${state}: ${title}`);
  button.value = action === "save" ? "unsave" : "save";
  button.dataset.pending = "";
  const label = button.querySelector(".pending-label") || document.createElement("span");
  label.className = "pending-label";
  label.textContent = action === "save" ? " · waiting to sync" : " · removal waiting to sync";
  button.append(label);
}

// Every save request carries a key, so a request that did reach the server before the
// connection dropped is not applied twice when the outbox sends it again.
document.body.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt;
  if (!form.matches?.("form.save-form")) return;
  const parameters = event.detail.parameters;
  form.dataset.action = parameters.get?.("action") ?? parameters.action ?? "";
  form.dataset.key = crypto.randomUUID();
  event.detail.headers["Idempotency-Key"] = form.dataset.key;
});

async function keep(form) {
  const item = {
    key: form.dataset.key,
    url: actionUrl(form),
    action: form.dataset.action,
    title: titleOf(form),
    at: Date.now(),
  };
  await outbox.put(item);
  showPending(form, item.action);
}

document.body.addEventListener("htmx:sendError", async (event) => {
  const form = event.detail.elt;
  if (!form.matches?.("form.save-form") || !form.dataset.action) return;
  await keep(form);
  showOffline("You're offline. Your save is kept on this phone and will be sent when you're back.");
});

// The server could not take it just now (its database, or too many requests): keep it too.
document.body.addEventListener("htmx:responseError", async (event) => {
  const form = event.detail.elt;
  const status = event.detail.xhr?.status;
  if (!form.matches?.("form.save-form") || !form.dataset.action || !worthRetrying(status)) return;
  await keep(form);
  showOffline("Couldn't save just now. Your save is kept on this phone and will be sent again shortly.");
  retryLater();
});

function worthRetrying(status) {
  return !INVALID.has(status) && !(status >= 200 && status < 300);
}

let flushing = false;
let retryTimer = null;
let retryDelay = FIRST_RETRY_MS;

function retryLater(afterSeconds) {
  clearTimeout(retryTimer);
  const jitter = 0.8 + Math.random() * 0.4;
  const delay = afterSeconds > 0 ? afterSeconds * 1000 : retryDelay * jitter;
  retryDelay = Math.min(retryDelay * 2, LAST_RETRY_MS);
  retryTimer = setTimeout(() => flush().catch(() => {}), delay);
}

function showRefused(titles) {
  const cards = titles.map((title) => (title ? `“${title}”` : "a card")).join(", ");
  const text = titles.length === 1 ? `${cards} couldn't be saved` : `These couldn't be saved: ${cards}`;
  showOffline(`${text[0].toUpperCase()}${text.slice(1)}. Please open the card and try again.`);
}

// Put a card's button back to how it stood before the tap that could not be saved.
function undoPending(item) {
  const button = formFor(item.url)?.querySelector(".save-toggle");
  if (!button) return;
  const saved = item.action !== "save";
  button.setAttribute("aria-pressed", String(saved));
  button.setAttribute("aria-label", `${saved ? "Saved" : "Save"}: ${item.title}`);
  button.value = saved ? "unsave" : "save";
  delete button.dataset.pending;
  button.querySelector(".pending-label")?.remove();
}

export async function flush() {
  if (flushing || !navigator.onLine) return;
  flushing = true;
  try {
    const items = (await outbox.all()).sort((a, b) => a.at - b.at);
    const refused = [];
    for (const item of items) {
      let response;
      try {
        response = await fetch(item.url, {
          method: "POST",
          headers: {
            "X-CSRFToken": csrfToken(),
            "Idempotency-Key": item.key,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ action: item.action }),
          credentials: "same-origin",
        });
      } catch {
        retryLater();
        return; // still offline: try again later, or when the connection returns
      }
      if (response.status === 403) {
        showOffline("A save waiting on this phone was refused. Reload the page to send it again.");
        return; // keep it: a fresh page brings a fresh token
      }
      if (!response.ok && !INVALID.has(response.status)) {
        retryLater(Number(response.headers.get("Retry-After")));
        return; // keep it, and everything after it, in order
      }
      await outbox.remove(item.key);
      if (!response.ok) {
        refused.push(item.title);
        undoPending(item);
        continue;
      }
      const form = formFor(item.url);
      if (form) {
        const template = document.createElement("template");
        template.innerHTML = await response.text();
        const fresh = template.content.querySelector("form.save-form");
        if (fresh) {
          form.replaceWith(fresh);
          window.htmx?.process(fresh);
        }
      }
    }
    retryDelay = FIRST_RETRY_MS;
    if (refused.length) showRefused(refused);
    else clearOffline();
  } finally {
    flushing = false;
  }
}

async function markPending() {
  for (const item of await outbox.all()) showPending(formFor(item.url), item.action);
}

if ("indexedDB" in window) {
  markPending().then(flush).catch(() => {});
  window.addEventListener("online", () => flush().catch(() => {}));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush().catch(() => {});
  });
}
