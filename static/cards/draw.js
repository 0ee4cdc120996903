// "Draw a card" without repeats: the device keeps a shuffled deck of the cards' ids
// (localStorage; the ids come from /draw/cards.json once a round) and asks the server
// for the next one by id (?card=). Without this script, the link's own ?after= draw
// (a fresh random card) still works. The new card fades in (not with reduced motion,
// cards.css) and focus moves to its title, which the status line also announces.

import { fresh, nextId, parsed, shown } from "./deck.js";
import { readJson, writeJson } from "./stored.js";

const KEY = "stand-still:draw-deck";
const drawn = () => document.getElementById("drawn");
const current = () => Number(drawn()?.dataset.card) || null;

// Storage off (private mode): the deck lasts as long as the page.
let deck = parsed(readJson("localStorage", KEY));
let asked = null; // the id of the draw under way
let fallback = false; // the deck could not be had (offline): the server draws instead
const write = () => writeJson("localStorage", KEY, deck);

async function newRound() {
  const response = await fetch(drawn().dataset.deck, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`deck: ${response.status}`);
  deck = fresh((await response.json()).cards);
  write();
}

const hasNext = () => deck !== null && nextId(deck, current()) !== null;

// Ready to draw: a deck with a card still to come, a new round if it is used up.
let pending = null;
async function ready() {
  if (hasNext()) return true;
  pending ??= newRound()
    .catch(() => {
      fallback = true;
    })
    .finally(() => {
      pending = null;
    });
  await pending;
  return !fallback;
}
window.addEventListener("online", () => {
  fallback = false;
});

// The card on screen counts as drawn. On opening the page, the server's own pick may
// be one drawn already this round: it is replaced by the next card of the deck.
function onShown({ onOpening = false } = {}) {
  const id = current();
  if (!id || !deck) return;
  const left = shown(deck, id);
  if (left) {
    deck = left;
    write();
  } else if (onOpening && !fallback && nextId(deck, id) !== null) {
    document.getElementById("draw-again")?.click();
  }
}

function focusTitle() {
  drawn()?.querySelector(".card-title a")?.focus();
}

// Before htmx sees a tap on "Draw another": wait for the deck if it is not ready yet,
// and for htmx itself (a tap as the page opens would otherwise be a plain link: a whole
// new page, with no focus on the new card). Still nothing to come after that (offline,
// or one card in all): the server draws.
let letThrough = false;
let htmxIsReady = false;
document.addEventListener(
  "click",
  async (event) => {
    const link = event.target.closest?.("#draw-again");
    if (!link) return;
    if (fallback || letThrough || (hasNext() && htmxIsReady)) {
      letThrough = false;
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    await Promise.all([ready(), htmxReady]);
    letThrough = !hasNext();
    link.click();
  },
  true,
);

document.body.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.elt?.id !== "draw-again" || fallback || !deck) return;
  asked = nextId(deck, current());
  if (asked !== null) event.detail.path = `${event.detail.path.split("?")[0]}?card=${asked}`;
});

// A card gone from the feed since the deck was made (404): not an error to show, but
// one to leave out of the deck before drawing the next.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const link = event.detail.requestConfig?.elt;
  if (link?.id !== "draw-again" || event.detail.xhr?.status !== 404 || !deck) return;
  event.detail.shouldSwap = false;
  event.detail.isError = false;
  deck = deck.filter((id) => id !== asked);
  write();
  setTimeout(() => link.click()); // once this request is done with
});

document.body.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.elt?.id !== "drawn" && !event.detail.elt?.closest?.("#drawn")) return;
  onShown();
  focusTitle();
});

// htmx takes over the page's links on DOMContentLoaded (its listener, made when its
// deferred script ran, before this module): only then is a click on "Draw another"
// its request. This module runs before DOMContentLoaded, in the "interactive" state.
const htmxReady = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  document.addEventListener("DOMContentLoaded", resolve, { once: true });
  window.addEventListener("load", resolve, { once: true });
});
htmxReady.then(() => {
  htmxIsReady = true;
});

if (drawn()?.dataset.card) {
  Promise.all([ready(), htmxReady]).then(() => onShown({ onOpening: true }));
}
