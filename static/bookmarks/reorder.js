// Reordering a list. Dragging a card's handle (touch, pen or mouse) is an enhancement:
// the Move up / Move down buttons do the same for keyboards and screen readers, and
// work without JavaScript. Either way the server keeps the order.

let drag = null;

const items = () => [...document.querySelectorAll("#items > li.bookmark")];

function moveUrl(item) {
  return item.querySelector("form[data-move]").getAttribute("action");
}

function follow(item, pointerY) {
  item.style.setProperty("--drag-y", `${pointerY - drag.offset}px`);
}

function shift(item, neighbour, place) {
  // Moving the element changes where it sits; keep it under the finger.
  item.style.setProperty("--drag-y", "0px");
  const before = item.getBoundingClientRect().top;
  neighbour[place](item);
  drag.offset += item.getBoundingClientRect().top - before;
}

document.addEventListener("pointerdown", (event) => {
  const handle = event.target.closest("[data-drag]");
  if (!handle || !event.isPrimary) return;
  const item = handle.closest("li.bookmark");
  event.preventDefault();
  handle.setPointerCapture(event.pointerId);
  drag = { item, offset: event.clientY, y: event.clientY, from: items().indexOf(item), scrolling: 0 };
  item.classList.add("dragging");
});

// The card goes where the finger is: past its neighbour's middle, it takes its place.
function place(pointerY) {
  const { item } = drag;
  const previous = item.previousElementSibling;
  const next = item.nextElementSibling;
  const middle = (element) => {
    const box = element.getBoundingClientRect();
    return box.top + box.height / 2;
  };
  if (next && pointerY > middle(next)) shift(item, next, "after");
  else if (previous && pointerY < middle(previous)) shift(item, previous, "before");
  follow(item, pointerY);
}

// Held near the top of the screen or just above the tab bar, the page scrolls, faster
// the closer the finger, so a card can be carried past what one screen shows.
const EDGE = 72;

function edgeSpeed(pointerY) {
  const bottom = window.innerHeight - (document.querySelector(".tabs")?.offsetHeight ?? 0);
  if (pointerY < EDGE) return -Math.ceil((EDGE - pointerY) / 6);
  if (pointerY > bottom - EDGE) return Math.ceil((pointerY - (bottom - EDGE)) / 6);
  return 0;
}

function scrollWhileNearAnEdge() {
  if (!drag) return;
  drag.scrolling = 0;
  const before = window.scrollY;
  window.scrollBy(0, edgeSpeed(drag.y));
  const moved = window.scrollY - before;
  if (!moved) return; // at the top or the end of the page, or away from the edges
  drag.offset -= moved; // the list moved up under a finger that stayed put
  place(drag.y);
  drag.scrolling = requestAnimationFrame(scrollWhileNearAnEdge);
}

document.addEventListener("pointermove", (event) => {
  if (!drag) return;
  drag.y = event.clientY;
  place(event.clientY);
  if (!drag.scrolling && edgeSpeed(event.clientY)) {
    drag.scrolling = requestAnimationFrame(scrollWhileNearAnEdge);
  }
});

function drop() {
  if (!drag) return;
  const { item, from, scrolling } = drag;
  cancelAnimationFrame(scrolling);
  drag = null;
  item.classList.remove("dragging");
  item.removeAttribute("style"); // an empty style="" would be copied by htmx's settle
  const to = items().indexOf(item);
  if (to === from) return;
  window.htmx.ajax("POST", moveUrl(item), {
    source: item.querySelector("form[data-move]"),
    target: "#items",
    swap: "outerHTML",
    values: { to: String(to) },
  });
}

document.addEventListener("pointerup", drop);
document.addEventListener("pointercancel", drop);

// After a move the list is replaced: put focus back on the button that was pressed.
document.body.addEventListener("moved", (event) => {
  const { id, direction } = event.detail;
  if (!direction) return;
  requestAnimationFrame(() => {
    const buttons = document.querySelectorAll(`#bookmark-${id} form[data-move] button`);
    const pressed = [...buttons].find((b) => b.value === direction && !b.disabled);
    (pressed || [...buttons].find((b) => !b.disabled))?.focus();
  });
});

document.querySelectorAll("[data-drag][hidden]").forEach((handle) => (handle.hidden = false));
document.body.addEventListener("htmx:afterSwap", () => {
  document.querySelectorAll("[data-drag][hidden]").forEach((handle) => (handle.hidden = false));
});
