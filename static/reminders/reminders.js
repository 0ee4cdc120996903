// The reminders page: the phone's time zone into the form, and Web Push where the
// browser has it. Without this script the calendar file still works (floating time).

import { gettext, interpolate } from "../core/words.js";

const form = document.querySelector("[data-reminder-form]");
const zoneField = form?.querySelector("input[name=tz]");
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
// Always the phone's own: a zone sent back with a refused form may be the wrong one.
if (zoneField && zone) zoneField.value = zone;
const zoneNote = form?.querySelector("[data-zone-note]");
if (zoneNote && zoneField?.value) {
  zoneNote.textContent = interpolate(gettext("Each day at this time, by your phone's clock (%(zone)s)."), {
    zone: zoneField.value,
  });
}

const push = form?.querySelector("[data-push]");
const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

// Posts the form's fields with the subscription as a plain form, so the server answers
// as it does any form: a redirect when done, the page with its errors when not.
function postWith(subscription) {
  const keys = subscription.toJSON().keys || {};
  const fields = new FormData(form);
  fields.set("endpoint", subscription.endpoint);
  fields.set("p256dh", keys.p256dh || "");
  fields.set("auth", keys.auth || "");
  fields.set("csrfmiddlewaretoken", csrfToken());
  const post = document.createElement("form");
  post.method = "post";
  post.action = push.dataset.subscribe;
  post.hidden = true;
  for (const [name, value] of fields) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    post.append(input);
  }
  document.body.append(post);
  post.submit();
}

async function turnOn(status) {
  status.textContent = "";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") {
    status.textContent = gettext(
      "Notifications are blocked for this site. You can allow them in your browser's settings, or use the calendar.",
    );
    return;
  }
  status.textContent = gettext("Setting up…");
  try {
    const registration = await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ||
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(push.dataset.key),
      }));
    postWith(subscription);
  } catch {
    status.textContent = gettext("This browser couldn't set up notifications. The calendar works on any phone.");
  }
}

if (push && supported && push.dataset.key) {
  push.querySelector("[data-push-unsupported]")?.setAttribute("hidden", "");
  const box = push.querySelector("[data-push-supported]");
  box?.removeAttribute("hidden");
  const status = push.querySelector("[data-push-status]");
  push.querySelector("[data-push-on]")?.addEventListener("click", () => turnOn(status));
}

// Turning off here also ends this browser's subscription, when it is the one listed.
for (const off of document.querySelectorAll("[data-turn-off]")) {
  off.addEventListener("submit", async (event) => {
    if (!supported || off.dataset.unsubscribed) return;
    event.preventDefault();
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription?.endpoint === off.dataset.endpoint) await subscription.unsubscribe();
    } catch {
      // The server's copy is what sends reminders; deleting it is enough.
    }
    off.dataset.unsubscribed = "1";
    off.submit();
  });
}
