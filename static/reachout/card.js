// Step 3: a card for the feeling chosen in this tab, from the cards embedded in
// the page; "Another card" shows another without a request. A page whose URL
// names the feeling (the no-JavaScript path) is left as the server made it.

import { pickCard } from "./logic.js";
import { beginRun, chosenFeeling } from "./store.js";

beginRun();

const slot = document.querySelector("[data-card-slot]");
const templates = [...document.querySelectorAll("template[data-card]")];
const cards = templates.map((t) => ({ feelings: t.dataset.feelings.split(" ") }));
let shown = -1;

function show(feeling, avoid) {
  const pick = pickCard(cards, feeling, avoid);
  if (pick < 0) return;
  shown = pick;
  slot.replaceChildren(templates[pick].content.cloneNode(true));
  window.htmx?.process(slot); // the card's save button
}

function acknowledge(choice) {
  const line = document.querySelector(`template[data-line="${CSS.escape(choice.feeling)}"]`);
  if (!line) return;
  const p = document.createElement("p");
  p.className = "feeling-note";
  const words = document.createElement("strong");
  words.textContent = `${choice.words || line.dataset.name}.`;
  p.append(words, " ", line.content.textContent.trim());
  document.querySelector("[data-feeling-note]").replaceChildren(p);
}

if (templates.length && !new URLSearchParams(location.search).has("feeling")) {
  const choice = chosenFeeling();
  if (choice) acknowledge(choice);
  show(choice?.feeling, -1);
  document.querySelector("[data-another]")?.addEventListener("click", (event) => {
    event.preventDefault();
    show(choice?.feeling, shown);
  });
}
