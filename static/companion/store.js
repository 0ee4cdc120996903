// Where My plan and the evenings are kept: in this browser's localStorage, and
// nowhere else. Nothing here makes a request. Storage switched off (private
// browsing) or full reads as empty and says so (`keep` returns false).

import { PARTS, emptyPlan } from "./logic.js";

export const PLAN_KEY = "stand-still:plan";
export const EVENINGS_KEY = "stand-still:evenings";

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
export const keepPlan = (plan) => keep(PLAN_KEY, plan);

export function readEvenings() {
  const stored = read(EVENINGS_KEY);
  return Array.isArray(stored) ? stored.filter((e) => e && typeof e.date === "string") : [];
}

export const keepEvenings = (evenings) => keep(EVENINGS_KEY, evenings);

export function forget(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing was kept
  }
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
