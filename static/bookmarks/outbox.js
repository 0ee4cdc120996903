// Saves and notes made offline: kept on the device (IndexedDB) with an idempotency key,
// shown at once as pending ("will sync"), and sent once the connection returns. The
// server applies each key once, so a replay that had in fact arrived changes nothing.
// The CSRF token is read at send time.
//
// An item leaves the outbox only when the server took it (2xx) or said the change itself
// can never succeed (400, 404, 409, 422: the reader is told which card). Anything else
// (no network, 5xx, 429, a refused token) keeps it, and it is tried again with backoff.
//
// Each item: { key, url, action ("save", "unsave" or "note"), title, cardUrl, at } and,
// for a note, { fields: { note }, page (the list it was written in), before (the note
// the server had) }.

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

// The forms whose changes the outbox keeps: a card's Save button, and a note in a list.
const KEPT_FORMS = "form.save-form, form.note-form";

function formFor(url) {
  return [...document.querySelectorAll(KEPT_FORMS)].find((form) => actionUrl(form) === url);
}

function isNoteForm(form) {
  return Boolean(form?.matches?.("form.note-form"));
}

// Answers that say the save itself is wrong: sending it again would not help.
const INVALID = new Set([400, 404, 409, 422]);
const FIRST_RETRY_MS = 2000;
const LAST_RETRY_MS = 5 * 60 * 1000;

function titleOf(form) {
  if (isNoteForm(form)) return cardLinkOf(form)?.textContent.trim() ?? "";
  return form?.querySelector(".save-toggle")?.getAttribute("aria-label").replace(/^[^:]*: /, "") ?? "";
}

// A note's card, as its list shows it: the item's title link.
function cardLinkOf(form) {
  return form.closest(".bookmark")?.querySelector("h2 a");
}

function showPending(form, item) {
  if (item.action === "note") showPendingNote(form, item.fields?.note ?? "");
  else showPendingSave(form, item.action);
}

// A note kept on the phone shows in its list at once, as the note, marked "will sync".
function showPendingNote(form, text) {
  const details = form?.closest("details.note");
  if (!details) return;
  details.open = true;
  details.querySelector("summary").textContent = text ? "Your note" : "Add a note";
  showNote(details, form, text, text ? "Note saved on this phone · will sync" : "Note removed on this phone · will sync");
  form.querySelector("textarea").value = text;
}

// The note shown above the form (`before` the form in a list, in the Saved page's
// entry), and a line under it saying it waits, or none.
function showNote(container, before, text, waiting) {
  let shown = container.querySelector(".note-text");
  if (text && !shown) {
    shown = document.createElement("p");
    shown.className = "note-text";
    container.insertBefore(shown, before);
  }
  if (text) {
    shown.classList.add("note-typed");
    shown.textContent = text;
  } else shown?.remove();
  container.querySelector(".note-pending")?.remove();
  if (!waiting) return;
  const line = document.createElement("p");
  line.className = "hint note-pending";
  line.textContent = waiting;
  container.insertBefore(line, before);
}

// A tap kept on the phone says what it did: "Saved · will sync", "Removed · will sync".
function showPendingSave(form, action) {
  const button = form?.querySelector("button.save-toggle");
  if (!button) return;
  button.setAttribute("aria-pressed", String(action === "save"));
  const title = button.getAttribute("aria-label").replace(/^[^:]*: /, "");
  const state = action === "save" ? "Saved, will sync" : "Removed, will sync";
  button.setAttribute("aria-label", `${state}: ${title}`);
  button.value = action === "save" ? "unsave" : "save";
  button.dataset.pending = "";
  const main = button.querySelector(".save-label");
  if (main) main.textContent = action === "save" ? "Saved" : "Removed";
  button.querySelector(".save-lists")?.remove();
  const label = button.querySelector(".pending-label") || document.createElement("span");
  label.className = "pending-label";
  label.textContent = " · will sync";
  button.append(label);
}

// Every save request carries a key, so a request that did reach the server before the
// connection dropped is not applied twice when the outbox sends it again.
document.body.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt;
  if (!form.matches?.(KEPT_FORMS)) return;
  const parameters = event.detail.parameters;
  const field = (name) => parameters.get?.(name) ?? parameters[name] ?? "";
  form.dataset.action = isNoteForm(form) ? "note" : field("action");
  if (isNoteForm(form)) form.dataset.note = field("note");
  form.dataset.key = crypto.randomUUID();
  event.detail.headers["Idempotency-Key"] = form.dataset.key;
});

async function keep(form) {
  const item = {
    key: form.dataset.key,
    url: actionUrl(form),
    action: form.dataset.action,
    title: titleOf(form),
    cardUrl: form.dataset.cardUrl,
    at: Date.now(),
  };
  if (item.action === "note") {
    item.fields = { note: form.dataset.note };
    item.cardUrl = cardLinkOf(form)?.getAttribute("href");
    item.page = window.location.pathname;
    item.before = form.querySelector("textarea")?.defaultValue ?? "";
    // A newer note for the same card replaces one still waiting: only the last matters.
    for (const waiting of await outbox.all()) {
      if (waiting.action === "note" && waiting.url === item.url) await outbox.remove(waiting.key);
    }
  }
  await outbox.put(item);
  showPending(form, item);
}

const KEPT_TEXT = {
  offline: {
    save: "You're offline. Your save is kept on this phone and will be sent when you're back.",
    note: "You're offline. Your note is kept on this phone and will be sent when you're back.",
  },
  unavailable: {
    save: "Couldn't save just now. Your save is kept on this phone and will be sent again shortly.",
    note: "Couldn't save just now. Your note is kept on this phone and will be sent again shortly.",
  },
};

function keptText(when, form) {
  return KEPT_TEXT[when][isNoteForm(form) ? "note" : "save"];
}

document.body.addEventListener("htmx:sendError", async (event) => {
  const form = event.detail.elt;
  if (!form.matches?.(KEPT_FORMS) || !form.dataset.action) return;
  await keep(form);
  showOffline(keptText("offline", form));
});

// The server could not take it just now (its database, or too many requests): keep it too.
document.body.addEventListener("htmx:responseError", async (event) => {
  const form = event.detail.elt;
  const status = event.detail.xhr?.status;
  if (!form.matches?.(KEPT_FORMS) || !form.dataset.action || !worthRetrying(status)) return;
  await keep(form);
  showOffline(keptText("unavailable", form));
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

function refusedName(item) {
  const card = item.title ? `“${item.title}”` : "a card";
  return item.action === "note" ? `your note on ${card}` : card;
}

function showRefused(items) {
  const titles = items.map(refusedName);
  const cards = titles.join(", ");
  const text = titles.length === 1 ? `${cards} couldn't be saved` : `These couldn't be saved: ${cards}`;
  const next = items.every((item) => item.action !== "note") ? "Please open the card and try again." : "Please try again.";
  showOffline(`${text[0].toUpperCase()}${text.slice(1)}. ${next}`);
}

// A note the server refused: the list shows the note it has again, and what was typed
// stays in the box, to change or copy.
function undoPendingNote(item) {
  const form = formFor(item.url);
  const details = form?.closest("details.note");
  if (!details) return;
  details.open = true;
  details.querySelector("summary").textContent = item.before ? "Your note" : "Add a note";
  showNote(details, form, item.before, "");
  form.querySelector("textarea").value = item.fields?.note ?? "";
}

// Put a card's button back to how it stood before the tap that could not be saved.
function undoPending(item) {
  if (item.action === "note") return undoPendingNote(item);
  const button = formFor(item.url)?.querySelector(".save-toggle");
  if (!button) return;
  const saved = item.action !== "save";
  button.setAttribute("aria-pressed", String(saved));
  button.setAttribute("aria-label", `${saved ? "Saved" : "Save"}: ${item.title}`);
  button.value = saved ? "unsave" : "save";
  delete button.dataset.pending;
  button.querySelector(".pending-label")?.remove();
  const main = button.querySelector(".save-label");
  if (main) main.textContent = saved ? "Saved" : "Save";
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
          body: new URLSearchParams(item.fields ?? { action: item.action }),
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
        refused.push(item);
        undoPending(item);
        continue;
      }
      if (item.action === "save") keepOffline([item.cardUrl, SAVED_URL]);
      if (item.action === "note") keepOffline([item.page, SAVED_URL]);
      await showSent(item, response);
    }
    retryDelay = FIRST_RETRY_MS;
    await listPending();
    if (refused.length) showRefused(refused);
    else clearOffline();
  } finally {
    flushing = false;
  }
}

// The server's answer in place of what was shown as waiting: the card's button, or the
// note's whole list item.
async function showSent(item, response) {
  const form = formFor(item.url);
  if (!form) return;
  const template = document.createElement("template");
  template.innerHTML = await response.text();
  const shown = item.action === "note" ? form.closest(".bookmark") : form;
  const fresh = template.content.querySelector(item.action === "note" ? ".bookmark" : "form.save-form");
  if (shown && fresh) {
    shown.replaceWith(fresh);
    window.htmx?.process(fresh);
  }
}

async function markPending() {
  const items = await outbox.all();
  for (const item of items.sort((a, b) => a.at - b.at)) showPending(formFor(item.url), item);
  await listPending(items);
}

// On the Saved page (often its offline copy): the cards saved on this phone that have
// not reached the server yet, so a save made offline shows there at once.
async function listPending(items) {
  const section = document.querySelector("[data-pending-saves]");
  if (!section) return;
  const all = items ?? (await outbox.all());
  const saves = all.filter((item) => item.action === "save");
  const list = section.querySelector("ul");
  list.replaceChildren(
    ...saves.map((item) => {
      const entry = document.createElement("li");
      entry.className = "saved-card panel";
      const link = document.createElement("a");
      link.className = "saved-card-link";
      link.href = item.cardUrl || item.url;
      link.textContent = item.title || "A card";
      const state = document.createElement("p");
      state.className = "hint";
      state.textContent = "Saved · will sync";
      entry.append(link, state);
      return entry;
    }),
  );
  section.hidden = saves.length === 0;
  listPendingNotes(all);
}

// A note written offline in the Saved list shows in the Saved page's entry for its card.
function listPendingNotes(items) {
  const saved = document.querySelector("[data-notes-of]");
  if (!saved) return;
  for (const line of saved.querySelectorAll(".note-pending")) line.remove();
  const notes = items.filter((item) => item.action === "note" && item.page === saved.dataset.notesOf);
  for (const item of notes) {
    const link = [...saved.querySelectorAll(".saved-card-link")].find(
      (each) => each.getAttribute("href") === item.cardUrl,
    );
    if (!link) continue;
    const text = item.fields?.note ?? "";
    const brief = text.length > 140 ? `${text.slice(0, 139)}…` : text;
    showNote(link.parentElement, null, brief, text ? "Note saved on this phone · will sync" : "Note removed on this phone · will sync");
  }
}

// Saved cards open offline: the worker keeps copies of these pages in this reader's own
// cache (see sw.js), once the Saved page or a list has been seen, and after each save.
const SAVED_URL = "/saved/";

function keepOffline(urls) {
  const worker = navigator.serviceWorker?.controller;
  const wanted = urls.filter(Boolean);
  if (worker && wanted.length) worker.postMessage({ type: "KEEP", urls: wanted });
}

function keepLinkedPages() {
  if (!navigator.onLine) return;
  const links = [...document.querySelectorAll("a[data-keep-offline]")].map((link) => link.pathname);
  keepOffline(links);
}

document.body.addEventListener("htmx:afterRequest", (event) => {
  // The form itself: the swap has taken it out of the page, so htmx tells the nearest
  // element still in it, and `detail.elt` is that one.
  const form = event.detail.requestConfig?.elt ?? event.detail.elt;
  if (!form.matches?.(KEPT_FORMS) || !event.detail.successful) return;
  if (form.dataset.action === "save") keepOffline([form.dataset.cardUrl, SAVED_URL]);
  // The offline copies of this list and of Saved show the note as it now is.
  if (form.dataset.action === "note") keepOffline([window.location.pathname, SAVED_URL]);
});

if (navigator.serviceWorker?.controller) keepLinkedPages();
else navigator.serviceWorker?.addEventListener("controllerchange", keepLinkedPages, { once: true });

if ("indexedDB" in window) {
  markPending().then(flush).catch(() => {});
  window.addEventListener("online", () => flush().catch(() => {}));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush().catch(() => {});
  });
}
