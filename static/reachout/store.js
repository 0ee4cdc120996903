// Where the path keeps things, all on this device: messages in IndexedDB, the
// count in localStorage, the chosen feeling in sessionStorage. Nothing here
// makes a request. Storage switched off (private browsing) means nothing is
// kept, and the path still works.

import { isExpired, keptAt } from "./logic.js";

export const DB_NAME = "stand-still-not-sent";
const STORE = "messages";
export const FEELING_KEY = "stand-still:feeling";
const COUNTED_KEY = "stand-still:counted";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result?.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const keep = (text, expires, now = Date.now()) =>
  run("readwrite", (store) => store.put({ id: crypto.randomUUID(), text, created: now, expires }));

export const forget = (id) => run("readwrite", (store) => store.delete(id));

/** Every kept message, newest first; expired ones are deleted on the way. */
export async function messages(now = Date.now()) {
  const all = await run("readonly", (store) => store.getAll());
  const expired = all.filter((m) => isExpired(m, now));
  if (expired.length) {
    await run("readwrite", (store) => {
      for (const m of expired) store.delete(m.id);
    });
  }
  return keptAt(all, now);
}

// "Delete all my data" deletes all of this (static/core/forget.js: every "stand-still…"
// key and database). The count itself: static/companion/count.js.

/** A new run of the path has begun (any step before the check-in): its check-in may count. */
export const beginRun = () => safely(() => sessionStorage.removeItem(COUNTED_KEY));
/** True once per run: the first time it is asked after `beginRun`. */
export function firstCheckIn() {
  if (safely(() => sessionStorage.getItem(COUNTED_KEY))) return false;
  safely(() => sessionStorage.setItem(COUNTED_KEY, "1"));
  return true;
}

// The chosen feeling: this tab only, gone when it closes.

export const chooseFeeling = (choice) => safely(() => sessionStorage.setItem(FEELING_KEY, JSON.stringify(choice)));
export function chosenFeeling() {
  try {
    const choice = JSON.parse(sessionStorage.getItem(FEELING_KEY));
    return choice && typeof choice.feeling === "string" ? choice : null;
  } catch {
    return null;
  }
}

function safely(work) {
  try {
    return work();
  } catch {
    return null; // storage switched off: nothing is kept
  }
}
