// Where My plan and the evenings are kept: in this browser's localStorage. Nothing
// here makes a request. Storage switched off (private browsing) or full reads as
// empty and says so (`keep` returns false).
//
// Each change is stamped (when the plan was last written, when the evenings were
// last deleted, when each evening was noted) and announced as a "stand-still:kept"
// event: a signed-in reader who asked for it has them kept, encrypted, in their
// account (static/accounts/sync.js), and the stamps say which copy is newer.

import { PARTS, emptyPlan, isEmptyPlan } from "./logic.js";

export const PLAN_KEY = "stand-still:plan";
export const EVENINGS_KEY = "stand-still:evenings";
const STAMPS_KEY = "stand-still:kept-at"; // { plan: ms, cleared: ms }

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function keep(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function readPlan() {
  const stored = read(PLAN_KEY);
  const plan = emptyPlan();
  for (const part of PARTS) if (typeof stored?.[part] === "string") plan[part] = stored[part];
  return plan;
}

export const hasStoredPlan = () => read(PLAN_KEY) !== null;

function stamped(change) {
  keep(STAMPS_KEY, { ...read(STAMPS_KEY), ...change });
  dispatchEvent(new Event("stand-still:kept"));
}

export function keepPlan(plan) {
  const kept = keep(PLAN_KEY, plan);
  if (kept) stamped({ plan: Date.now() });
  return kept;
}

export function readEvenings() {
  const stored = read(EVENINGS_KEY);
  return Array.isArray(stored) ? stored.filter((e) => e && typeof e.date === "string") : [];
}

/** Keeps `evenings`; one not yet stamped (just noted, or from a file) is stamped now. */
export function keepEvenings(evenings) {
  const now = Date.now();
  const kept = keep(EVENINGS_KEY, evenings.map((e) => (e.at ? e : { ...e, at: now })));
  if (kept) stamped({});
  return kept;
}

function remove(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing was kept
  }
}

/** Deletes the plan or the evenings (PLAN_KEY, EVENINGS_KEY); a deletion is a change too. */
export function forget(key) {
  remove(key);
  stamped(key === PLAN_KEY ? { plan: Date.now() } : { cleared: Date.now() });
}

/** Everything kept here, with its stamps: what sync.js merges with the account's copy. */
export function readKept() {
  const stamps = read(STAMPS_KEY) || {};
  return { plan: readPlan(), planAt: stamps.plan || 0, evenings: readEvenings(), cleared: stamps.cleared || 0 };
}

/** Puts `kept` (from readKept, or merged) in place, stamps and all, without announcing it. */
export function putKept(kept) {
  if (kept.planAt) {
    if (isEmptyPlan(kept.plan)) remove(PLAN_KEY);
    else if (!keep(PLAN_KEY, kept.plan)) return false;
  }
  return keep(EVENINGS_KEY, kept.evenings) && keep(STAMPS_KEY, { plan: kept.planAt, cleared: kept.cleared });
}

/** Calls `save` once typing in `selector` under `root` has paused, and at once when
 * the page is left or the phone locks. `now()` saves what waits; `cancel()` drops it. */
export function saveWhileTyping(root, selector, save) {
  let timer = null;
  const cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  const now = () => {
    if (timer === null) return;
    cancel();
    save();
  };
  root.addEventListener("input", (event) => {
    if (!event.target.matches(selector)) return;
    clearTimeout(timer);
    timer = setTimeout(now, 400);
  });
  addEventListener("pagehide", now);
  document.addEventListener("visibilitychange", () => document.hidden && now());
  return { now, cancel };
}
