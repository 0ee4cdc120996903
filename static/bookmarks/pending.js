// What only the list and Saved pages show of the outbox (queue.js): a note kept on the
// phone, in its list and under its card on Saved, and put back if the server refuses it;
// the saves that have not reached the server yet, at the top of Saved. And Saved asks
// the worker to keep the pages it links to, so saved cards open offline.

import { gettext } from "../core/words.js";
import { formFor, keepOffline, outbox, shows } from "./queue.js";

function waitingLine(text) {
  return text ? gettext("Note saved on this phone · will sync") : gettext("Note removed on this phone · will sync");
}

// A note in its list: open, with the note shown above the form (`shown`), a line saying
// it waits (or none), and `typed` in the box.
function showNoteInList(form, shown, waiting, typed) {
  const details = form?.closest("details.note");
  if (!details) return;
  details.open = true;
  details.querySelector("summary").textContent = shown ? gettext("Your note") : gettext("Add a note");
  showNote(details, form, shown, waiting);
  form.querySelector("textarea").value = typed;
}

// The note shown above the form (`before` the form in a list, in the Saved page's
// entry), and a line under it saying it waits, or none.
function showNote(container, before, text, waiting) {
  let shown = container.querySelector(".note-text");
  if (text && !shown) {
    shown = document.createElement("p");
    shown.className = "note-text";
    container.insertBefore(shown, before);
  }
  if (text) {
    shown.classList.add("note-typed");
    shown.textContent = text;
  } else shown?.remove();
  container.querySelector(".note-pending")?.remove();
  if (!waiting) return;
  const line = document.createElement("p");
  line.className = "hint note-pending";
  line.textContent = waiting;
  container.insertBefore(line, before);
}

const noteOf = (item) => item.fields?.note ?? "";

shows.note = {
  // Kept on the phone: shown in its list at once, as the note, marked "will sync".
  waiting: (form, item) => showNoteInList(form, noteOf(item), waitingLine(noteOf(item)), noteOf(item)),
  // Refused by the server: the list shows the note it has again, and what was typed
  // stays in the box, to change or copy.
  refused: (item) => showNoteInList(formFor(item.url), item.before, "", noteOf(item)),
};

// On the Saved page (often its offline copy): the cards saved on this phone that have
// not reached the server yet, so a save made offline shows there at once.
shows.listed = async (items) => {
  const section = document.querySelector("[data-pending-saves]");
  if (!section) return;
  const all = items ?? (await outbox.all());
  const saves = all.filter((item) => item.action === "save");
  const list = section.querySelector("ul");
  list.replaceChildren(
    ...saves.map((item) => {
      const entry = document.createElement("li");
      entry.className = "saved-card panel";
      const link = document.createElement("a");
      link.className = "saved-card-link";
      link.href = item.cardUrl || item.url;
      // Translators: in place of the title of a card saved on this phone, when it has none.
      link.textContent = item.title || gettext("A card");
      const state = document.createElement("p");
      state.className = "hint";
      // Translators: under a card saved on this phone that has not reached the server yet.
      state.textContent = gettext("Saved · will sync");
      entry.append(link, state);
      return entry;
    }),
  );
  section.hidden = saves.length === 0;
  listPendingNotes(all);
};

// A note written offline in the Saved list shows in the Saved page's entry for its card.
function listPendingNotes(items) {
  const saved = document.querySelector("[data-notes-of]");
  if (!saved) return;
  for (const line of saved.querySelectorAll(".note-pending")) line.remove();
  const notes = items.filter((item) => item.action === "note" && item.page === saved.dataset.notesOf);
  for (const item of notes) {
    const link = [...saved.querySelectorAll(".saved-card-link")].find(
      (each) => each.getAttribute("href") === item.cardUrl,
    );
    if (!link) continue;
    const text = noteOf(item);
    const brief = text.length > 140 ? `${text.slice(0, 139)}…` : text;
    showNote(link.parentElement, null, brief, waitingLine(text));
  }
}

// Saved's links to its cards and lists: the worker keeps those pages for this reader.
function keepLinkedPages() {
  if (!navigator.onLine) return;
  const links = [...document.querySelectorAll("a[data-keep-offline]")].map((link) => link.pathname);
  keepOffline(links);
}

if (navigator.serviceWorker?.controller) keepLinkedPages();
else navigator.serviceWorker?.addEventListener("controllerchange", keepLinkedPages, { once: true });
