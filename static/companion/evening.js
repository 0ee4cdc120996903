// The evening check-in in the browser: today's evening kept in this phone's storage
// as it is tapped and typed, and the week and month drawn from the evenings kept.
// Nothing is sent. Without this script the page says the check-in needs it.

import { gettext, interpolate, language, pgettext } from "../core/words.js";
import { countText, readCount } from "./count.js";
import { dayKey, monthPicture, weekPicture, withEvening } from "./logic.js";
import { EVENINGS_KEY, forget, keepEvenings, readEvenings, saveWhileTyping } from "./store.js";

const root = document.querySelector("[data-evening]");
const form = root.querySelector("[data-check-in]");
const status = root.querySelector("[data-evening-status]");
const line = root.querySelector("[data-line]");
const helped = root.querySelector("[data-helped]");
const labels = Object.fromEntries(
  [...root.querySelectorAll("[data-level]")].map((input) => [input.value, input.closest("label").textContent.trim()]),
);
const dateText = (key, options) => new Date(`${key}T12:00`).toLocaleDateString(language(), options);

function todays() {
  return readEvenings().find((e) => e.date === dayKey(new Date()));
}

function showToday() {
  const today = todays();
  for (const input of root.querySelectorAll("[data-level]")) input.checked = Number(input.value) === today?.level;
  for (const input of root.querySelectorAll("[data-pull]")) input.checked = input.value === today?.pull;
  line.value = today?.line || "";
  helped.value = today?.helped || "";
  root.querySelector("[data-more]").hidden = !today;
  root.querySelector("[data-helped-field]").hidden = today?.pull !== "came";
}

function dot(cell) {
  const item = document.createElement("span");
  item.className = `level-dot ${cell.level ? `level-${cell.level}` : cell.later ? "later" : "none"}`;
  if (cell.today) item.classList.add("today");
  const said = cell.level ? labels[cell.level] : cell.later ? pgettext("a day of the month not yet reached", "to come") : gettext("not noted");
  const when = dateText(cell.date, { weekday: "long", day: "numeric", month: "long" });
  const text = interpolate(pgettext("a day in the week or month picture, then how it was", "%(day)s: %(level)s"), {
    day: when,
    level: said,
  });
  item.setAttribute("role", "img");
  item.setAttribute("aria-label", text);
  item.title = text;
  return item;
}

/** This week as the month picture lays weeks out, Monday to Sunday (the week picture's
 * seven days, ending on this week's Sunday), today marked and the days to come as they
 * are in the month. */
function thisWeek(evenings, now) {
  const sunday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + ((7 - now.getDay()) % 7));
  const today = dayKey(now);
  return weekPicture(evenings, sunday).map((cell) => ({ ...cell, today: cell.date === today, later: cell.date > today }));
}

function drawPictures() {
  const evenings = readEvenings();
  const now = new Date();
  const week = root.querySelector("[data-week]");
  week.replaceChildren(
    ...thisWeek(evenings, now).map((cell) => {
      const item = document.createElement("li");
      const day = document.createElement("span");
      day.className = "day";
      day.setAttribute("aria-hidden", "true");
      day.textContent = dateText(cell.date, { weekday: "narrow" });
      item.append(dot(cell), day);
      item.dataset.date = cell.date;
      if (cell.level) item.dataset.level = cell.level;
      return item;
    }),
  );
  root.querySelector("[data-month-title]").textContent = now.toLocaleDateString(language(), { month: "long", year: "numeric" });
  root.querySelector("[data-month] tbody").replaceChildren(
    ...monthPicture(evenings, now).map((row) => {
      const tr = document.createElement("tr");
      for (const cell of row) {
        const td = document.createElement("td");
        if (cell) td.append(dot(cell));
        tr.append(td);
      }
      return tr;
    }),
  );
  // The count of the times they stood still is the reach-out path's own, and shows
  // only while they keep it (they turn it off or clear it on the path's check-in).
  const count = readCount();
  const stood = root.querySelector("[data-stood-still]");
  stood.textContent = count.on ? countText(count) : "";
  stood.hidden = !stood.textContent;
}

function save() {
  const level = Number(root.querySelector("[data-level]:checked")?.value);
  if (!level) return;
  const pull = root.querySelector("[data-pull]:checked")?.value || "";
  const entry = { date: dayKey(new Date()), level, line: line.value, pull, helped: pull === "came" ? helped.value : "" };
  status.textContent = keepEvenings(withEvening(readEvenings(), entry))
    ? gettext("Kept on this phone.")
    : gettext("This browser isn't keeping anything (private browsing, or storage is full).");
  root.querySelector("[data-more]").hidden = false;
  root.querySelector("[data-helped-field]").hidden = pull !== "came";
  drawPictures();
}

const typing = saveWhileTyping(form, "[data-line], [data-helped]", save);
form.addEventListener("change", (event) => {
  if (!event.target.matches("[data-level], [data-pull]")) return;
  typing.cancel();
  save();
});

root.querySelector("[data-delete-evenings]").addEventListener("click", () => {
  if (!confirm(gettext("Delete all your evenings from this phone? This can't be undone."))) return;
  typing.cancel();
  forget(EVENINGS_KEY);
  showToday();
  drawPictures();
  status.textContent = gettext("Your evenings are deleted from this phone.");
});

// The account's copy came in (static/accounts/sync.js): shown, unless the reader is typing.
addEventListener("stand-still:synced", () => {
  if (!form.contains(document.activeElement) || !document.activeElement.matches("[data-line], [data-helped]")) showToday();
  drawPictures();
});

showToday();
drawPictures();
for (const hidden of root.querySelectorAll("[data-check-in], [data-pictures], [data-evening-tools]")) hidden.hidden = false;
root.dataset.enhanced = "";
