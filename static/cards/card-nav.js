// On a card's page, a swipe or an arrow key follows the real "Previous" and
// "Next" links, so every way of moving is the same plain navigation.

const MIN_DISTANCE = 60; // px: shorter movements are taps or scroll jitter

// Which way a touch moved, or null: mostly sideways and far enough.
// A swipe to the left shows what comes next, as when turning a page.
export function swipeDirection(dx, dy, minDistance = MIN_DISTANCE) {
  if (Math.abs(dx) < minDistance || Math.abs(dx) < 2 * Math.abs(dy)) return null;
  return dx < 0 ? "next" : "prev";
}

function follow(rel) {
  const link = document.querySelector(`.card-nav a[rel="${rel}"]`);
  if (link) link.click();
}

function typingIn(target) {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (typingIn(event.target)) return;
  if (event.key === "ArrowRight") follow("next");
  if (event.key === "ArrowLeft") follow("prev");
});

const surface = document.querySelector(".card-page");
if (surface) {
  let start = null;
  surface.addEventListener(
    "touchstart",
    (event) => {
      start = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
    },
    { passive: true },
  );
  surface.addEventListener(
    "touchend",
    (event) => {
      if (!start || event.changedTouches.length !== 1) return;
      const touch = event.changedTouches[0];
      const direction = swipeDirection(touch.clientX - start.x, touch.clientY - start.y);
      start = null;
      if (direction) follow(direction);
    },
    { passive: true },
  );
}
