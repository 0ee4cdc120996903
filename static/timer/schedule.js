// The breathing schedule, with no DOM: patterns, where a session is at any
// moment, how long it runs, pause arithmetic and the remembered settings.
// Everything here is a pure function of its arguments, so Node can test it.

import { gettext, interpolate, pgettext } from "../core/words.js";

const phase = (kind, seconds, label, to) => ({ kind, ms: Math.round(seconds * 1000), label, to });
const IN = (s, label = gettext("Breathe in"), to = 1) => phase("in", s, label, to);
const OUT = (s) => phase("out", s, gettext("Breathe out"), 0);
const HOLD = (s) => phase("hold", s, pgettext("breathing phase", "Hold"));

export const PATTERNS = {
  "stand-still": [IN(4), OUT(6)],
  box: [IN(4), HOLD(4), OUT(4), HOLD(4)],
  "4-7-8": [IN(4), HOLD(7), OUT(8)],
  resonant: [IN(5.5), OUT(5.5)],
  sigh: [IN(2, gettext("Breathe in"), 0.7), IN(1, gettext("And a little more")), OUT(6)],
};

export const LENGTHS = [1, 3, 5, 10, 0]; // minutes; 0 is open-ended
export const MAX_PHASE_SECONDS = 20;
// A held breath longer than this can bring on dizziness or panic: the app's own holds stay under it.
export const MAX_HOLD_SECONDS = 8;
const HOLDS = ["hold", "rest"];
const CUSTOM_FIELDS = ["inhale", "hold", "exhale", "rest"];

export const DEFAULTS = Object.freeze({
  pattern: "stand-still",
  minutes: 3,
  custom: Object.freeze({ inhale: 4, hold: 2, exhale: 6, rest: 0 }),
  count: true,
  announce: true,
  vibrate: false,
  tones: false,
});

/** Check the custom pattern's four fields (seconds, as numbers or strings).
 * Returns { phases, values } when valid, else { error, fields } naming the bad ones. */
export function customPattern(values) {
  const parsed = {};
  const bad = [];
  for (const name of CUSTOM_FIELDS) {
    const raw = values?.[name];
    const text = typeof raw === "string" ? raw.trim() : raw;
    const n = text === "" || text == null ? NaN : Number(text);
    const most = HOLDS.includes(name) ? MAX_HOLD_SECONDS : MAX_PHASE_SECONDS;
    if (!Number.isFinite(n) || n < 0 || n > most) bad.push(name);
    parsed[name] = n;
  }
  if (bad.length) {
    const error = interpolate(gettext("Breathe in or out for 0 to %(most)s seconds; hold for 0 to %(hold)s."), {
      most: MAX_PHASE_SECONDS,
      hold: MAX_HOLD_SECONDS,
    });
    return { error, fields: bad };
  }
  if (CUSTOM_FIELDS.every((name) => parsed[name] === 0)) {
    return { error: gettext("Give at least one part of the breath more than 0 seconds."), fields: CUSTOM_FIELDS };
  }
  const phases = [IN(parsed.inhale), HOLD(parsed.hold), OUT(parsed.exhale), HOLD(parsed.rest)];
  // Sub-millisecond values round to 0 ms; such a pattern would never advance.
  if (phases.every((p) => p.ms === 0)) {
    return { error: gettext("Give at least one part of the breath more than 0 seconds."), fields: CUSTOM_FIELDS };
  }
  return { phases: phases.filter((p) => p.ms > 0), values: parsed };
}

/** The phases for the settings' pattern (custom settings are already valid). */
export function patternFor(settings) {
  if (settings.pattern === "custom") return customPattern(settings.custom).phases;
  return PATTERNS[settings.pattern];
}

/** True when `phases` hold the breath: such a pattern carries a caution. */
export const holdsBreath = (phases) => (phases ?? []).some((p) => p.kind === "hold");

export const cycleLength = (phases) => phases.reduce((sum, p) => sum + p.ms, 0);

/** Where the last breath out of a cycle ends, counted from the cycle's start.
 * A pattern without one (a custom pattern may have none) ends with its cycle. */
function exhaleEnd(phases) {
  let at = 0;
  let end = cycleLength(phases);
  for (const p of phases) {
    at += p.ms;
    if (p.kind === "out") end = at;
  }
  return end;
}

/** The first moment at or after `ms` where a full breath out ends. */
export function endAfter(phases, ms) {
  const cycle = cycleLength(phases);
  const offset = exhaleEnd(phases);
  const cycles = Math.max(0, Math.ceil((ms - offset) / cycle));
  return cycles * cycle + offset;
}

/** A session's length in ms: at least `minutes`, ending after a full breath out.
 * Open-ended (0 minutes) is Infinity. */
export function sessionLength(phases, minutes) {
  return minutes > 0 ? endAfter(phases, minutes * 60_000) : Infinity;
}

const ease = (x) => (1 - Math.cos(Math.PI * x)) / 2;

/** The phase at `elapsed` ms into a session.
 * `step` counts phases from the session's start, so a change in `step` is a phase change.
 * `level` (0 empty to 1 full) is how full the lungs are, for the breathing shape. */
export function phaseAt(phases, elapsed) {
  const cycle = cycleLength(phases);
  const t = Math.max(0, elapsed);
  const round = Math.floor(t / cycle);
  let start = round * cycle;
  let from = 0; // every cycle starts with empty lungs
  for (let i = 0; ; i++) {
    const p = phases[i];
    const to = p.kind === "hold" ? from : p.to;
    if (t < start + p.ms || i === phases.length - 1) {
      const progress = Math.min(1, (t - start) / p.ms);
      return {
        ...p,
        index: i,
        step: round * phases.length + i,
        start,
        end: start + p.ms,
        remaining: start + p.ms - t,
        progress,
        level: from + (to - from) * ease(progress),
      };
    }
    start += p.ms;
    from = to;
  }
}

// A clock is { start, paused, pausedAt }: times from a monotonic source
// (performance.now()). Elapsed time leaves out every paused stretch.
export const startClock = (now) => ({ start: now, paused: 0, pausedAt: null });
export const elapsed = (clock, now) => (clock.pausedAt ?? now) - clock.start - clock.paused;
export const isPaused = (clock) => clock.pausedAt !== null;
/** Pause at `now`, which may lie in the past (when the page was hidden). */
export const pause = (clock, now) => (isPaused(clock) ? clock : { ...clock, pausedAt: now });
export const resume = (clock, now) =>
  isPaused(clock) ? { ...clock, paused: clock.paused + (now - clock.pausedAt), pausedAt: null } : clock;

/** Settings from localStorage's text; anything missing or invalid takes its default. */
export function parseSettings(text) {
  let stored;
  try {
    stored = JSON.parse(text);
  } catch {
    stored = null;
  }
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) stored = {};
  const settings = { ...DEFAULTS, custom: { ...DEFAULTS.custom } };
  const custom = customPattern(stored.custom);
  if (custom.phases) settings.custom = custom.values;
  if (Object.hasOwn(PATTERNS, stored.pattern) || (stored.pattern === "custom" && custom.phases)) {
    settings.pattern = stored.pattern;
  }
  if (LENGTHS.includes(stored.minutes)) settings.minutes = stored.minutes;
  for (const key of ["count", "announce", "vibrate", "tones"]) {
    if (typeof stored[key] === "boolean") settings[key] = stored[key];
  }
  return settings;
}
