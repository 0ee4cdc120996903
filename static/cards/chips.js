// Keep the chosen topic chip in view in its scrolling row: on load, and after
// htmx swaps in the feed for another topic. Only the row scrolls, never the page.

export function centredScrollLeft(chipLeft, chipWidth, rowWidth) {
  return Math.max(0, chipLeft - (rowWidth - chipWidth) / 2);
}

function showCurrent() {
  const row = document.querySelector(".chips");
  const current = row && row.querySelector('[aria-current="true"]');
  if (!current) return;
  const li = current.closest("li") || current;
  row.scrollLeft = centredScrollLeft(li.offsetLeft, li.offsetWidth, row.clientWidth);
}

showCurrent();
document.body.addEventListener("htmx:afterSettle", (event) => {
  if (event.target instanceof Element && event.target.id === "feed") showCurrent();
});
