// The pages' side of vault.js: on My plan and the evening check-in, what is kept here
// meets the account's copy when the page opens, after each change and when the
// phone is back online, and the page says where its words are; on the account page,
// the reader turns keeping them in the account on and off. Signing out and deleting
// the account (forms marked data-forget-keys) first delete the keys this browser holds.

import { gettext } from "../core/words.js";
import { Locked, forgetKeys, passkeyHere, syncNow, turnOn } from "./vault.js";

const status = document.querySelector("[data-sync-status]");
const url = status?.dataset.vaultUrl;
const button = document.querySelector("[data-sync-on]");
const stop = document.querySelector("[data-sync-off]");

// Getters: each is read in the page's language when it is said.
const SAID = {
  get kept() {
    return gettext("Kept on this phone, and in your account, encrypted so that only your passkey opens it.");
  },
  get offline() {
    return gettext("Kept on this phone. It goes to your account, encrypted, when you're back online.");
  },
  get locked() {
    return gettext(
      "Your plan and evenings in your account were locked with another of your passkeys. Sign in with that one here to open them.",
    );
  },
  get noPrf() {
    return gettext(
      "This passkey can't make a key to lock them (it doesn't offer the PRF extension), so your plan and evenings stay on this device only. Passkeys in recent phones and password managers usually can.",
    );
  },
  get failed() {
    return gettext("Your account couldn't be reached just now. Everything stays kept on this phone.");
  },
  get signedOut() {
    return gettext("You're signed out, so your plan and evenings are kept on this phone only.");
  },
};

function say(text) {
  if (!status) return;
  status.textContent = text;
  status.hidden = !text;
}

// Companion pages say "kept on this phone only" until their words travel too.
function where(result) {
  const text = { kept: SAID.kept, offline: SAID.offline }[result];
  if (!text) return;
  for (const line of document.querySelectorAll("[data-kept-where]")) line.textContent = text;
}

async function run(options) {
  let result;
  try {
    result = await syncNow(url, options);
  } catch (error) {
    say(error instanceof Locked ? SAID.locked : SAID.failed);
    return;
  }
  where(result);
  const on = result === "kept" || result === "offline";
  if (button) button.hidden = on;
  if (stop && (on || result === "off")) stop.hidden = !on;
  if (result === "signed-out") say(SAID.signedOut);
  else if (result === "kept" && button) say(SAID.kept);
  else if (result === "offline" && button) say(SAID.offline);
  else if (result === "off" && button && (await passkeyHere())?.key === null) say(SAID.noPrf);
}

let waiting = null;
function soon() {
  clearTimeout(waiting);
  waiting = setTimeout(run, 1500);
}

if (url) {
  addEventListener("stand-still:kept", soon);
  addEventListener("online", () => run());
  run();
}

button?.addEventListener("click", async () => {
  button.disabled = true;
  say(gettext("Waiting for your passkey…"));
  try {
    const result = await turnOn(url, (button.dataset.credentials || "").split(" ").filter(Boolean));
    if (result === "no-prf") say(SAID.noPrf);
    else await run();
  } catch (error) {
    say(error instanceof Locked ? SAID.locked : error?.name === "NotAllowedError" ? gettext("No passkey was used. You can try again whenever you like.") : SAID.failed);
  }
  button.disabled = false;
});
if (button && "PublicKeyCredential" in window) button.disabled = false;
else if (button) say(gettext("This browser can't use passkeys, so your plan and evenings stay on this device."));

for (const form of document.querySelectorAll("form[data-forget-keys]")) {
  form.addEventListener("submit", async (event) => {
    if (form.dataset.forgotten) return;
    event.preventDefault();
    await forgetKeys();
    form.dataset.forgotten = "true";
    form.requestSubmit(event.submitter);
  });
}
