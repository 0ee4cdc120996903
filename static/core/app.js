// Site-wide enhancements: toasts that fade away, the bottom sheet dialog, the offline
// notice and the service worker. Everything here is optional: without it, every link
// and form still works.
import "./connection.js";

const TOAST_SECONDS = 8;

function dismissLater(toast) {
  let timer = setTimeout(() => toast.remove(), TOAST_SECONDS * 1000);
  // Never pull a toast from under someone reading or reaching for Undo.
  toast.addEventListener("focusin", () => clearTimeout(timer));
  toast.addEventListener("pointerenter", () => clearTimeout(timer));
  toast.addEventListener("focusout", () => {
    timer = setTimeout(() => toast.remove(), TOAST_SECONDS * 1000);
  });
}

// A toast that says something went wrong, or that something needs doing, stays until
// dismissed: it must not vanish before it is read (WCAG 2.2.1).
function watchToasts(root = document) {
  root.querySelectorAll(".toast:not([data-watched])").forEach((toast) => {
    toast.dataset.watched = "";
    if (!toast.hasAttribute("data-stays")) dismissLater(toast);
  });
}

document.addEventListener("click", (event) => {
  const close = event.target.closest("[data-dismiss]");
  if (close) close.closest(".toast")?.remove();
  const sheetClose = event.target.closest("[data-close-sheet]");
  if (sheetClose) {
    event.preventDefault();
    document.getElementById("sheet")?.close();
  }
});

const sheet = document.getElementById("sheet");
document.body.addEventListener("htmx:afterSwap", (event) => {
  watchToasts();
  const target = event.detail?.target; // history restores swap with no target
  if (sheet && target?.id === "sheet-body" && target.childElementCount) {
    if (!sheet.open) sheet.showModal();
  }
});
document.body.addEventListener("htmx:oobAfterSwap", () => watchToasts());
document.body.addEventListener("close-sheet", () => sheet?.close());
sheet?.addEventListener("click", (event) => {
  if (event.target === sheet) sheet.close(); // a tap on the backdrop
});

watchToasts();
