// Breathing safety: a pattern that holds the breath says to stop if it makes you
// dizzy or short of breath. Reads the timer's settings form; changes nothing in it.

import { PATTERNS, customPattern } from "./schedule.js";

const form = document.querySelector("[data-timer] [data-settings]");
const note = document.querySelector("[data-hold-safety]");
const CUSTOM = ["inhale", "hold", "exhale", "rest"];

function holds() {
  const fields = form.elements;
  const phases =
    fields.pattern.value === "custom"
      ? (customPattern(Object.fromEntries(CUSTOM.map((name) => [name, fields[name].value]))).phases ?? [])
      : (PATTERNS[fields.pattern.value] ?? []);
  return phases.some((phase) => phase.kind === "hold");
}

if (form && note) {
  const update = () => (note.hidden = !holds());
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}
