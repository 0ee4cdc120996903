// Values the device remembers as a nicety (your place in the cards, the draw deck), kept
// as JSON in localStorage or sessionStorage, named by `area`. Storage switched off
// (private mode), full, or holding what another version wrote reads as null and keeps
// nothing: the page goes on without it. Tested in Node (tests/js/stored.test.mjs).

export function readJson(area, key) {
  try {
    return JSON.parse(globalThis[area].getItem(key) || "null");
  } catch {
    return null;
  }
}

export function writeJson(area, key, value) {
  try {
    globalThis[area].setItem(key, JSON.stringify(value));
  } catch {
    // Full or switched off: the page keeps what it has in memory.
  }
}
