// Values kept as JSON in the browser's storage (static/cards/stored.js), in Node's
// built-in test runner, with a stand-in for localStorage.
// Run through pytest (tests/test_timer_schedule.py) or: node --test tests/js/

import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";

import { readJson, writeJson } from "../../static/cards/stored.js";

// A Storage with the two methods the module uses; `full` makes every write throw.
function storage({ full = false } = {}) {
  const items = new Map();
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem(key, value) {
      if (full) throw new Error("QuotaExceededError");
      items.set(key, String(value));
    },
  };
}

function install(area, value) {
  Object.defineProperty(globalThis, area, { value, configurable: true, writable: true });
}

afterEach(() => {
  delete globalThis.localStorage;
  delete globalThis.sessionStorage;
});

describe("readJson and writeJson", () => {
  test("a value written is read back as it was", () => {
    install("localStorage", storage());
    writeJson("localStorage", "place", { card: "card-7", pages: [1, 2] });
    assert.deepEqual(readJson("localStorage", "place"), { card: "card-7", pages: [1, 2] });
  });

  test("each area keeps its own values", () => {
    install("localStorage", storage());
    install("sessionStorage", storage());
    writeJson("sessionStorage", "place", { card: "card-1" });
    assert.equal(readJson("localStorage", "place"), null);
    assert.deepEqual(readJson("sessionStorage", "place"), { card: "card-1" });
  });

  test("nothing kept reads as null", () => {
    install("localStorage", storage());
    assert.equal(readJson("localStorage", "never-written"), null);
  });

  test("what another version wrote, not JSON, reads as null", () => {
    const kept = storage();
    kept.items.set("deck", "3,1,2");
    install("localStorage", kept);
    assert.equal(readJson("localStorage", "deck"), null);
  });

  test("storage switched off reads as null and writing throws nothing", () => {
    Object.defineProperty(globalThis, "localStorage", {
      get() {
        throw new Error("SecurityError: storage is disabled");
      },
      configurable: true,
    });
    assert.equal(readJson("localStorage", "deck"), null);
    assert.doesNotThrow(() => writeJson("localStorage", "deck", [1, 2]));
  });

  test("a full storage keeps nothing and throws nothing", () => {
    const full = storage({ full: true });
    install("localStorage", full);
    assert.doesNotThrow(() => writeJson("localStorage", "deck", [1, 2]));
    assert.equal(full.items.size, 0);
    assert.equal(readJson("localStorage", "deck"), null);
  });
});
