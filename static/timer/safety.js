// Breathing safety: a pattern that holds the breath carries a caution (skip the
// holds if panic rises; in 4, out 6 is gentler). Reads the timer's settings form;
// changes nothing in it.

import { PATTERNS, customPattern, holdsBreath } from "./schedule.js";

const form = document.querySelector("[data-timer] [data-settings]");
const note = document.querySelector("[data-hold-safety]");
const CUSTOM = ["inhale", "hold", "exhale", "rest"];

function holds() {
  const fields = form.elements;
  const phases =
    fields.pattern.value === "custom"
      ? (customPattern(Object.fromEntries(CUSTOM.map((name) => [name, fields[name].value]))).phases ?? [])
      : PATTERNS[fields.pattern.value];
  return holdsBreath(phases);
}

if (form && note) {
  const update = () => (note.hidden = !holds());
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}
