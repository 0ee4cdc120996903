// The count of times the reader stood still, on this device only, and only when they
// asked to count: written by the reach-out path's check-in, shown there and on the
// evening check-in. Kept here, below both (static/companion < static/reachout).

import { gettext, interpolate, ngettext } from "../core/words.js";

export const COUNT_KEY = "stand-still:stood-still";

export const COUNT_DEFAULTS = Object.freeze({ count: 0, on: false });

export function parseCount(text) {
  let stored;
  try {
    stored = JSON.parse(text);
  } catch {
    stored = null;
  }
  const count = Number.isSafeInteger(stored?.count) && stored.count > 0 ? stored.count : 0;
  const on = typeof stored?.on === "boolean" ? stored.on : COUNT_DEFAULTS.on;
  return { count, on };
}

export const countUp = (state) => (state.on ? { ...state, count: state.count + 1 } : state);

export function countText({ count, on }) {
  if (!on) return gettext("Not counting.");
  if (count === 0) return gettext("Counting from now on, on this device only.");
  return interpolate(
    ngettext("You have stood still once on this device.", "You have stood still %(n)s times on this device.", count),
    { n: count },
  );
}

export const readCount = () => parseCount(safely(() => localStorage.getItem(COUNT_KEY)));
export const writeCount = (state) => safely(() => localStorage.setItem(COUNT_KEY, JSON.stringify(state)));
export const clearCount = () => writeCount({ ...readCount(), count: 0 });

function safely(work) {
  try {
    return work();
  } catch {
    return null; // storage off (private browsing): nothing is kept
  }
}
