// My plan and the evening check-in (static/companion/logic.js): the week and month
// pictures and the saved file, in Node's built-in test runner.
// Run through pytest (tests/test_timer_schedule.py) or: node --test tests/js/

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  BadFile,
  PARTS,
  dayKey,
  emptyPlan,
  fileName,
  fileText,
  mergeEvenings,
  mergeKept,
  monthPicture,
  readFile,
  weekPicture,
  withEvening,
} from "../../static/companion/logic.js";

const SAT_5_DEC = new Date(2026, 11, 5, 21, 30);
const evening = (date, level, more = {}) => ({ date, level, line: "", pull: "", helped: "", ...more });

describe("the evenings", () => {
  test("a day is named in the phone's own time zone", () => {
    assert.equal(dayKey(new Date(2026, 0, 9, 23, 59)), "2026-01-09");
  });

  test("a second check-in on the same day replaces the first, and the list stays in date order", () => {
    let kept = withEvening([], evening("2026-12-05", 2));
    kept = withEvening(kept, evening("2026-12-01", 4));
    kept = withEvening(kept, evening("2026-12-05", 5));
    assert.deepEqual(kept.map((e) => [e.date, e.level]), [["2026-12-01", 4], ["2026-12-05", 5]]);
  });
});

describe("the week picture", () => {
  test("shows the seven days up to today, with the level of each day noted and nothing for the others", () => {
    const week = weekPicture([evening("2026-12-05", 4), evening("2026-11-29", 1), evening("2026-11-20", 3)], SAT_5_DEC);
    assert.deepEqual(week.map((d) => d.date), [
      "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05",
    ]);
    assert.deepEqual(week.map((d) => d.level), [1, null, null, null, null, null, 4]);
    assert.deepEqual(week.map((d) => d.today), [false, false, false, false, false, false, true]);
  });

  test("a missed day is only a day not noted: nothing counts in a row or starts again", () => {
    const week = weekPicture([evening("2026-12-01", 5), evening("2026-12-03", 5)], SAT_5_DEC);
    for (const day of week) assert.deepEqual(Object.keys(day).sort(), ["date", "day", "level", "today", "weekday"]);
  });
});

describe("the month picture", () => {
  test("lays the month out in weeks from Monday, with days to come marked and other months' days empty", () => {
    const month = monthPicture([evening("2026-12-02", 3), evening("2026-11-30", 1)], SAT_5_DEC);
    assert.equal(month.length, 5); // 1 December 2026 is a Tuesday; the 31st a Thursday
    assert.equal(month[0][0], null);
    assert.equal(month[0][1].date, "2026-12-01");
    assert.equal(month[0][2].level, 3);
    assert.equal(month[0][5].today, true);
    assert.equal(month[0][5].later, false);
    assert.equal(month[0][6].later, true);
    assert.equal(month[4][3].date, "2026-12-31");
    assert.deepEqual(month[4].slice(4), [null, null, null]);
    assert.ok(month.flat().filter(Boolean).every((d) => d.date.startsWith("2026-12")));
  });
});

describe("the saved file", () => {
  const plan = { ...emptyPlan(), signs: "I stop eating", reasons: "My sister\nThe dog" };

  test("brings back exactly the plan and evenings it was saved with", () => {
    const evenings = [evening("2026-12-04", 2, { line: "a long day", pull: "came", helped: "a walk" })];
    const text = fileText(plan, evenings, SAT_5_DEC);
    assert.deepEqual(readFile(text), { plan, evenings });
    assert.equal(fileName(SAT_5_DEC), "stand-still-my-plan-2026-12-05.json");
  });

  const refused = {
    "text that is not JSON": "not a plan",
    "JSON of another app": JSON.stringify({ app: "other", kind: "my-plan", version: 1, plan: {}, evenings: [] }),
    "a bookmarks export": JSON.stringify({ app: "stand-still", kind: "saved", version: 1 }),
    "another version": JSON.stringify({ app: "stand-still", kind: "my-plan", version: 9, plan: {}, evenings: [] }),
    "a plan part that is not text": JSON.stringify({ app: "stand-still", kind: "my-plan", version: 1, plan: { signs: 3 }, evenings: [] }),
    "a plan part far too long": JSON.stringify({ app: "stand-still", kind: "my-plan", version: 1, plan: { signs: "x".repeat(5000) }, evenings: [] }),
    "an evening with a level of 9": JSON.stringify({ app: "stand-still", kind: "my-plan", version: 1, plan: {}, evenings: [{ date: "2026-12-01", level: 9 }] }),
    "an evening with no date": JSON.stringify({ app: "stand-still", kind: "my-plan", version: 1, plan: {}, evenings: [{ level: 2 }] }),
    "evenings that are not a list": JSON.stringify({ app: "stand-still", kind: "my-plan", version: 1, plan: {}, evenings: "many" }),
    "null": "null",
  };
  for (const [what, text] of Object.entries(refused)) {
    test(`refuses ${what} with a message saying nothing was changed`, () => {
      assert.throws(() => readFile(text), (error) => error instanceof BadFile && /nothing was changed/.test(error.message));
    });
  }

  test("keeps only the parts it knows, and fills in the parts a file leaves out", () => {
    const text = JSON.stringify({ app: "stand-still", kind: "my-plan", version: 1, plan: { signs: "a", extra: "b" }, evenings: [] });
    const { plan: read } = readFile(text);
    assert.deepEqual(Object.keys(read), PARTS);
    assert.equal(read.signs, "a");
    assert.equal(read.reasons, "");
  });

  test("this phone's evening of a day stays when a file brings another for the same day", () => {
    const mine = [evening("2026-12-04", 2)];
    const theirs = [evening("2026-12-04", 5), evening("2026-12-01", 3)];
    assert.deepEqual(mergeEvenings(mine, theirs).map((e) => [e.date, e.level]), [["2026-12-01", 3], ["2026-12-04", 2]]);
  });
});

describe("two copies of the plan and evenings (this phone's, the account's)", () => {
  const kept = (more) => ({ plan: emptyPlan(), planAt: 0, evenings: [], cleared: 0, ...more });
  const plan = (signs) => ({ ...emptyPlan(), signs });

  test("the plan written last is the one kept, whichever side it is on", () => {
    const mine = kept({ plan: plan("late nights"), planAt: 200 });
    const theirs = kept({ plan: plan("Sunday mornings"), planAt: 100 });
    assert.equal(mergeKept(mine, theirs).plan.signs, "late nights");
    assert.equal(mergeKept(theirs, mine).plan.signs, "late nights");
    assert.equal(mergeKept(theirs, mine).planAt, 200);
  });

  test("a plan deleted later than the other was written stays deleted", () => {
    const deleted = kept({ plan: emptyPlan(), planAt: 300 });
    const written = kept({ plan: plan("late nights"), planAt: 200 });
    assert.equal(mergeKept(written, deleted).plan.signs, "");
  });

  test("evenings of both are kept, and of one day the one noted last", () => {
    const mine = kept({ evenings: [evening("2026-12-01", 2, { at: 10 }), evening("2026-12-03", 4, { at: 30 })] });
    const theirs = kept({ evenings: [evening("2026-12-02", 3, { at: 20 }), evening("2026-12-03", 1, { at: 40 })] });
    assert.deepEqual(
      mergeKept(mine, theirs).evenings.map((e) => [e.date, e.level]),
      [["2026-12-01", 2], ["2026-12-02", 3], ["2026-12-03", 1]],
    );
  });

  test("evenings deleted on one phone don't come back from the other, and later ones stay", () => {
    const cleared = kept({ cleared: 50, evenings: [evening("2026-12-05", 5, { at: 60 })] });
    const other = kept({ evenings: [evening("2026-12-01", 2, { at: 10 }), evening("2026-12-04", 3, { at: 55 })] });
    const merged = mergeKept(other, cleared);
    assert.deepEqual(merged.evenings.map((e) => e.date), ["2026-12-04", "2026-12-05"]);
    assert.equal(merged.cleared, 50);
  });

  test("evenings from before stamps were kept stay until the evenings are deleted", () => {
    const old = kept({ evenings: [evening("2026-11-30", 3)] });
    assert.equal(mergeKept(old, kept()).evenings.length, 1);
    assert.equal(mergeKept(old, kept({ cleared: 1 })).evenings.length, 0);
  });
});
