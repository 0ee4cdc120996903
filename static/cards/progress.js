// The article page's reading progress: how far through the cards the reader is.

// 0 to 100: 0 until the list reaches the top of the screen, 100 once its end is in view.
export function readingPercent(listTop, listHeight, viewportHeight) {
  const scrollable = listHeight - viewportHeight;
  if (scrollable <= 0) return 100;
  return Math.round(Math.min(100, Math.max(0, (-listTop / scrollable) * 100)));
}

const bar = document.querySelector("[data-reading-progress]");
const list = document.querySelector("[data-reading]");
if (bar && list) {
  let queued = false;
  const update = () => {
    queued = false;
    const box = list.getBoundingClientRect();
    bar.value = readingPercent(box.top, box.height, window.innerHeight);
  };
  const queue = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(update);
    }
  };
  bar.hidden = false;
  update();
  window.addEventListener("scroll", queue, { passive: true });
  window.addEventListener("resize", queue, { passive: true });
}
