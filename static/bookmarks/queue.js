// The outbox's queue and what its three parts share: outbox.js (every page: keys,
// keeping a change that could not be sent, starting to send), sending.js (loaded only
// once something waits) and pending.js (the list and Saved pages).
//
// Each item: { key, url, action ("save", "unsave" or "note"), title, cardUrl, at } and,
// for a note, { fields: { note }, page (the list it was written in), before (the note
// the server had) }.

import { gettext, interpolate, pgettext } from "../core/words.js";

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

// Not `form.action`: the form's button is named "action", which shadows the property.
export function actionUrl(form) {
  return new URL(form.getAttribute("action"), window.location.href).href;
}

// The forms whose changes the outbox keeps: a card's Save button, and a note in a list.
export const KEPT_FORMS = "form.save-form, form.note-form";

export function formFor(url) {
  return [...document.querySelectorAll(KEPT_FORMS)].find((form) => actionUrl(form) === url);
}

// Answers that say the save itself is wrong: sending it again would not help.
export const INVALID = new Set([400, 404, 409, 422]);

// A card's Save button, `saved` or not, either as the server has it or as a tap kept on
// the phone says what it did ("Saved · will sync", "Removed · will sync").
function showSaveButton(form, saved, waiting) {
  const button = form?.querySelector("button.save-toggle");
  if (!button) return;
  const title = button.getAttribute("aria-label").replace(/^[^:]*: /, "");
  const state = saved
    ? pgettext("save button", "Saved")
    : waiting
      ? pgettext("save button", "Removed")
      : pgettext("save button", "Save");
  button.setAttribute("aria-pressed", String(saved));
  button.setAttribute("aria-label", interpolate(saveButtonName(saved, waiting), { title }));
  button.value = saved ? "unsave" : "save";
  button.toggleAttribute("data-pending", waiting);
  const main = button.querySelector(".save-label");
  if (main) main.textContent = state;
  button.querySelector(".save-lists")?.remove();
  button.querySelector(".pending-label")?.remove();
  if (!waiting) return;
  const label = document.createElement("span");
  label.className = "pending-label";
  // Translators: after a Save button's label, for a tap kept on the phone until it can be sent.
  label.textContent = ` · ${pgettext("save button", "will sync")}`;
  button.append(label);
}

// What a screen reader says for the Save button. The title is read back from after the
// first ": " (titleOf in outbox.js, and above), so each wording keeps ": " before it.
function saveButtonName(saved, waiting) {
  if (saved) {
    // Translators: keep ": " right before the title (the page reads the title back from there).
    if (waiting) return gettext("Saved, will sync: %(title)s");
    // Translators: keep ": " right before the title (the page reads the title back from there).
    return gettext("Saved: %(title)s");
  }
  // Translators: keep ": " right before the title (the page reads the title back from there).
  if (waiting) return gettext("Removed, will sync: %(title)s");
  // Translators: keep ": " right before the title (the page reads the title back from there).
  return gettext("Save: %(title)s");
}

// How a change waiting in the outbox shows, by kind: `waiting(form, item)` as kept on
// the phone, `refused(item)` back as the server has it; and `listed(items)`, what the
// page lists as waiting (after each look at the outbox; `items` may be left out). Saves
// are shown here; pending.js adds notes and the Saved page's list as its module runs,
// before DOMContentLoaded, when outbox.js first looks.
export const shows = {
  save: {
    waiting: (form, item) => showSaveButton(form, item.action === "save", true),
    refused: (item) => showSaveButton(formFor(item.url), item.action !== "save", false),
  },
  listed: () => {},
};

export function showsOf(item) {
  return shows[item.action === "note" ? "note" : "save"];
}

// Saved cards open offline: the worker keeps copies of these pages in this reader's own
// cache (see sw.js), once the Saved page or a list has been seen, and after each save.
const SAVED_URL = "/saved/";

export function keepOffline(urls) {
  const worker = navigator.serviceWorker?.controller;
  const wanted = urls.filter(Boolean);
  if (worker && wanted.length) worker.postMessage({ type: "KEEP", urls: wanted });
}

// A save or a note the server took: the offline copies of its card, or of the list it
// was written in, and of Saved show it as it now is.
export function keepCopiesOf(action, cardUrl, page) {
  if (action === "save") keepOffline([cardUrl, SAVED_URL]);
  if (action === "note") keepOffline([page, SAVED_URL]);
}
