// Step 4: the message is written here instead of sent. It lives in this page
// until a choice: deleted, kept in IndexedDB for a day, or kept. It is never
// put in a request, a URL or the service worker's caches. The choice stays in
// sight above the phone's keyboard while typing, and no way out of the page
// drops words that are not kept without asking first.

import { gettext } from "../core/words.js";
import { expiresAt } from "./logic.js";
import { beginRun, keep, messages } from "./store.js";

beginRun();
messages().catch(() => {}); // deletes what has expired

const $ = (name) => document.querySelector(`[data-${name}]`);
const area = $("message");
const status = $("status");
const ask = $("leave");

$("private-line").textContent = gettext(
  "Private: what you write here never leaves this phone. It is never sent, and kept only if you choose.",
);
$("choices").hidden = false;
$("not-sent").hidden = false;

const SAID = {
  now: gettext("Deleted. It was never sent."),
  day: gettext("Kept on this phone for a day, for you to reread, then deleted. It was not sent."),
  always: gettext("Kept on this phone, in Not sent, for you to reread. It was not sent."),
};

const unkept = () => area.value.trim() !== "";

/** Deletes or keeps what is written; false when the browser would not keep it. */
async function settle(choice) {
  const text = area.value.trim();
  if (choice !== "now") {
    try {
      await keep(text, expiresAt(choice, Date.now()));
    } catch {
      status.textContent = gettext("This browser won't keep it (its storage is off). It was not sent.");
      return false;
    }
  }
  area.value = "";
  status.textContent = SAID[choice];
  return true;
}

for (const button of document.querySelectorAll("[data-keep]")) {
  button.addEventListener("click", async () => {
    const choice = button.dataset.keep;
    if (choice !== "now" && !unkept()) {
      status.textContent = gettext("There is nothing written to keep.");
      return area.focus();
    }
    if (await settle(choice)) $("next").focus();
  });
}

// Leaving: a link (Next, Back, the tabs...) asks first; closing or reloading the
// tab gets the browser's own question. Help links open over the page (help-sheet.js).
let leavingFor = null;

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || !unkept() || event.defaultPrevented || link.hasAttribute("data-help")) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.target === "_blank" || link.hasAttribute("download")) return;
  event.preventDefault();
  leavingFor = link.href;
  ask.showModal();
});

for (const button of ask.querySelectorAll("[data-leave-choice]")) {
  button.addEventListener("click", async () => {
    const choice = button.dataset.leaveChoice;
    ask.close();
    if (choice === "stay") return area.focus();
    if (await settle(choice)) location.assign(leavingFor);
  });
}
ask.addEventListener("cancel", () => setTimeout(() => area.focus())); // Escape: stay

window.addEventListener("beforeunload", (event) => {
  if (unkept()) event.preventDefault();
});

// With the keyboard open, the visual viewport is shorter than the layout viewport the
// choices stick to: lift them by the difference, so they sit just above the keyboard.
const viewport = window.visualViewport;
function lift() {
  const hidden = Math.max(0, window.innerHeight - viewport.height - viewport.offsetTop);
  document.documentElement.style.setProperty("--keyboard-inset", `${Math.round(hidden)}px`);
}
if (viewport) {
  viewport.addEventListener("resize", lift);
  viewport.addEventListener("scroll", lift);
}
