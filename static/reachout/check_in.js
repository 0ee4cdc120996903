// Step 6: the answer is shown here, without a request, and a finished path
// counts once on this device, only if the reader has turned counting on.

import { clearCount, countText, countUp, readCount, writeCount } from "../companion/count.js";
import { gettext } from "../core/words.js";
import { firstCheckIn } from "./store.js";

const $ = (name) => document.querySelector(`[data-${name}]`);
const form = $("pull-form");
const box = $("count-box");
const on = $("count-on");

function showCount() {
  const state = readCount();
  on.checked = state.on;
  $("count-text").textContent = countText(state);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const pull = event.submitter?.value;
  if (!pull) return;
  for (const button of form.querySelectorAll("[name=pull]")) {
    button.setAttribute("aria-pressed", String(button === event.submitter));
  }
  for (const answer of document.querySelectorAll("[data-answer]")) {
    answer.hidden = answer.dataset.answer !== pull;
  }
  if (firstCheckIn()) writeCount(countUp(readCount()));
  showCount();
  box.hidden = false;
  document.querySelector(`[data-answer="${pull}"] h2`).focus();
});

on.addEventListener("change", () => {
  writeCount({ ...readCount(), on: on.checked });
  showCount();
});
$("count-clear").addEventListener("click", () => {
  clearCount();
  showCount();
  $("count-text").textContent = gettext("Cleared.");
});
