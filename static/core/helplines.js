// The country chooser of the help lines (templates/core/helplines.html). Every
// country's lines are already in the page, so choosing one shows it at once, with
// no request: it works the same from the copy kept offline. The choice is kept in
// the cookie the server reads too (its name and life are in the page), and shown
// first from then on, here, over the timer, and without JavaScript.
//
// Without this script the chooser is a plain GET form; the server shows the country
// asked for and remembers it in the same cookie.

// Where the choice was kept before the cookie: read once, then moved into it.
const OLD_KEY = "stand-still:country";

function cookieOf(root) {
  const name = root.dataset.cookie;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  return {
    read() {
      const pair = document.cookie.split("; ").find((p) => p.startsWith(`${name}=`));
      return pair ? pair.slice(name.length + 1) : "";
    },
    write(code) {
      const life = code ? root.dataset.cookieMaxAge : "0";
      document.cookie = `${name}=${code}; Path=/; Max-Age=${life}; SameSite=Lax${secure}`;
    },
  };
}

/** The country picked on this device: the cookie, else (once) the old kept choice. */
function picked(cookie, codes) {
  let code = cookie.read();
  try {
    const old = localStorage.getItem(OLD_KEY);
    localStorage.removeItem(OLD_KEY);
    if (!code && codes.includes(old)) cookie.write((code = old));
  } catch {
    // Storage switched off: nothing was kept there.
  }
  return codes.includes(code) ? code : "";
}

/** The region a language tag names ("en-GB" -> "GB", "es-419" -> "419"), or "". */
export function regionOf(tag) {
  const part = tag.split("-").slice(1).find((p) => /^([a-z]{2}|[0-9]{3})$/i.test(p));
  return part ? part.toUpperCase() : "";
}

/** The listed country of the first tag in navigator.languages that names a region,
 * or "" (that region is not listed, or no tag names one): a reader in Nigeria is
 * never shown another country's numbers. The rule of apps/core/helplines.py, both
 * proven by tests/helpline_regions.json. */
export function countryFor(languages, codes) {
  for (const tag of languages) {
    const region = regionOf(tag);
    if (region) return codes.includes(region) ? region : "";
  }
  return "";
}

function show(root, code) {
  const select = root.querySelector("[data-country-select]");
  const sections = [...root.querySelectorAll("[data-country]")];
  if (!sections.some((s) => s.dataset.country === code)) code = "";
  select.value = code;
  for (const section of sections) section.hidden = section.dataset.country !== code;
  root.querySelector("[data-country-none]").hidden = !!code;
  const elsewhere = root.querySelector("[data-country-elsewhere]");
  if (elsewhere) elsewhere.hidden = !code;
  select.removeAttribute("aria-invalid");
  root.querySelector(".field-error")?.remove();
  return code;
}

/** Make the chooser in `root` instant; `fromUrl`: the page's address carries the choice. */
export function enhance(root, { fromUrl = false } = {}) {
  const select = root.querySelector("[data-country-select]");
  if (!select || root.dataset.enhanced) return;
  root.dataset.enhanced = "";
  root.querySelector("[data-country-submit]").hidden = true;
  const codes = [...root.querySelectorAll("[data-country]")].map((s) => s.dataset.country);
  const cookie = cookieOf(root);
  // The kept copy offline, or the help sheet's, was made for another address or
  // for no one: the rule again, here: the address's country (an unknown one keeps the
  // server's field error; none asked for forgets the pick), else the one picked, else
  // the region's.
  const asked = fromUrl ? new URLSearchParams(location.search).get("country") : null;
  const mine = picked(cookie, codes);
  if (asked) {
    if (codes.includes(asked.toUpperCase())) cookie.write(show(root, asked.toUpperCase()));
  } else if (asked === "") {
    cookie.write(show(root, ""));
  } else {
    show(root, mine || countryFor(navigator.languages || [], codes));
  }
  select.addEventListener("change", () => {
    const code = show(root, select.value);
    cookie.write(code);
    if (fromUrl) {
      const url = new URL(location.href);
      if (code) url.searchParams.set("country", code);
      else url.searchParams.delete("country");
      history.replaceState(history.state, "", url);
    }
  });
}

let helpPage = null; // the help page's document, once read

async function readHelpPage(url) {
  const kept = "caches" in window ? await caches.match(url) : undefined;
  const response = kept ?? (await fetch(url));
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

/** Put the help page's lines in `slot` (its data-lines-from names the page), made
 * instant; resolves to them, or to null with the slot's data-lines-failed shown. The
 * service worker keeps that page from install, so they come from the phone at once,
 * on any connection or none; before it has, from the network. One copy of every
 * country's lines on the phone, not one in each page that offers them. */
export async function fill(slot) {
  try {
    helpPage ??= readHelpPage(slot.dataset.linesFrom);
    const lines = document.importNode((await helpPage).querySelector("[data-helplines]"), true);
    slot.replaceChildren(lines);
    enhance(lines);
    return lines;
  } catch {
    helpPage = null; // asked again next time
    slot.querySelector("[data-lines-failed]").hidden = false;
    return null;
  }
}

// Imported by Node's tests for its pure functions, where there is no document.
if (globalThis.document) {
  for (const root of document.querySelectorAll("main [data-helplines]")) enhance(root, { fromUrl: true });
}
