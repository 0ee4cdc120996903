// Your place, kept on this device only (nothing of it reaches the server):
// - the last card read, for "Continue where you left off" on the feed, the articles
//   and each article;
// - on a list of cards (the feed, a topic, a search), which card was opened, so Back
//   returns to that card however many pages of "More" had been loaded.

import { gettext, interpolate } from "../core/words.js";
import { readJson, writeJson } from "./stored.js";

const LAST = "stand-still:last-read";
const PLACE = "stand-still:place:";

const read = document.querySelector("[data-read]");
if (read) {
  const entry = { url: read.dataset.read, title: read.dataset.readTitle, article: read.dataset.readArticle };
  writeJson("localStorage", LAST, entry);
  writeJson("localStorage", `${LAST}:${entry.article}`, entry);
}

for (const box of document.querySelectorAll("[data-continue]")) {
  const article = box.dataset.continueArticle;
  const last = readJson("localStorage", article ? `${LAST}:${article}` : LAST);
  if (!last?.url || !last.url.startsWith("/") || last.url === window.location.pathname) continue;
  const link = box.querySelector("a");
  link.href = last.url;
  link.textContent = interpolate(gettext("Continue where you left off: %(title)s"), { title: last.title });
  box.hidden = false;
}

const placeKey = () => PLACE + window.location.pathname + window.location.search;

document.addEventListener("click", (event) => {
  const card = event.target.closest?.(".card-list article.card[id]");
  if (card && event.target.closest("a[href]")) writeJson("sessionStorage", placeKey(), { card: card.id });
});

async function returnToPlace() {
  const place = readJson("sessionStorage", placeKey());
  if (!place?.card || !window.htmx) return;
  window.history.scrollRestoration = "manual"; // the browser's guess would land elsewhere
  // Load the pages that were loaded before, one after another, until the card is back.
  for (let pages = 0; pages < 200 && !document.getElementById(place.card); pages++) {
    const more = document.querySelector(".card-list a.more");
    if (!more) break;
    await window.htmx.ajax("GET", more.getAttribute("href"), { target: more, swap: "outerHTML" });
  }
  const card = document.getElementById(place.card);
  if (!card) return;
  card.scrollIntoView({ block: "start" });
  card.querySelector(".card-title a")?.focus({ preventScroll: true });
}

const [navigation] = performance.getEntriesByType("navigation");
if (navigation?.type === "back_forward") returnToPlace().catch(() => {});
