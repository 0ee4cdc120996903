// The reach-out path's rules on their own, in Node's built-in test runner.
// Run through pytest (tests/test_timer_schedule.py) or: node --test tests/js/

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  announcement,
  clockText,
  countText,
  countUp,
  DAY_MS,
  DEFAULT_WAVE,
  expiresAt,
  isExpired,
  keptAt,
  minutesLeft,
  parseCount,
  pickCard,
  PROMPT_MS,
  PROMPTS,
  promptAt,
  sleptFor,
  waveMinutes,
} from "../../static/reachout/logic.js";

const NOW = Date.UTC(2026, 2, 1, 2, 30);

describe("kept messages", () => {
  test("kept for 24 hours expires exactly a day later", () => {
    const message = { text: "x", created: NOW, expires: expiresAt("day", NOW) };
    assert.equal(message.expires - NOW, DAY_MS);
    assert.equal(isExpired(message, NOW + DAY_MS - 1), false);
    assert.equal(isExpired(message, NOW + DAY_MS), true);
  });

  test("kept for good never expires", () => {
    const message = { text: "x", created: NOW, expires: expiresAt("always", NOW) };
    assert.equal(message.expires, null);
    assert.equal(isExpired(message, NOW + 400 * DAY_MS), false);
  });

  test("anything else is refused, not kept by accident", () => {
    assert.throws(() => expiresAt("now", NOW));
    assert.throws(() => expiresAt(undefined, NOW));
  });

  test("the list holds what is still kept, newest first", () => {
    const old = { id: 1, created: NOW - DAY_MS, expires: NOW - 1 };
    const day = { id: 2, created: NOW - 5, expires: NOW + 10 };
    const always = { id: 3, created: NOW, expires: null };
    assert.deepEqual(
      keptAt([old, day, always], NOW).map((m) => m.id),
      [3, 2],
    );
  });
});

describe("the wave", () => {
  test("5, 10 or 15 minutes; anything else is the default of 10", () => {
    assert.equal(waveMinutes("5"), 5);
    assert.equal(waveMinutes(15), 15);
    for (const bad of ["7", "", null, "ten", -5, 1e9]) assert.equal(waveMinutes(bad), DEFAULT_WAVE);
  });

  test("minutes left round up, so the announcement changes once a minute", () => {
    assert.equal(minutesLeft(10 * 60_000), 10);
    assert.equal(minutesLeft(9 * 60_000 + 1), 10);
    assert.equal(minutesLeft(9 * 60_000), 9);
    assert.equal(minutesLeft(1), 1);
    assert.equal(minutesLeft(-5), 0);
    const said = new Set();
    for (let t = 0; t <= 10 * 60_000; t += 250) said.add(announcement(minutesLeft(10 * 60_000 - t)));
    assert.equal(said.size, 11, "10 down to 1, then 0: once a minute, never per second");
  });

  test("announcements read naturally", () => {
    assert.equal(announcement(10), "10 minutes left");
    assert.equal(announcement(1), "1 minute left");
  });

  test("the clock shows minutes and seconds, rounded up", () => {
    assert.equal(clockText(10 * 60_000), "10:00");
    assert.equal(clockText(59_001), "1:00");
    assert.equal(clockText(59_000), "0:59");
    assert.equal(clockText(-1), "0:00");
  });

  test("time a sleeping phone missed is added back, within reason", () => {
    assert.equal(sleptFor(5_000, 125_000), 120_000);
    assert.equal(sleptFor(5_000, 5_400), 0, "ordinary jitter is not sleep");
    assert.equal(sleptFor(5_000, 1_000), 0, "a wall clock set back adds nothing");
    assert.equal(sleptFor(5_000, 2 * DAY_MS), 0, "a changed date is not believed");
  });

  test("grounding prompts change every 30 seconds and come round again", () => {
    assert.equal(promptAt(0), PROMPTS[0]);
    assert.equal(promptAt(PROMPT_MS - 1), PROMPTS[0]);
    assert.equal(promptAt(PROMPT_MS), PROMPTS[1]);
    assert.equal(promptAt(PROMPTS.length * PROMPT_MS), PROMPTS[0]);
  });
});

describe("the count", () => {
  test("starts at nothing, and off until the reader turns it on", () => {
    for (const text of [null, "", "{bad", "[]", '{"count": -3}', '{"count": 1.5}']) {
      assert.deepEqual(parseCount(text), { count: 0, on: false }, text);
    }
    assert.deepEqual(countUp(parseCount(null)), { count: 0, on: false });
  });

  test("turned on, it only ever goes up, by one", () => {
    let state = { ...parseCount(null), on: true };
    for (let i = 0; i < 3; i++) state = countUp(state);
    assert.deepEqual(state, { count: 3, on: true });
    assert.deepEqual(parseCount(JSON.stringify(state)), state);
  });

  test("turned off, it stays where it was", () => {
    const off = { count: 4, on: false };
    assert.deepEqual(countUp(off), off);
    assert.deepEqual(parseCount(JSON.stringify(off)), off);
  });

  test("says how many times, never a streak, and nothing of a score when off", () => {
    assert.equal(countText({ count: 3, on: false }), "Not counting.");
    assert.equal(countText({ count: 0, on: true }), "Counting from now on, on this device only.");
    assert.equal(countText({ count: 1, on: true }), "You have stood still once on this device.");
    assert.equal(countText({ count: 12, on: true }), "You have stood still 12 times on this device.");
  });
});

describe("a card for the feeling", () => {
  const cards = [
    { feelings: ["lonely"] },
    { feelings: ["lonely", "hurt"] },
    { feelings: ["any"] },
    { feelings: ["angry", "any"] },
  ];

  test("a card that answers the feeling", () => {
    for (const r of [0, 0.5, 0.99]) assert.ok([0, 1].includes(pickCard(cards, "lonely", -1, r)));
    assert.equal(pickCard(cards, "hurt", -1, 0.3), 1);
  });

  test("another is never the one shown, while there are others", () => {
    for (const r of [0, 0.5, 0.99]) assert.equal(pickCard(cards, "lonely", 0, r), 1);
    assert.equal(pickCard(cards, "hurt", 1, 0.5), 1, "the only card for it stays");
  });

  test("no feeling, or one with no cards: the cards for any feeling", () => {
    for (const feeling of [undefined, null, "numb"]) {
      for (const r of [0, 0.99]) assert.ok([2, 3].includes(pickCard(cards, feeling, -1, r)));
    }
  });

  test("no cards at all", () => {
    assert.equal(pickCard([], "lonely"), -1);
  });
});
