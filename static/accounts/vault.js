// My plan and the evenings on every device, encrypted so that only the reader's
// passkey opens them. The server (apps/accounts/vault.py) keeps ciphertext and a
// version, never a key:
//
// - A passkey that offers the WebAuthn PRF extension gives this browser 32 secret
//   bytes at sign-in (the same bytes on every device the passkey is synced to);
//   HKDF turns them into a key that wraps and unwraps the vault's key.
// - The vault's key (AES-GCM, made here when the reader turns this on) encrypts the
//   plan and evenings; each passkey that opened it keeps a wrapped copy in the vault.
// - Both keys live in this browser's IndexedDB ("stand-still-sync"), deleted on
//   signing out, on deleting the account and with "Delete all my data".
//
// Without a key here nothing is sent, and nothing is asked of the server.

import { mergeKept } from "../companion/logic.js";
import { putKept, readKept } from "../companion/store.js";
import { fromBase64url, toBase64url } from "./webauthn-json.js";

export const PRF_INPUT = new TextEncoder().encode("Stand Still: my plan and evenings, v1");
const WRAP_INFO = new TextEncoder().encode("stand-still vault key wrap v1");
const SEALED = new TextEncoder().encode("stand-still vault v1");
const DB = "stand-still-sync";

// The keys, in IndexedDB: "passkey" → { credentialId, key (or null: no PRF) }; "vault" → the vault's key.

function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore("keys");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function held(name) {
  try {
    const db = await database();
    return await new Promise((resolve, reject) => {
      const request = db.transaction("keys").objectStore("keys").get(name);
      request.onsuccess = () => resolve(request.result ?? null);
      request.onerror = () => reject(request.error);
    });
  } catch {
    return null; // IndexedDB off (private browsing): nothing is held
  }
}

async function hold(name, value) {
  const db = await database();
  await new Promise((resolve, reject) => {
    const transaction = db.transaction("keys", "readwrite");
    if (value === null) transaction.objectStore("keys").delete(name);
    else transaction.objectStore("keys").put(value, name);
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
}

/** Deletes every key this browser holds (signing out, deleting the account). */
export function forgetKeys() {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

// The keys

async function wrappingKey(prfOutput) {
  const secret = await crypto.subtle.importKey("raw", prfOutput, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: WRAP_INFO },
    secret,
    { name: "AES-GCM", length: 256 },
    false,
    ["wrapKey", "unwrapKey"],
  );
}

const joined = (iv, bytes) => toBase64url(new Uint8Array([...iv, ...new Uint8Array(bytes)]));
const split = (text) => {
  const bytes = new Uint8Array(fromBase64url(text));
  return [bytes.slice(0, 12), bytes.slice(12)];
};

async function wrap(vaultKey, passkeyKey) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return joined(iv, await crypto.subtle.wrapKey("raw", vaultKey, passkeyKey, { name: "AES-GCM", iv }));
}

function unwrap(text, passkeyKey) {
  const [iv, wrapped] = split(text);
  const usages = ["encrypt", "decrypt"];
  return crypto.subtle.unwrapKey("raw", wrapped, passkeyKey, { name: "AES-GCM", iv }, "AES-GCM", true, usages);
}

async function seal(kept, vaultKey) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(kept));
  return joined(iv, await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: SEALED }, vaultKey, plain));
}

async function unseal(text, vaultKey) {
  const [iv, sealed] = split(text);
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: SEALED }, vaultKey, sealed);
  return JSON.parse(new TextDecoder().decode(plain));
}

/** After a passkey ceremony (passkeys.js, or turning this on): keeps the key its PRF
 * output gives, or notes that this passkey gives none. */
export async function rememberPasskey(credential) {
  const output = credential.getClientExtensionResults().prf?.results?.first;
  try {
    await hold("passkey", { credentialId: credential.id, key: output ? await wrappingKey(output) : null });
  } catch {
    // IndexedDB off: this device can't keep them in the account
  }
}

/** Asks for a passkey of this account (`ids`) only to read its PRF output. */
async function askPasskey(ids) {
  const credential = await navigator.credentials.get({
    publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      allowCredentials: ids.map((id) => ({ type: "public-key", id: fromBase64url(id) })),
      userVerification: "required",
      extensions: { prf: { eval: { first: PRF_INPUT } } },
    },
  });
  await rememberPasskey(credential);
  return held("passkey");
}

// The vault

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

async function call(url, method, body) {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    cache: "no-store",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: body && JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null; // not our answer (a proxy, a stale CSRF token): try again next time
  }
  return { status: response.status, data };
}

export class Locked extends Error {}

/** This device's copy and the account's, made one, on both sides. Says what happened:
 * "off" (no key here, or turned off), "kept", "offline", "signed-out" or Locked. */
export async function syncNow(url, { start = false } = {}) {
  let vaultKey = await held("vault");
  const passkey = await held("passkey");
  if (!vaultKey && !passkey?.key) return "off";
  if (!navigator.onLine) return "offline";
  let answer;
  try {
    answer = await call(url, "GET");
    for (let tries = 0; tries < 3; tries++) {
      if (answer.status === 403 && answer.data) {
        await forgetKeys();
        return "signed-out";
      }
      const vault = answer.data;
      if (!vault || ![200, 409].includes(answer.status)) return "offline";
      if (!vault.ciphertext && !start) {
        await hold("vault", null); // never turned on, or turned off here or on another device
        return "off";
      }
      if (!vaultKey && vault.ciphertext) {
        const wrapped = passkey?.key && vault.keys[passkey.credentialId];
        if (!wrapped) throw new Locked();
        vaultKey = await unwrap(wrapped, passkey.key);
        await hold("vault", vaultKey);
      }
      vaultKey ||= await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
      const theirs = vault.ciphertext ? await unseal(vault.ciphertext, vaultKey) : null;
      const mine = readKept();
      const merged = theirs ? mergeKept(mine, theirs) : mine;
      if (JSON.stringify(merged) !== JSON.stringify(mine)) {
        putKept(merged);
        dispatchEvent(new Event("stand-still:synced"));
      }
      const keys = {};
      if (passkey?.key && !vault.keys[passkey.credentialId]) keys[passkey.credentialId] = await wrap(vaultKey, passkey.key);
      if (theirs && JSON.stringify(merged) === JSON.stringify(theirs) && !Object.keys(keys).length) return "kept";
      const ciphertext = await seal(merged, vaultKey);
      answer = await call(url, "PUT", { version: vault.version, ciphertext, keys });
      if (answer.status === 200) {
        await hold("vault", vaultKey);
        return "kept";
      }
      start = false; // refused (409): merge with the vault as it now is, unless it was turned off
    }
  } catch (error) {
    if (error instanceof Locked) throw error;
    if (error instanceof TypeError) return "offline"; // fetch failed
    throw error;
  }
  return "offline";
}

/** Turning it on, from the account page: a passkey of this account (`ids`) gives its
 * key, asked for once if sign-in didn't. Says "kept", or "no-prf" when it can't. */
export async function turnOn(url, ids) {
  let passkey = await held("passkey");
  if (!passkey?.key) passkey = await askPasskey(ids);
  if (!passkey?.key) return "no-prf";
  return syncNow(url, { start: true });
}

export async function passkeyHere() {
  return held("passkey");
}
