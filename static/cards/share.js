// Share a card: the system share sheet where there is one (phones), else copy the
// link, else show the link selected so it can be copied by hand. Nothing leaves
// the device except through the reader's own choice in the share sheet.

import { gettext } from "../core/words.js";

export async function share(data, nav = navigator) {
  if (typeof nav.share === "function" && (!nav.canShare || nav.canShare(data))) {
    try {
      await nav.share(data);
      return "shared";
    } catch (error) {
      if (error && error.name === "AbortError") return "cancelled";
      // Any other refusal: fall through to copying.
    }
  }
  if (nav.clipboard && typeof nav.clipboard.writeText === "function") {
    try {
      await nav.clipboard.writeText(data.url);
      return "copied";
    } catch {
      // No permission (or no secure context): let the reader copy it.
    }
  }
  return "manual";
}

function setUp(button) {
  const card = button.closest("article") || document;
  const status = card.querySelector("[data-share-status]");
  const fallback = card.querySelector("[data-share-fallback]");
  button.hidden = false;
  button.addEventListener("click", async () => {
    const outcome = await share({ title: button.dataset.title, url: button.dataset.url });
    if (!status) return;
    if (outcome === "copied") {
      status.textContent = gettext("Link copied");
    } else if (outcome === "manual" && fallback) {
      fallback.hidden = false;
      const input = fallback.querySelector("input");
      input.focus();
      input.select();
      status.textContent = gettext("Copy the link below");
    } else {
      status.textContent = "";
    }
  });
}

document.querySelectorAll("[data-share]").forEach(setUp);
