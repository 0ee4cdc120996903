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
