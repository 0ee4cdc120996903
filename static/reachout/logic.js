// The "When you want to reach out" path's rules, with no DOM and no storage: how long
// a written message is kept, the wave's countdown and what is announced, the
// grounding prompts, the count, and which card answers a feeling. Pure
// functions of their arguments, so Node can test them (tests/js/reachout.test.mjs).

import { gettext, interpolate, ngettext } from "../core/words.js";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** When a message kept with `choice` ("day" or "always") expires: a time in ms
 * since the epoch, or null for never. */
export function expiresAt(choice, now) {
  if (choice === "day") return now + DAY_MS;
  if (choice === "always") return null;
  throw new Error(`not a way to keep a message: ${choice}`);
}

export const isExpired = (message, now) => message.expires != null && now >= message.expires;

/** The messages still kept at `now`, newest first. */
export const keptAt = (messages, now) =>
  messages.filter((m) => !isExpired(m, now)).sort((a, b) => b.created - a.created);

// The wave

export const WAVE_MINUTES = [5, 10, 15];
export const DEFAULT_WAVE = 10;
export const ADD_MINUTES = 5;

export const waveMinutes = (value) =>
  WAVE_MINUTES.includes(Number(value)) ? Number(value) : DEFAULT_WAVE;

/** Whole minutes left, rounded up: 9:59 left is "10 minutes". */
export const minutesLeft = (ms) => Math.max(0, Math.ceil(ms / 60_000));

/** What a screen reader hears, once a minute. */
export const announcement = (minutes) =>
  interpolate(ngettext("%(n)s minute left", "%(n)s minutes left", minutes), { n: minutes });

export function clockText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Time the monotonic clock missed while the device slept: a locked phone may stop
 * performance.now() but not the wall clock. Never negative; a wall clock moved by
 * more than a day (a changed time zone or date) is not believed. */
export function sleptFor(monotonicAway, wallAway) {
  const missed = wallAway - monotonicAway;
  return missed > 1000 && wallAway < DAY_MS ? missed : 0;
}

export const PROMPT_MS = 30_000;
export const PROMPTS = [
  gettext("Name five things you can see around you."),
  gettext("Notice four things you can feel: your feet, your hands, the air on your skin."),
  gettext("Listen for three sounds, near or far."),
  gettext("Find two things you can smell, or remember two smells you like."),
  gettext("Notice one thing you can taste, or take a sip of water."),
  gettext("Breathe out slowly, longer than you breathe in."),
  gettext("Press your feet into the floor. You are here, in this room, right now."),
];

export const promptAt = (elapsed) =>
  PROMPTS[Math.floor(Math.max(0, elapsed) / PROMPT_MS) % PROMPTS.length];

// The count of times you stood still: off until the reader turns it on (no score
// unless asked for); then only ever up, never a streak.

// Cards

/** The index among `cards` (each { feelings: [slugs] }) of a card for `feeling`
 * other than `avoid`, chosen with `random` (0 to 1); cards marked "any" when none
 * answers the feeling. -1 when there is no card at all. */
export function pickCard(cards, feeling, avoid = -1, random = Math.random()) {
  const answers = (tag) => cards.map((c, i) => (c.feelings.includes(tag) ? i : -1)).filter((i) => i >= 0);
  let pool = (feeling && answers(feeling)) || [];
  if (!pool.length) pool = answers("any");
  if (!pool.length) pool = cards.map((_, i) => i);
  if (pool.length > 1) pool = pool.filter((i) => i !== avoid);
  if (!pool.length) return -1;
  return pool[Math.min(pool.length - 1, Math.floor(random * pool.length))];
}
