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
  drag = { item, offset: event.clientY, from: items().indexOf(item) };
  item.classList.add("dragging");
});

document.addEventListener("pointermove", (event) => {
  if (!drag) return;
  const { item } = drag;
  const previous = item.previousElementSibling;
  const next = item.nextElementSibling;
  const middle = (element) => {
    const box = element.getBoundingClientRect();
    return box.top + box.height / 2;
  };
  if (next && event.clientY > middle(next)) shift(item, next, "after");
  else if (previous && event.clientY < middle(previous)) shift(item, previous, "before");
  follow(item, event.clientY);
});

function drop() {
  if (!drag) return;
  const { item, from } = drag;
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
