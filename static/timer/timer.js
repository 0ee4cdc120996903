// The breathing timer's page. Every frame reads one monotonic clock
// (performance.now() minus the start and the paused stretches) and asks the
// pure schedule where the session is; nothing counts ticks. No requests.

import { gettext, interpolate, language, ngettext, pgettext } from "../core/words.js";
import * as S from "./schedule.js";
import { screenLock } from "./wakelock.js";

const root = document.querySelector("[data-timer]");

const KEY = "stand-still:timer";
const CUSTOM = ["inhale", "hold", "exhale", "rest"];
const OPTIONS = ["count", "announce", "vibrate", "tones"];
const AWAY_MS = 10_000; // hidden for longer than this pauses the session
const wake = screenLock(() => state === "running" && !document.hidden);

const $ = (name) => root.querySelector(`[data-${name}]`);
const $$ = (name) => [...root.querySelectorAll(`[data-${name}]`)];
const form = $("settings");
const fields = form.elements;
const shape = $("shape");
const label = $("phase");
const count = $("count");
const live = $("live");
const time = $("time");
const bar = $("progress");
const pauseButton = $("pause");
const customError = $("custom-error");
const cards = $$("card");
const AudioContext = window.AudioContext || window.webkitAudioContext;
const supports = { vibrate: "vibrate" in navigator, tones: !!AudioContext };
// A step of a longer path (data-next): the default pattern for data-minutes, at once,
// then on to the next step; the person's own remembered settings stay as they were.
const guided = root.dataset.next ? { minutes: Number(root.dataset.minutes), next: root.dataset.next } : null;

let settings = load();
let state = "setup";
let phases, target, end, clock;
let step = -1; // the phase last shown, counted from the session's start
let raf = 0;
let hiddenAt = null;
let cardShown = -1;

function load() {
  try {
    return S.parseSettings(localStorage.getItem(KEY));
  } catch {
    return S.parseSettings(null); // storage switched off: defaults, silently
  }
}

function save() {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private browsing or storage full: the timer still works, it just forgets.
  }
}

function setState(next) {
  state = next;
  root.dataset.state = next;
  for (const el of $$("for")) el.hidden = !el.dataset.for.split(" ").includes(next);
}

// Settings form

function fill() {
  fields.pattern.value = settings.pattern;
  fields.minutes.value = String(settings.minutes);
  for (const name of CUSTOM) fields[name].value = settings.custom[name];
  for (const name of OPTIONS) fields[name].checked = settings[name];
}

/** Read the form into `settings` and remember it. Returns false, with a message by
 * the fields, if the custom pattern is chosen and invalid; `quiet` (while typing)
 * only updates a message already showing. */
function read(quiet = false) {
  const custom = S.customPattern(Object.fromEntries(CUSTOM.map((name) => [name, fields[name].value])));
  const bad = fields.pattern.value === "custom" && custom.error ? custom : null;
  if (!(quiet && bad && customError.hidden)) {
    for (const name of CUSTOM) fields[name].setAttribute("aria-invalid", String(!!bad?.fields.includes(name)));
    customError.textContent = bad?.error ?? "";
    customError.hidden = !bad;
  }
  if (bad) return false;
  settings = {
    pattern: fields.pattern.value,
    minutes: Number(fields.minutes.value),
    custom: custom.values ?? settings.custom,
    ...Object.fromEntries(OPTIONS.map((name) => [name, fields[name].checked])),
  };
  save();
  describe();
  return true;
}

/** A number of seconds or minutes as the page's language writes it ("7.5", "7,5"). */
const number = (n) => n.toLocaleString(language(), { maximumFractionDigits: 20 });

function describe() {
  const chosen = form.querySelector("[name=pattern]:checked");
  const { inhale, hold, exhale, rest } = settings.custom;
  $("guide").textContent =
    chosen.dataset.about ??
    interpolate(gettext("In %(inhale)s, hold %(hold)s, out %(exhale)s, hold %(rest)s."), {
      inhale: number(inhale),
      hold: number(hold),
      exhale: number(exhale),
      rest: number(rest),
    });
  const pattern = chosen.dataset.name;
  // Translators: the chosen breathing pattern and the session's length ("Box · 3 min").
  const summary = gettext("%(pattern)s · %(minutes)s min");
  $("summary").textContent = settings.minutes
    ? interpolate(summary, { pattern, minutes: number(settings.minutes) })
    : interpolate(gettext("%(pattern)s · open-ended"), { pattern });
}

// The session

function begin() {
  if (!read()) {
    $("options").open = true;
    form.querySelector("[aria-invalid=true]")?.focus();
    return;
  }
  start();
}

function start() {
  phases = S.patternFor(settings);
  target = settings.minutes * 60_000 || Infinity;
  end = S.sessionLength(phases, settings.minutes);
  clock = S.startClock(performance.now());
  step = -1;
  if (settings.tones) audio(); // created during the tap, so browsers let it play
  run();
  pauseButton.focus();
}

function run() {
  setState("running");
  $("progress-track").hidden = end === Infinity;
  $$("more").forEach((button) => (button.hidden = end === Infinity));
  pauseButton.textContent = pgettext("button that pauses a breathing session", "Pause");
  wake.hold();
  if (settings.tones) audio();
  cancelAnimationFrame(raf);
  frame(); // the first frame now, in the same tap: no blank moment
}

function frame() {
  const t = S.elapsed(clock, performance.now());
  if (t >= end) return finish(end);
  draw(t, true);
  raf = requestAnimationFrame(frame);
}

/** Show the session at `t` ms; `cue` sounds and vibrates a phase change. */
function draw(t, cue) {
  const p = S.phaseAt(phases, t);
  shape.style.setProperty("--level", p.level.toFixed(4));
  bar.style.setProperty("--progress", Math.min(1, t / end).toFixed(4));
  if (p.step !== step) {
    step = p.step;
    label.textContent = p.label;
    if (settings.announce) live.textContent = p.label;
    if (cue) cues(p.kind);
  }
  // Text is only touched when it changes, not every frame.
  const left = settings.count ? String(Math.ceil(p.remaining / 1000)) : "";
  if (count.textContent !== left) count.textContent = left;
  showTime(t);
}

function showTime(t) {
  const line =
    end === Infinity
      ? clockText(t)
      : // Translators: the time left in a breathing session ("2:50 left").
        interpolate(gettext("%(time)s left"), { time: clockText(end - t + 999) });
  if (time.textContent !== line) time.textContent = line;
}

const clockText = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

function pause(at = performance.now(), text = pgettext("state of a breathing session", "Paused")) {
  if (state !== "running") return;
  cancelAnimationFrame(raf);
  clock = S.pause(clock, at);
  draw(S.elapsed(clock, at), false);
  label.textContent = text;
  count.textContent = "";
  setState("paused");
  pauseButton.textContent = pgettext("button that resumes a breathing session", "Resume");
  wake.release();
}

function resume() {
  if (state !== "paused") return;
  clock = S.resume(clock, performance.now());
  step = -1;
  draw(S.elapsed(clock, performance.now()), false);
  run();
}

/** End the session where it stands at `at` ms (the schedule's end, or earlier on "End"). */
function finish(at) {
  cancelAnimationFrame(raf);
  if (guided) {
    wake.release();
    return location.assign(guided.next);
  }
  const now = performance.now();
  clock = S.pause(clock, now - (S.elapsed(clock, now) - at));
  wake.release();
  shape.style.removeProperty("--level");
  setState("ended");
  $$("more").forEach((button) => (button.hidden = false));
  $("end-title").textContent = stoodStill(at);
  cardShown = showCard($("card-slot"), -1);
  $("checkin-slot").replaceChildren();
  $("answer-text").textContent = "";
  for (const button of $$("checkin")) button.setAttribute("aria-pressed", "false");
  $("end-title").focus();
}

/** The end screen's title for a session of `ms`. */
function stoodStill(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 2) return gettext("You stood still for a moment.");
  if (seconds < 60) {
    const text = ngettext("You stood still for %(n)s second.", "You stood still for %(n)s seconds.", seconds);
    return interpolate(text, { n: seconds });
  }
  const minutes = Math.round(ms / 60_000);
  if (minutes === 1) return gettext("You stood still for a minute.");
  const text = ngettext("You stood still for %(n)s minute.", "You stood still for %(n)s minutes.", minutes);
  return interpolate(text, { n: minutes });
}

function more() {
  if (state === "ended") {
    target = S.elapsed(clock, performance.now()) + 60_000;
    end = S.endAfter(phases, target);
    clock = S.resume(clock, performance.now());
    step = -1;
    run();
    pauseButton.focus();
  } else {
    target += 60_000;
    end = S.endAfter(phases, target);
    showTime(S.elapsed(clock, performance.now()));
  }
}

// Phone features, each skipped silently where the browser lacks it.

function cues(kind) {
  if (kind === "hold" || document.hidden) return;
  if (settings.vibrate && supports.vibrate && navigator.userActivation?.hasBeenActive !== false) {
    navigator.vibrate(kind === "in" ? 80 : [80, 120, 80]);
  }
  if (settings.tones) tone(kind === "in" ? 392 : 294);
}

let context;
function audio() {
  if (!context && AudioContext) context = new AudioContext();
  // After a call or another app took the sound, the context waits to be resumed.
  if (context && context.state !== "running") context.resume().catch(() => {});
  return context;
}

function tone(hz) {
  const ctx = audio();
  if (!ctx) return;
  const at = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = hz;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.12, at + 0.08);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + 1.25);
}

document.addEventListener("visibilitychange", () => {
  if (state !== "running") return;
  const now = performance.now();
  if (document.hidden) {
    hiddenAt = now;
    cancelAnimationFrame(raf);
    wake.release(); // the browser drops it anyway; ask again on return
    return;
  }
  const away = hiddenAt === null ? 0 : now - hiddenAt;
  const leftAt = hiddenAt;
  hiddenAt = null;
  if (away > AWAY_MS) return pause(leftAt, gettext("Paused: resume?"));
  // Jump straight to the right phase: no cues for the ones missed.
  const t = S.elapsed(clock, now);
  if (t >= end) return finish(end);
  draw(t, false);
  run();
});

// The end screen's cards, embedded in the page

/** Show a card other than `avoid` in `slot`; returns its index, or -1 if there is none. */
function showCard(slot, avoid) {
  slot.replaceChildren();
  const choices = cards.filter((_, i) => i !== avoid);
  if (!choices.length) return -1;
  const pick = cards.indexOf(choices[Math.floor(Math.random() * choices.length)]);
  slot.append(cards[pick].content.cloneNode(true));
  window.htmx?.process(slot); // the card's save button, if it has one
  return pick;
}

const ANSWERS = {
  yes: gettext(
    "That's all right. The wish can be here without you acting on it tonight. Read this, and see how it sits.",
  ),
  less: gettext("Then let this one keep you company for a moment."),
};

// Wiring

form.addEventListener("submit", (event) => {
  event.preventDefault();
  begin();
});
form.addEventListener("change", () => read());
form.addEventListener("input", (event) => CUSTOM.includes(event.target.name) && read(true));
fields.tones.addEventListener("change", () => fields.tones.checked && audio());
pauseButton.addEventListener("click", () => (state === "paused" ? resume() : pause()));
$("stop").addEventListener("click", () => finish(S.elapsed(clock, performance.now())));
$("again").addEventListener("click", begin);
$("change").addEventListener("click", () => {
  setup();
  $("options").open = true;
  $("start").focus();
});
$$("more").forEach((button) => button.addEventListener("click", more));
for (const button of $$("checkin")) {
  button.addEventListener("click", () => {
    for (const other of $$("checkin")) other.setAttribute("aria-pressed", String(other === button));
    $("answer-text").textContent = ANSWERS[button.dataset.checkin];
    showCard($("checkin-slot"), cardShown);
  });
}

document.addEventListener("keydown", (event) => {
  if (state !== "running" && state !== "paused") return;
  if (event.key === "Escape") {
    event.preventDefault();
    $("stop").click();
  } else if (event.key === " " && !event.repeat) {
    // A focused control keeps its own Space; elsewhere Space pauses and resumes.
    if (event.target.closest("button, a, input, select, textarea, summary")) return;
    event.preventDefault();
    pauseButton.click();
  }
});

function setup() {
  label.textContent = count.textContent = "";
  setState("setup");
}

for (const el of $$("needs")) el.hidden = !supports[el.dataset.needs];
fill();
describe();
setup();
if (guided) {
  settings = { ...settings, pattern: "stand-still", minutes: guided.minutes };
  start();
}
