// Help over a page that must not be left: the timer and every step of the reach-out
// path. There every link marked data-help (the top bar's, the footer's, the page's
// own) opens the help lines in the bottom sheet instead: leaving would end a session,
// restart a wave or lose words being written. The lines are embedded in the page
// (templates/timer/help_sheet.html), so this works offline and costs no request;
// closing the sheet shows the page just as it was.

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
