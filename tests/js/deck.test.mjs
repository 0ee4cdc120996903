// The order of "Draw a card" on its own, in Node's built-in test runner.
// Run through pytest (tests/test_timer_schedule.py) or: node --test tests/js/

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { fresh, nextId, parsed, shown } from "../../static/cards/deck.js";

// A repeatable stand-in for Math.random.
function seeded(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const IDS = Array.from({ length: 82 }, (_, i) => i + 1);

// Draw `times` cards as the page does: the next id, then that card shown.
function drawMany(times, ids, random) {
  let deck = fresh(ids, random);
  let current = deck[0];
  deck = shown(deck, current);
  const seen = [current];
  for (let n = 1; n < times; n += 1) {
    let id = nextId(deck, current);
    if (id === null) {
      deck = fresh(ids, random);
      id = nextId(deck, current);
    }
    deck = shown(deck, id);
    current = id;
    seen.push(id);
  }
  return seen;
}

describe("a shuffled deck", () => {
  test("holds every card once", () => {
    const deck = fresh(IDS, seeded(1));
    assert.equal(deck.length, IDS.length);
    assert.deepEqual([...deck].sort((a, b) => a - b), IDS);
  });

  test("is shuffled, not in id order, and differs between rounds", () => {
    const random = seeded(7);
    const first = fresh(IDS, random);
    const second = fresh(IDS, random);
    assert.notDeepEqual(first, IDS);
    assert.notDeepEqual(first, second);
  });

  test("leaves out what is not a card id, and a repeated id", () => {
    assert.deepEqual(fresh([3, 3, "4", -1, 0, 2.5, null], () => 0), [3]);
  });
});

describe("drawing", () => {
  test("no card comes twice until every card has been drawn", () => {
    const seen = drawMany(IDS.length, IDS, seeded(3));
    assert.equal(new Set(seen).size, IDS.length);
  });

  test("a new round starts when the deck is used up, never with the card on screen", () => {
    for (let seed = 1; seed < 50; seed += 1) {
      const seen = drawMany(IDS.length * 2 + 5, IDS, seeded(seed));
      for (let i = 1; i < seen.length; i += 1) assert.notEqual(seen[i], seen[i - 1]);
      assert.equal(new Set(seen.slice(IDS.length, IDS.length * 2)).size, IDS.length);
    }
  });

  test("the next card is never the one on screen", () => {
    assert.equal(nextId([5, 6], 5), 6);
    assert.equal(nextId([5], 5), null);
    assert.equal(nextId([], 5), null);
  });

  test("a card shown leaves the deck; one drawn already this round is a repeat", () => {
    assert.deepEqual(shown([4, 5, 6], 5), [4, 6]);
    assert.equal(shown([4, 6], 5), null);
  });

  test("with a single card there is never a next one (the server draws it again)", () => {
    const deck = shown(fresh([9]), 9);
    assert.equal(nextId(deck, 9), null);
    assert.equal(nextId(fresh([9]), 9), null);
  });
});

describe("a deck read back from storage", () => {
  test("is kept when it is a list of ids", () => {
    assert.deepEqual(parsed([1, 2, 3]), [1, 2, 3]);
    assert.deepEqual(parsed([]), []);
  });

  test("is dropped when it is anything else", () => {
    for (const value of [null, {}, "1,2", [1, "2"], [0], [1.5]]) assert.equal(parsed(value), null);
  });
});
