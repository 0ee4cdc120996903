// Step 4: the message is written here instead of sent. It lives in this page
// until a choice: deleted, kept in IndexedDB for 24 hours, or kept. It is never
// put in a request, a URL or the service worker's caches.

import { expiresAt } from "./logic.js";
import { beginRun, keep, messages } from "./store.js";

beginRun();
messages().catch(() => {}); // deletes what has expired

const $ = (name) => document.querySelector(`[data-${name}]`);
const area = $("message");
const status = $("status");
const notSent = $("not-sent");

$("private-line").textContent =
  "Private: what you write here never leaves this phone. It is never sent, and kept only if you choose.";
$("choices").hidden = false;
notSent.hidden = false;

const SAID = {
  now: "Deleted. It was never sent.",
  day: "Kept on this phone for 24 hours, then deleted. It was not sent.",
  always: "Kept on this phone, in Not sent. It was not sent.",
};

for (const button of document.querySelectorAll("[data-keep]")) {
  button.addEventListener("click", async () => {
    const choice = button.dataset.keep;
    const text = area.value.trim();
    if (choice !== "now" && !text) {
      status.textContent = "There is nothing written to keep.";
      return area.focus();
    }
    if (choice !== "now") {
      try {
        await keep(text, expiresAt(choice, Date.now()));
      } catch {
        status.textContent = "This browser won't keep it (its storage is off). It was not sent.";
        return;
      }
    }
    area.value = "";
    status.textContent = SAID[choice];
    $("next").focus();
  });
}
