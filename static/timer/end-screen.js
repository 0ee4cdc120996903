// What only the end screen needs: htmx, for its card's Save (kept in the outbox when
// offline) and its Lists sheet. The page does not load it: a session's start does (Start
// or Again), from the worker's precached copy when offline, while the person breathes.
// Without it the card's forms are plain posts. A path step (no data-htmx) goes on to its
// next step and shows no card.

const root = document.querySelector("[data-timer][data-htmx]");
let asked = false;

function loadHtmx() {
  if (asked || window.htmx || root.dataset.state !== "running") return; // not started: a bad custom pattern
  asked = true;
  const script = Object.assign(document.createElement("script"), { src: root.dataset.htmx });
  script.addEventListener("error", () => {
    script.remove();
    asked = false; // the next session asks again
  });
  // htmx starts itself at DOMContentLoaded or, once the page has loaded, at once (then
  // processing the whole page, a card already shown included); in between, it would wait
  // for a DOMContentLoaded that has passed.
  if (document.readyState === "complete") document.head.append(script);
  else window.addEventListener("load", () => document.head.append(script), { once: true });
}

// After timer.js's own listeners (this module runs after it), so a session has started.
if (root) {
  root.querySelector("[data-settings]").addEventListener("submit", loadHtmx);
  root.querySelector("[data-again]").addEventListener("click", loadHtmx);
}
