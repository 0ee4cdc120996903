// "Delete all my data" also deletes what this device keeps of a person's reading and
// of the reach-out path (kept messages, the count, where they left off, the draw's
// deck), before the form goes to the server. Settings (the timer's, the help page's
// country) stay: they say nothing about what was read or written.

import { deleteEverything } from "./store.js";

// Keys of static/cards/place.js and static/cards/draw.js, and My plan and the
// evenings (static/companion/store.js), matched by their start.
const READING = [
  "stand-still:last-read",
  "stand-still:place:",
  "stand-still:draw-deck",
  "stand-still:plan",
  "stand-still:evenings",
];

function forgetReading() {
  for (const storage of [localStorage, sessionStorage]) {
    try {
      const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i));
      for (const key of keys) {
        if (READING.some((start) => key?.startsWith(start))) storage.removeItem(key);
      }
    } catch {
      // storage off (private mode): nothing was kept
    }
  }
}

const form = document.querySelector("[data-delete-everything]");
form?.addEventListener("submit", async (event) => {
  if (form.dataset.cleared) return;
  event.preventDefault();
  forgetReading();
  await deleteEverything();
  form.dataset.cleared = "true";
  form.requestSubmit(event.submitter);
});
