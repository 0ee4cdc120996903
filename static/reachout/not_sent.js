// "Not sent": the messages kept on this device, each with Delete.

import { gettext, interpolate, language, pgettext } from "../core/words.js";
import { forget, messages } from "./store.js";

const $ = (name) => document.querySelector(`[data-${name}]`);
const list = $("list");
const empty = $("empty");
const status = $("status");
const when = new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" });

for (const el of document.querySelectorAll('[data-for="nojs"]')) el.hidden = true;

async function show() {
  let kept = [];
  try {
    kept = await messages();
  } catch {
    // Storage switched off: nothing can have been kept.
  }
  list.replaceChildren(...kept.map(item));
  empty.hidden = kept.length > 0;
}

function item(message) {
  const li = document.createElement("li");
  li.className = "panel";
  const text = document.createElement("p");
  text.className = "not-sent-text";
  text.textContent = message.text;
  const meta = document.createElement("p");
  meta.className = "hint";
  const written = when.format(message.created);
  meta.textContent = message.expires
    ? interpolate(gettext("Written %(written)s. Deleted by itself %(deleted)s."), {
        written,
        deleted: when.format(message.expires),
      })
    : interpolate(gettext("Written %(written)s."), { written });
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = pgettext("button", "Delete");
  remove.setAttribute("aria-label", interpolate(gettext("Delete the message written %(written)s"), { written }));
  remove.addEventListener("click", async () => {
    await forget(message.id);
    status.textContent = gettext("Deleted.");
    await show();
    (list.querySelector("button") ?? document.querySelector("h1")).focus();
  });
  li.append(text, meta, remove);
  return li;
}

show();
