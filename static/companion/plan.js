// My plan in the browser: filled from, and kept in, this phone's storage as it is
// typed; printed, saved to a file and brought back from one. Nothing is sent.
// Without this script the page is a blank plan to print, its lines part holding the
// lines of the country the browser's languages name.

import { fill } from "../core/helplines.js";
import { gettext } from "../core/words.js";
import { BadFile, PARTS, fileName, fileText, isEmptyPlan, mergeEvenings, readFile } from "./logic.js";
import {
  PLAN_KEY,
  forget,
  hasStoredPlan,
  keepEvenings,
  keepPlan,
  readEvenings,
  readPlan,
  saveWhileTyping,
} from "./store.js";

const root = document.querySelector("[data-plan]");
const fields = Object.fromEntries(PARTS.map((part) => [part, root.querySelector(`[data-part="${part}"]`)]));
const status = root.querySelector("[data-plan-status]");
const message = root.querySelector("[data-file-message]");
let select = null; // the help lines' country chooser, once they are in the page
const prefill = JSON.parse(root.dataset.prefill || "{}");
const prefills = new Set(Object.values(prefill));

function show(plan) {
  for (const part of PARTS) fields[part].value = plan[part];
  copyForPrint();
}

function current() {
  return Object.fromEntries(PARTS.map((part) => [part, fields[part].value]));
}

// Printing a long textarea cuts it off: print shows a copy of each part's words instead.
function copyForPrint() {
  for (const part of PARTS) root.querySelector(`[data-print-copy="${part}"]`).textContent = fields[part].value;
}

// The lines part of a plan not yet written holds the lines of the chosen country,
// and follows the chooser until the reader changes it.
function fillLines() {
  const field = fields.lines;
  if (field.value && !prefills.has(field.value)) return;
  // Until the chooser is in the page, the country the server chose by the browser's languages.
  field.value = prefill[select ? select.value : root.dataset.country] || "";
  root.querySelector("[data-lines-none]").hidden = !!field.value;
  copyForPrint();
}

function save() {
  copyForPrint();
  status.textContent = keepPlan(current())
    ? gettext("Kept on this phone.")
    : gettext("This browser isn't keeping anything (private browsing, or storage is full). Print the plan or save it to a file.");
}

const typing = saveWhileTyping(root, "[data-part]", save);
// The help page's lines, with their chooser: the country they choose fills a new plan.
fill(root.querySelector("[data-lines-from]")).then((lines) => {
  select = lines?.querySelector("[data-country-select]");
  select?.addEventListener("change", () => {
    if (!hasStoredPlan() || prefills.has(fields.lines.value) || !fields.lines.value) {
      fillLines();
      if (hasStoredPlan()) save();
    }
  });
  fillLines();
});

root.querySelector("[data-print]").addEventListener("click", () => {
  copyForPrint();
  print();
});

root.querySelector("[data-save-file]").addEventListener("click", () => {
  typing.now();
  const now = new Date();
  const blob = new Blob([fileText(current(), readEvenings(), now)], { type: "application/json" });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: fileName(now) });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  status.textContent = gettext("Saved to a file. Keep it somewhere private.");
});

function tell(text) {
  message.textContent = text;
  message.hidden = !text;
}

root.querySelector("[data-load-file]").addEventListener("change", async (event) => {
  const input = event.target;
  const [file] = input.files;
  input.value = "";
  if (!file) return;
  tell("");
  let saved;
  try {
    if (file.size > 1_000_000) throw new BadFile(gettext("This file is too large to be a saved plan, so nothing was changed."));
    saved = readFile(await file.text());
  } catch (error) {
    tell(error instanceof BadFile ? error.message : gettext("This file can't be read, so nothing was changed."));
    return;
  }
  // Asks only when the reader has written something here (the lines put in for them don't count).
  const mine = { ...current(), lines: prefills.has(fields.lines.value) ? "" : fields.lines.value };
  if (!isEmptyPlan(mine) && !confirm(gettext("Put the plan from this file in place of the plan on this phone?"))) return;
  if (!keepPlan(saved.plan) || !keepEvenings(mergeEvenings(readEvenings(), saved.evenings))) {
    tell(
      gettext("This browser isn't keeping anything (private browsing, or storage is full), so the file's plan is shown but not kept."),
    );
  } else {
    status.textContent = gettext("Your plan is back, with your evenings.");
  }
  show(saved.plan);
  fillLines();
});

root.querySelector("[data-delete-plan]").addEventListener("click", () => {
  if (!confirm(gettext("Delete your plan from this phone? This can't be undone."))) return;
  typing.cancel();
  forget(PLAN_KEY);
  show(readPlan());
  fillLines();
  status.textContent = gettext("Your plan is deleted from this phone.");
});

// The account's copy came in (static/accounts/sync.js): shown, unless the reader is typing.
addEventListener("stand-still:synced", () => {
  if (root.contains(document.activeElement) && document.activeElement.matches("[data-part]")) return;
  show(readPlan());
  fillLines();
});

show(readPlan());
fillLines();
root.dataset.enhanced = "";
root.querySelector("[data-kept-where]").hidden = false;
root.querySelector("[data-plan-tools]").hidden = false;
