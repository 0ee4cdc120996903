// Step 2: the feeling chosen is kept in this tab (sessionStorage) and the card
// step opens without it in its URL. Without this script, the form's GET does it.

import { beginRun, chooseFeeling } from "./store.js";

beginRun();
document.querySelector("[data-private-line]").hidden = false;

for (const form of document.querySelectorAll("[data-feeling-form]")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = event.submitter;
    chooseFeeling({
      feeling: form.elements.feeling.value,
      words: button?.name === "nuance" ? button.textContent.trim() : "",
    });
    location.assign(new URL(form.getAttribute("action"), location.href).pathname);
  });
}
