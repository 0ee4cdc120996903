// The breathing schedule on its own, in Node's built-in test runner.
// Run through pytest (tests/test_timer_schedule.py) or: node --test tests/js/

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  customPattern,
  cycleLength,
  DEFAULTS,
  elapsed,
  endAfter,
  holdsBreath,
  isPaused,
  LENGTHS,
  MAX_HOLD_SECONDS,
  PATTERNS,
  parseSettings,
  pause,
  patternFor,
  phaseAt,
  resume,
  sessionLength,
  startClock,
} from "../../static/timer/schedule.js";

const custom = (values) => customPattern(values).phases;

// Every pattern a person can pick, with what a person would expect of it:
// the order of phases (label, seconds) in one cycle.
const EXPECTED = {
  "stand-still": [["Breathe in", 4], ["Breathe out", 6]],
  box: [["Breathe in", 4], ["Hold", 4], ["Breathe out", 4], ["Hold", 4]],
  "4-7-8": [["Breathe in", 4], ["Hold", 7], ["Breathe out", 8]],
  resonant: [["Breathe in", 5.5], ["Breathe out", 5.5]],
  sigh: [["Breathe in", 2], ["And a little more", 1], ["Breathe out", 6]],
  custom: [["Breathe in", 3], ["Hold", 1], ["Breathe out", 5], ["Hold", 2]],
};
const ALL = {
  ...PATTERNS,
  custom: custom({ inhale: 3, hold: 1, exhale: 5, rest: 2 }),
};

/** The label at `t` ms, worked out by walking the expected table. */
function expectedLabel(rows, t) {
  const cycle = rows.reduce((sum, [, s]) => sum + s * 1000, 0);
  let at = t % cycle;
  for (const [label, seconds] of rows) {
    if (at < seconds * 1000) return label;
    at -= seconds * 1000;
  }
  throw new Error("unreachable");
}

describe("every pattern", () => {
  for (const [name, phases] of Object.entries(ALL)) {
    const rows = EXPECTED[name];

    test(`${name}: one cycle holds the expected phases in order`, () => {
      assert.deepEqual(
        phases.map((p) => [p.label, p.ms / 1000]),
        rows,
      );
      assert.equal(cycleLength(phases), rows.reduce((sum, [, s]) => sum + s * 1000, 0));
    });

    test(`${name}: the phase at any time t follows the table, for ten minutes and beyond`, () => {
      for (let t = 0; t <= 11 * 60_000; t += 250) {
        assert.equal(phaseAt(phases, t).label, expectedLabel(rows, t), `at ${t} ms`);
      }
    });

    test(`${name}: phase boundaries fall exactly on the schedule after ten minutes`, () => {
      const cycle = cycleLength(phases);
      const base = Math.ceil(600_000 / cycle) * cycle; // a cycle start past 10 minutes
      let at = base;
      phases.forEach((p, i) => {
        assert.equal(phaseAt(phases, at - 1).index, (i - 1 + phases.length) % phases.length);
        const now = phaseAt(phases, at);
        assert.equal(now.index, i, `boundary ${i} at ${at} ms`);
        assert.equal(now.start, at);
        assert.equal(now.remaining, p.ms);
        at += p.ms;
      });
    });

    test(`${name}: step counts every phase since the start`, () => {
      const cycle = cycleLength(phases);
      assert.equal(phaseAt(phases, 0).step, 0);
      assert.equal(phaseAt(phases, 7 * cycle).step, 7 * phases.length);
      assert.equal(phaseAt(phases, 7 * cycle - 1).step, 7 * phases.length - 1);
    });

    test(`${name}: every timed length ends after a full breath out, never early`, () => {
      for (const minutes of LENGTHS.filter(Boolean)) {
        const length = sessionLength(phases, minutes);
        assert.ok(length >= minutes * 60_000, `${minutes} min is ${length} ms`);
        const last = phaseAt(phases, length - 1);
        assert.equal(last.kind, "out", `${minutes} min ends in "${last.label}"`);
        assert.equal(last.end, length, "the breath out is complete");
        // Rounded up by less than one cycle: the shortest such ending.
        assert.ok(length - minutes * 60_000 < cycleLength(phases));
      }
    });

    test(`${name}: the shape is empty at the start and full at the top of the breath`, () => {
      assert.equal(phaseAt(phases, 0).level, 0);
      const top = phases.findLastIndex((p) => p.kind === "in");
      const topEnd = phases.slice(0, top + 1).reduce((sum, p) => sum + p.ms, 0);
      assert.ok(Math.abs(phaseAt(phases, topEnd - 0.001).level - 1) < 1e-6);
      for (let t = 0; t < 3 * cycleLength(phases); t += 100) {
        const { level } = phaseAt(phases, t);
        assert.ok(level >= 0 && level <= 1, `level ${level} at ${t}`);
      }
    });
  }
});

describe("session length", () => {
  test("the default pattern fits a minute exactly: six breaths of ten seconds", () => {
    assert.equal(sessionLength(PATTERNS["stand-still"], 1), 60_000);
    assert.equal(sessionLength(PATTERNS["stand-still"], 10), 600_000);
  });

  test("box breathing ends after the breath out, without the last hold", () => {
    // 16 s cycles, the breath out ends 12 s in: 3 cycles + 12 s = 60 s.
    assert.equal(sessionLength(PATTERNS.box, 1), 60_000);
    // 3 minutes: 11 cycles (176 s) + 12 s.
    assert.equal(sessionLength(PATTERNS.box, 3), 188_000);
  });

  test("4-7-8 rounds up to the end of the next breath out", () => {
    // 19 s cycles: 60 s needs 4 cycles (76 s).
    assert.equal(sessionLength(PATTERNS["4-7-8"], 1), 76_000);
  });

  test("resonant breathing is about 5.5 breaths a minute", () => {
    const perMinute = 60_000 / cycleLength(PATTERNS.resonant);
    assert.ok(perMinute > 5.3 && perMinute < 5.7, `${perMinute}`);
  });

  test("open-ended never ends by itself", () => {
    assert.equal(sessionLength(PATTERNS.box, 0), Infinity);
  });

  test("one more minute ends after a full breath out at least a minute later", () => {
    const end = sessionLength(PATTERNS["4-7-8"], 1);
    const more = endAfter(PATTERNS["4-7-8"], end + 60_000);
    assert.equal(more, 76_000 + 4 * 19_000);
    assert.equal(phaseAt(PATTERNS["4-7-8"], more - 1).kind, "out");
  });

  test("a custom pattern with no breath out ends on a whole cycle", () => {
    const phases = custom({ inhale: 7, hold: 0, exhale: 0, rest: 0 });
    assert.equal(sessionLength(phases, 1), 63_000);
  });
});

describe("pause arithmetic", () => {
  test("elapsed time is the monotonic clock minus the start", () => {
    const clock = startClock(1000.5);
    assert.equal(elapsed(clock, 1000.5), 0);
    assert.equal(elapsed(clock, 61_000.5), 60_000);
  });

  test("paused stretches are left out, however many", () => {
    let clock = startClock(0);
    clock = pause(clock, 10_000);
    assert.ok(isPaused(clock));
    assert.equal(elapsed(clock, 50_000), 10_000, "time stands still while paused");
    clock = resume(clock, 50_000);
    assert.equal(elapsed(clock, 55_000), 15_000);
    clock = resume(pause(clock, 60_000), 90_000);
    assert.equal(elapsed(clock, 100_000), 30_000);
    assert.equal(clock.paused, 70_000);
  });

  test("pausing twice or resuming a running clock changes nothing", () => {
    const clock = pause(startClock(0), 5_000);
    assert.equal(pause(clock, 9_000), clock);
    const running = startClock(0);
    assert.equal(resume(running, 9_000), running);
  });

  test("a pause can start in the past: when the page was hidden", () => {
    // Hidden at 20 s, seen again at 45 s: the session stands at 20 s.
    const clock = pause(startClock(0), 20_000);
    assert.equal(elapsed(clock, 45_000), 20_000);
    assert.equal(elapsed(resume(clock, 45_000), 46_000), 21_000);
  });

  test("the phase after a pause continues where it stopped", () => {
    const phases = PATTERNS["4-7-8"];
    let clock = pause(startClock(0), 5_000); // 1 s into the hold
    clock = resume(clock, 600_000);
    const now = phaseAt(phases, elapsed(clock, 600_500));
    assert.equal(now.label, "Hold");
    assert.equal(now.remaining, 5_500);
  });
});

describe("custom pattern", () => {
  test("zero phases are left out", () => {
    const phases = custom({ inhale: "4", hold: "0", exhale: "8", rest: "0" });
    assert.deepEqual(
      phases.map((p) => p.label),
      ["Breathe in", "Breathe out"],
    );
  });

  test("accepts 0 to 20 seconds, halves included", () => {
    assert.ok(custom({ inhale: 20, hold: 0, exhale: 0.5, rest: 0 }));
  });

  test("holds the breath for 8 seconds at most, either hold", () => {
    assert.ok(custom({ inhale: 4, hold: 8, exhale: 6, rest: 8 }));
    for (const values of [
      { inhale: 4, hold: 8.5, exhale: 6, rest: 0 },
      { inhale: 4, hold: 0, exhale: 6, rest: 20 },
    ]) {
      const result = customPattern(values);
      assert.equal(result.phases, undefined);
      assert.match(result.error, /hold for 0 to 8/);
      assert.deepEqual(result.fields, values.hold > 8 ? ["hold"] : ["rest"]);
    }
  });

  test("the app's own patterns hold for 8 seconds at most", () => {
    for (const [name, phases] of Object.entries(PATTERNS)) {
      const longest = Math.max(0, ...phases.filter((p) => p.kind === "hold").map((p) => p.ms));
      assert.ok(longest <= MAX_HOLD_SECONDS * 1000, name);
    }
  });

  test("a pattern that holds the breath is known as one, so it carries the caution", () => {
    assert.equal(holdsBreath(PATTERNS["4-7-8"]), true);
    assert.equal(holdsBreath(PATTERNS.box), true);
    assert.equal(holdsBreath(PATTERNS["stand-still"]), false);
    assert.equal(holdsBreath(custom({ inhale: 4, hold: 2, exhale: 6, rest: 0 })), true);
    assert.equal(holdsBreath(custom({ inhale: 4, hold: 0, exhale: 6, rest: 0 })), false);
    assert.equal(holdsBreath(undefined), false);
  });

  for (const [why, values, fields] of [
    ["above 20 s", { inhale: 21, hold: 0, exhale: 4, rest: 0 }, ["inhale"]],
    ["negative", { inhale: 4, hold: -1, exhale: 4, rest: 0 }, ["hold"]],
    ["not a number", { inhale: 4, hold: 0, exhale: "slow", rest: 0 }, ["exhale"]],
    ["empty", { inhale: 4, hold: 0, exhale: 4, rest: "" }, ["rest"]],
    ["missing", { inhale: 4 }, ["hold", "exhale", "rest"]],
    ["infinite", { inhale: Infinity, hold: 0, exhale: 4, rest: 0 }, ["inhale"]],
  ]) {
    test(`rejects a value ${why}, naming the field`, () => {
      const result = customPattern(values);
      assert.equal(result.phases, undefined);
      assert.match(result.error, /0 to 20 seconds; hold for 0 to 8/);
      assert.deepEqual(result.fields, fields);
    });
  }

  test("rejects a pattern where every phase is 0", () => {
    const result = customPattern({ inhale: 0, hold: 0, exhale: 0, rest: "0" });
    assert.match(result.error, /at least one/);
  });

  test("rejects nothing at all", () => {
    assert.ok(customPattern(undefined).error);
    assert.ok(customPattern(null).error);
  });
});

describe("remembered settings", () => {
  test("nothing stored means the defaults", () => {
    assert.deepEqual(parseSettings(null), DEFAULTS);
    assert.deepEqual(parseSettings(""), DEFAULTS);
  });

  test("corrupt or foreign values fall back to the defaults", () => {
    for (const text of ["{not json", "[]", "42", '"box"', "null", "true"]) {
      assert.deepEqual(parseSettings(text), DEFAULTS, text);
    }
  });

  test("valid stored values are kept", () => {
    const stored = {
      pattern: "custom",
      minutes: 0,
      custom: { inhale: 5, hold: 0, exhale: 7, rest: 1 },
      count: false,
      announce: false,
      vibrate: true,
      tones: true,
    };
    assert.deepEqual(parseSettings(JSON.stringify(stored)), stored);
  });

  test("each invalid value falls back on its own", () => {
    const settings = parseSettings(
      JSON.stringify({ pattern: "toString", minutes: 7, count: "yes", tones: true }),
    );
    assert.equal(settings.pattern, DEFAULTS.pattern);
    assert.equal(settings.minutes, DEFAULTS.minutes);
    assert.equal(settings.count, DEFAULTS.count);
    assert.equal(settings.tones, true);
  });

  test("a stored custom pattern that fails validation is replaced by the defaults", () => {
    const settings = parseSettings(
      JSON.stringify({ pattern: "custom", custom: { inhale: 99, hold: 0, exhale: 0, rest: 0 } }),
    );
    assert.equal(settings.pattern, DEFAULTS.pattern);
    assert.deepEqual(settings.custom, DEFAULTS.custom);
    assert.deepEqual(patternFor(settings), PATTERNS["stand-still"]);
  });

  test("changing the returned settings leaves the defaults alone", () => {
    const settings = parseSettings(null);
    settings.custom.inhale = 9;
    assert.equal(DEFAULTS.custom.inhale, 4);
  });
});
