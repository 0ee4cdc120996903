// Passkeys: the browser side of apps/accounts/passkeys.py.
// A form marked data-passkey="create" makes an account's first passkey, "add"
// another one; data-passkey="sign-in" signs in with one, and offers it from the
// keyboard's autofill (conditional mediation) where the browser can. Each asks the
// server for options (data-options), runs the ceremony, and posts the answer
// (data-finish). Each also asks the passkey for its PRF output, which stays in this
// browser as the key to the reader's plan and evenings in their account (vault.js).
// Without this script the forms still lead to pages that explain, and codes work.

import { gettext } from "../core/words.js";
import { PRF_INPUT, forgetKeys, rememberPasskey } from "./vault.js";
import { decodeCreation, decodeRequest, encodeCredential } from "./webauthn-json.js";

const withPrf = (options) => ({ ...options, extensions: { ...options.extensions, prf: { eval: { first: PRF_INPUT } } } });

const supported = () => "PublicKeyCredential" in window && !!navigator.credentials;

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? "" : JSON.stringify(body),
  });
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  if (!response.ok) throw new Error(data.error || gettext("Something went wrong. Please try again."));
  return data;
}

function say(form, text) {
  const status = form.querySelector("[data-passkey-status]");
  if (status) status.textContent = text;
}

function explain(error) {
  if (error && error.name === "NotAllowedError") {
    return gettext("No passkey was used. You can try again whenever you like.");
  }
  if (error && error.name === "InvalidStateError") {
    return gettext("This device already has a passkey for this account.");
  }
  if (error && error.name === "AbortError") return "";
  return (error && error.message) || gettext("Something went wrong. Please try again.");
}

let pendingAutofill = null;

async function signIn(form, mediation) {
  const options = withPrf(decodeRequest(await post(form.dataset.options)));
  const request = { publicKey: options };
  if (mediation) {
    pendingAutofill = new AbortController();
    request.mediation = mediation;
    request.signal = pendingAutofill.signal;
  }
  const credential = await navigator.credentials.get(request);
  if (!credential) return;
  say(form, gettext("Signing in…"));
  const done = await post(form.dataset.finish, encodeCredential(credential));
  await forgetKeys(); // whoever was signed in here before
  await rememberPasskey(credential);
  window.location.assign(done.next);
}

async function create(form, first) {
  const options = withPrf(decodeCreation(await post(form.dataset.options)));
  const credential = await navigator.credentials.create({ publicKey: options });
  say(form, first ? gettext("Keeping your cards…") : gettext("Adding your passkey…"));
  const done = await post(form.dataset.finish, encodeCredential(credential));
  if (first) await forgetKeys();
  // Where the passkey gives its PRF output as it is made (not every one does).
  if (credential.getClientExtensionResults().prf?.results) await rememberPasskey(credential);
  window.location.assign(done.next);
}

function busy(form, on) {
  for (const button of form.querySelectorAll("button")) button.disabled = on;
  form.setAttribute("aria-busy", on ? "true" : "false");
}

async function run(form, ceremony) {
  busy(form, true);
  say(form, gettext("Waiting for your passkey…"));
  try {
    await ceremony();
  } catch (error) {
    say(form, explain(error));
    busy(form, false);
  }
}

function wire(form) {
  if (!supported()) {
    say(form, gettext("This browser can't use passkeys. A code from your other device works instead."));
    return;
  }
  for (const button of form.querySelectorAll("[data-needs-script]")) button.disabled = false;
  const kind = form.dataset.passkey;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (kind === "create" || kind === "add") {
      run(form, () => create(form, kind === "create"));
    } else {
      if (pendingAutofill) pendingAutofill.abort();
      pendingAutofill = null;
      run(form, () => signIn(form));
    }
  });
  if (kind === "sign-in" && PublicKeyCredential.isConditionalMediationAvailable) {
    PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
      if (!available) return;
      signIn(form, "conditional").catch((error) => say(form, explain(error)));
    });
  }
}

function wireCopy(button) {
  const list = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[data-copy-status]");
  if (!list || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = [...list.querySelectorAll("code")].map((code) => code.textContent).join("\n");
    try {
      await navigator.clipboard.writeText(text);
      if (status) status.textContent = gettext("Copied.");
    } catch {
      if (status) status.textContent = gettext("Couldn't copy here. Download them instead.");
    }
  });
}

document.querySelectorAll("form[data-passkey]").forEach(wire);
document.querySelectorAll("[data-copy]").forEach(wireCopy);
// Print the recovery codes page (its print style shows the codes alone).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
