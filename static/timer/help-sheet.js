// Help over a running timer. On this page every link to the help page (the top
// bar's, the footer's, the timer's own) opens the help lines in the bottom sheet
// instead: leaving the page would end the session. The lines are embedded in the
// page (a <template>), so this works offline and costs no request; closing the
// sheet shows the session still running where it is.

import { enhance } from "../core/helplines.js";

const template = document.querySelector("template[data-help-sheet]");
const sheet = document.getElementById("sheet");
const body = document.getElementById("sheet-body");

function open() {
  body.replaceChildren(template.content.cloneNode(true));
  enhance(body.querySelector("[data-helplines]"));
  sheet.showModal();
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
