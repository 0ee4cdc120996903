// Step 5: wait the wave. Every frame reads one monotonic clock, as the breathing
// timer does (../timer/schedule.js); the countdown keeps going while the screen
// is locked, and time a sleeping phone's clock missed is added back on return.
// A screen reader hears the minutes left, once a minute.

import { gettext } from "../core/words.js";
import * as L from "./logic.js";
import { beginRun } from "./store.js";
import * as S from "../timer/schedule.js";
import { screenLock } from "../timer/wakelock.js";

beginRun();

const root = document.querySelector("[data-wave]");
const $ = (name) => root.querySelector(`[data-${name}]`);
const form = $("setup");
const breathe = $("breathe");
const ground = $("ground");
const shape = $("shape");
const phase = $("phase");
const time = $("time");
const live = $("live");
const wake = screenLock(() => root.dataset.state === "running" && !document.hidden);
const BREATH = S.PATTERNS["stand-still"];

let clock, end, mode, raf, minute, step, away;

function setState(next) {
  root.dataset.state = next;
  for (const el of root.querySelectorAll("[data-for]")) el.hidden = el.dataset.for !== next;
}

function begin() {
  const minutes = L.waveMinutes(form.elements.minutes.value);
  mode = form.elements.mode.value;
  clock = S.startClock(performance.now());
  end = minutes * 60_000;
  minute = step = -1;
  breathe.hidden = mode !== "breathe";
  ground.hidden = mode !== "ground";
  setState("running");
  wake.hold();
  frame();
  root.querySelector("[data-for=running] [data-add]").focus();
}

function frame() {
  const t = S.elapsed(clock, performance.now());
  if (t >= end) return finish();
  draw(t);
  raf = requestAnimationFrame(frame);
}

function draw(t) {
  const left = end - t;
  const text = L.clockText(left);
  if (time.textContent !== text) time.textContent = text;
  const m = L.minutesLeft(left);
  if (m !== minute) {
    minute = m;
    live.textContent = L.announcement(m);
  }
  if (mode === "breathe") {
    const p = S.phaseAt(BREATH, t);
    shape.style.setProperty("--level", p.level.toFixed(4));
    if (p.step !== step) {
      step = p.step;
      phase.textContent = p.label;
    }
  } else {
    const prompt = L.promptAt(t);
    if (ground.textContent !== prompt) ground.textContent = prompt;
  }
}

function finish() {
  cancelAnimationFrame(raf);
  wake.release();
  setState("ended");
  live.textContent = gettext("The time is up.");
  $("end-title").focus();
}

function add() {
  const running = root.dataset.state === "running";
  const t = S.elapsed(clock, performance.now());
  end = Math.max(end, t) + L.ADD_MINUTES * 60_000;
  if (!running) {
    minute = step = -1;
    setState("running");
    wake.hold();
    frame();
    root.querySelector("[data-for=running] [data-add]").focus();
  } else {
    draw(t);
  }
}

document.addEventListener("visibilitychange", () => {
  if (root.dataset.state !== "running") return;
  if (document.hidden) {
    cancelAnimationFrame(raf);
    wake.release(); // the browser releases it anyway; ask again on return
    away = { monotonic: performance.now(), wall: Date.now() };
    return;
  }
  if (away) {
    const missed = L.sleptFor(performance.now() - away.monotonic, Date.now() - away.wall);
    clock = { ...clock, start: clock.start - missed };
    away = null;
  }
  wake.hold();
  frame();
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  begin();
});
for (const button of root.querySelectorAll("[data-add]")) button.addEventListener("click", add);
setState("setup");
