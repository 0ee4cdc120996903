// "Delete all my data" also deletes what the reach-out path keeps on this
// device (kept messages, the count), before the form goes to the server.

import { deleteEverything } from "./store.js";

const form = document.querySelector("[data-delete-everything]");
form?.addEventListener("submit", async (event) => {
  if (form.dataset.cleared) return;
  event.preventDefault();
  await deleteEverything();
  form.dataset.cleared = "true";
  form.requestSubmit(event.submitter);
});
