// Sending what waits in the outbox (queue.js): each item with its Idempotency-Key and
// the page's CSRF token, read at send time, oldest first. Loaded by outbox.js only once
// something waits, and only when the connection is back.
//
// A 2xx: the item leaves the outbox, and the server's answer takes the place of what
// was shown as waiting. 400, 404, 409, 422 (the change itself can never succeed): it
// leaves too, the page goes back to how the server has it and says which card. No
// network, 5xx, 429: it stays, with everything after it, and is tried again with
// backoff (or after Retry-After). 403 (a stale token): it stays until a fresh page.

import { clearOffline, showOffline } from "../core/connection.js";
import { gettext, interpolate, pgettext } from "../core/words.js";
import { INVALID, formFor, keepCopiesOf, outbox, shows, showsOf } from "./queue.js";

const FIRST_RETRY_MS = 2000;
const LAST_RETRY_MS = 5 * 60 * 1000;

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

let flushing = false;
let retryTimer = null;
let retryDelay = FIRST_RETRY_MS;

export function retryLater(afterSeconds) {
  clearTimeout(retryTimer);
  const jitter = 0.8 + Math.random() * 0.4;
  const delay = afterSeconds > 0 ? afterSeconds * 1000 : retryDelay * jitter;
  retryDelay = Math.min(retryDelay * 2, LAST_RETRY_MS);
  retryTimer = setTimeout(() => flush().catch(() => {}), delay);
}

// One change the server refused, as an item of the list in "These couldn't be saved: …".
function refusedName(item) {
  const title = { title: item.title };
  if (item.action === "note") {
    return item.title
      ? interpolate(pgettext("in a list of changes that couldn't be saved", "your note on “%(title)s”"), title)
      : pgettext("in a list of changes that couldn't be saved", "your note on a card");
  }
  return item.title
    ? interpolate(pgettext("in a list of changes that couldn't be saved", "“%(title)s”"), title)
    : pgettext("in a list of changes that couldn't be saved", "a card");
}

// The one change the server refused, as a whole sentence.
function refusedOne(item) {
  const title = { title: item.title };
  if (item.action === "note") {
    return item.title
      ? interpolate(gettext("Your note on “%(title)s” couldn't be saved. Please try again."), title)
      : gettext("Your note on a card couldn't be saved. Please try again.");
  }
  return item.title
    ? interpolate(gettext("“%(title)s” couldn't be saved. Please open the card and try again."), title)
    : gettext("A card couldn't be saved. Please open the card and try again.");
}

function showRefused(items) {
  if (items.length === 1) {
    showOffline(refusedOne(items[0]));
    return;
  }
  const cards = { cards: items.map(refusedName).join(", ") };
  showOffline(
    items.every((item) => item.action !== "note")
      ? interpolate(gettext("These couldn't be saved: %(cards)s. Please open the card and try again."), cards)
      : interpolate(gettext("These couldn't be saved: %(cards)s. Please try again."), cards),
  );
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
        showOffline(gettext("A save waiting on this phone was refused. Reload the page to send it again."));
        return; // keep it: a fresh page brings a fresh token
      }
      if (!response.ok && !INVALID.has(response.status)) {
        retryLater(Number(response.headers.get("Retry-After")));
        return; // keep it, and everything after it, in order
      }
      await outbox.remove(item.key);
      if (!response.ok) {
        refused.push(item);
        showsOf(item)?.refused(item);
        continue;
      }
      keepCopiesOf(item.action, item.cardUrl, item.page);
      await showSent(item, response);
    }
    retryDelay = FIRST_RETRY_MS;
    await shows.listed();
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

