// Help over a page that must not be left: the timer and every step of the reach-out
// path. There every link marked data-help (the top bar's, the footer's, the page's
// own) opens the help lines in the bottom sheet instead: leaving would end a session,
// restart a wave or lose words being written. Closing the sheet shows the page just
// as it was.
//
// The lines are the help page's own (core/helplines.js `fill`); the emergency line is
// in the sheet itself, and stays if they can't be read.

import { fill } from "../core/helplines.js";

const template = document.querySelector("template[data-help-sheet]");
const sheet = document.getElementById("sheet");
const body = document.getElementById("sheet-body");

function open() {
  body.replaceChildren(template.content.cloneNode(true));
  sheet.showModal();
  fill(body.querySelector("[data-lines-from]"));
}

if (template && sheet && body) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-help]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // a new tab keeps this one
    event.preventDefault();
    open();
  });
  // While the sheet is open its keys are its own: the timer's Escape (end the session)
  // and Space (pause) must not fire behind it. Escape still closes the sheet.
  window.addEventListener("keydown", (event) => sheet.open && event.stopPropagation(), true);
}
