// My plan and the evening check-in, with no DOM and no storage: the plan's parts,
// the week and month pictures, and the file a reader saves and brings back. Pure
// functions of their arguments, tested in Node (tests/js/companion.test.mjs).

import { gettext, pgettext } from "../core/words.js";

// The six parts of a safety plan, then the reasons to keep going (as in apps/companion/views.py).
export const PARTS = ["signs", "alone", "distract", "people", "lines", "safer", "reasons"];
export const MAX_PART = 4000;
export const MAX_LINE = 280;

// How today was: five calm levels, from heavy to light. No score is made of them.
export const LEVELS = [
  { value: 1, label: pgettext("how today was", "Very heavy") },
  { value: 2, label: pgettext("how today was", "Heavy") },
  { value: 3, label: pgettext("how today was", "Mixed") },
  { value: 4, label: pgettext("how today was", "Lighter") },
  { value: 5, label: pgettext("how today was", "Light") },
];
export const PULLS = ["came", "quiet"]; // the pull to reach out came, or stayed away

export const emptyPlan = () => Object.fromEntries(PARTS.map((part) => [part, ""]));
export const isEmptyPlan = (plan) => PARTS.every((part) => !plan[part]?.trim());

/** The day `date` falls on, in the phone's own time zone: "2026-12-05". */
export function dayKey(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `evenings` with `entry` as its evening of `entry.date` (one per day, the latest wins). */
export function withEvening(evenings, entry) {
  return [...evenings.filter((e) => e.date !== entry.date), entry].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}

function byDay(evenings) {
  return new Map(evenings.map((e) => [e.date, e]));
}

function day(date, kept, today) {
  const key = dayKey(date);
  return { date: key, day: date.getDate(), weekday: date.getDay(), level: kept.get(key)?.level ?? null, today: key === today };
}

/** The seven days up to `now`, oldest first: { date, day, weekday, level (or null), today }. */
export function weekPicture(evenings, now) {
  const kept = byDay(evenings);
  const today = dayKey(now);
  return Array.from({ length: 7 }, (_, i) => {
    const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6 + i);
    return day(date, kept, today);
  });
}

/** The month `now` is in, as weeks starting on Monday; null fills the days of other
 * months, and days after today have `later: true`. Nothing counts in a row. */
export function monthPicture(evenings, now) {
  const kept = byDay(evenings);
  const today = dayKey(now);
  const first = new Date(now.getFullYear(), now.getMonth(), 1);
  const length = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
  const cells = Array((first.getDay() + 6) % 7).fill(null);
  for (let d = 1; d <= length; d++) {
    const date = new Date(now.getFullYear(), now.getMonth(), d);
    cells.push({ ...day(date, kept, today), later: d > now.getDate() });
  }
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

// The file

export const FILE_APP = "stand-still";
export const FILE_KIND = "my-plan";
export const FILE_VERSION = 1;

/** What "Save to a file" writes: the plan and the evenings, as JSON text. */
export function fileText(plan, evenings, now) {
  return JSON.stringify(
    { app: FILE_APP, kind: FILE_KIND, version: FILE_VERSION, saved: now.toISOString(), plan, evenings },
    null,
    2,
  );
}

export const fileName = (now) => `stand-still-my-plan-${dayKey(now)}.json`;

export class BadFile extends Error {}

const text = (value, max) => typeof value === "string" && value.length <= max;

function checkedEvening(e) {
  const ok =
    e &&
    typeof e === "object" &&
    typeof e.date === "string" &&
    DAY.test(e.date) &&
    LEVELS.some((l) => l.value === e.level) &&
    (e.line === undefined || text(e.line, MAX_LINE)) &&
    (e.pull === undefined || e.pull === "" || PULLS.includes(e.pull)) &&
    (e.helped === undefined || text(e.helped, MAX_LINE));
  if (!ok) throw new BadFile(gettext("One of the evenings in this file can't be read, so nothing was changed."));
  return { date: e.date, level: e.level, line: e.line || "", pull: e.pull || "", helped: e.helped || "" };
}

/** The plan and evenings in a saved file's `text`; a file that is not one, or is
 * damaged, throws BadFile with a message to show as it is. */
export function readFile(content) {
  let data;
  try {
    data = JSON.parse(content);
  } catch {
    throw new BadFile(gettext("This file isn't a plan saved by Stand Still, so nothing was changed."));
  }
  if (!data || data.app !== FILE_APP || data.kind !== FILE_KIND) {
    throw new BadFile(gettext("This file isn't a plan saved by Stand Still, so nothing was changed."));
  }
  if (data.version !== FILE_VERSION) {
    throw new BadFile(
      gettext("This file was saved by another version of Stand Still and can't be read here, so nothing was changed."),
    );
  }
  const raw = data.plan;
  if (!raw || typeof raw !== "object" || !PARTS.every((p) => raw[p] === undefined || text(raw[p], MAX_PART))) {
    throw new BadFile(gettext("The plan in this file can't be read, so nothing was changed."));
  }
  if (!Array.isArray(data.evenings)) throw new BadFile(gettext("The evenings in this file can't be read, so nothing was changed."));
  const plan = Object.fromEntries(PARTS.map((p) => [p, raw[p] || ""]));
  return { plan, evenings: data.evenings.map(checkedEvening) };
}

/** This phone's evenings with those of a file: this phone's own evening of a day stays. */
export function mergeEvenings(mine, theirs) {
  const days = new Set(mine.map((e) => e.date));
  return [...mine, ...theirs.filter((e) => !days.has(e.date))].sort((a, b) => a.date.localeCompare(b.date));
}

/** Two copies of what is kept (this phone's and the account's, from store.readKept) as
 * one: the plan written last; every evening of either (of one day, the one noted
 * last), less those noted before the evenings were last deleted on either. */
export function mergeKept(mine, theirs) {
  const cleared = Math.max(mine.cleared || 0, theirs.cleared || 0);
  const days = new Map();
  for (const e of [...mine.evenings, ...theirs.evenings]) {
    if (cleared && (e.at || 0) <= cleared) continue;
    const kept = days.get(e.date);
    if (!kept || (e.at || 0) > (kept.at || 0)) days.set(e.date, e);
  }
  const newer = (theirs.planAt || 0) > (mine.planAt || 0) ? theirs : mine;
  return {
    plan: newer.plan,
    planAt: newer.planAt || 0,
    evenings: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
    cleared,
  };
}
