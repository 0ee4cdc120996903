// Saves and notes made offline: kept on the device (IndexedDB, queue.js) with an
// idempotency key, shown at once as waiting ("will sync"), and sent once the connection
// returns (sending.js). The server applies each key once, so a replay that had in fact
// arrived changes nothing.
//
// Every page loads this part (app.js): a card's Save button is on most pages, the timer's
// end screen included, and a change that could not be sent must be kept with no request,
// offline. What it needs only once something waits, sending and retrying, is fetched
// then; how a waiting note shows in its list, and what the Saved page lists as waiting,
// is in pending.js, which only the Saved and list pages load.

import { showOffline } from "../core/connection.js";
import { gettext } from "../core/words.js";
import { INVALID, KEPT_FORMS, actionUrl, formFor, keepCopiesOf, outbox, shows, showsOf } from "./queue.js";

function isNoteForm(form) {
  return Boolean(form?.matches?.("form.note-form"));
}

function titleOf(form) {
  if (isNoteForm(form)) return cardLinkOf(form)?.textContent.trim() ?? "";
  return form?.querySelector(".save-toggle")?.getAttribute("aria-label").replace(/^[^:]*: /, "") ?? "";
}

// A note's card, as its list shows it: the item's title link.
function cardLinkOf(form) {
  return form.closest(".bookmark")?.querySelector("h2 a");
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
  showsOf(item)?.waiting(form, item);
}

const KEPT_TEXT = {
  offline: {
    save: gettext("You're offline. Your save is kept on this phone and will be sent when you're back."),
    note: gettext("You're offline. Your note is kept on this phone and will be sent when you're back."),
  },
  unavailable: {
    save: gettext("Couldn't save just now. Your save is kept on this phone and will be sent again shortly."),
    note: gettext("Couldn't save just now. Your note is kept on this phone and will be sent again shortly."),
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
  // Not fetched (the connection dropped meanwhile): the next page, `online` or visit sends it.
  sending()
    .then(({ retryLater }) => retryLater())
    .catch(() => {});
});

function worthRetrying(status) {
  return !INVALID.has(status) && !(status >= 200 && status < 300);
}

// Sending is loaded only once something waits: a page with nothing in the outbox (nearly
// every page, the timer's end screen among them) never fetches it. Something waits only
// after a change could not be sent, and is sent only with the connection back (sending.js
// is fetched then, or comes from the worker's copy).
function sending() {
  return import("./sending.js");
}

async function sendWaiting(items) {
  if (!navigator.onLine || !(items ?? (await outbox.all())).length) return;
  await (await sending()).flush();
}

async function markPending() {
  const items = await outbox.all();
  for (const item of items.sort((a, b) => a.at - b.at)) showsOf(item)?.waiting(formFor(item.url), item);
  await shows.listed(items);
  return items;
}

document.body.addEventListener("htmx:afterRequest", (event) => {
  // The form itself: the swap has taken it out of the page, so htmx tells the nearest
  // element still in it, and `detail.elt` is that one.
  const form = event.detail.requestConfig?.elt ?? event.detail.elt;
  if (!form.matches?.(KEPT_FORMS) || !event.detail.successful) return;
  keepCopiesOf(form.dataset.action, form.dataset.cardUrl, window.location.pathname);
});

if ("indexedDB" in window) {
  // Every module script of the page has run by DOMContentLoaded, pending.js included.
  const start = () => markPending().then(sendWaiting).catch(() => {});
  document.addEventListener("DOMContentLoaded", start, { once: true });
  window.addEventListener("online", () => sendWaiting().catch(() => {}));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") sendWaiting().catch(() => {});
  });
}
