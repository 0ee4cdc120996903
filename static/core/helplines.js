// The country chooser of the help lines (templates/core/helplines.html). Every
// country's lines are already in the page, so choosing one shows it at once, with
// no request: it works the same from the copy kept offline. The choice is kept on
// this device only, and preselected next time.
//
// Without this script the chooser is a plain GET form and the server shows the
// country asked for (or the one the browser's languages point to).

const KEY = "stand-still:country";

function remembered() {
  try {
    return localStorage.getItem(KEY) || "";
  } catch {
    return "";
  }
}

function remember(code) {
  try {
    if (code) localStorage.setItem(KEY, code);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage switched off: the choice lasts as long as the page.
  }
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
  // The server chose from ?country= or Accept-Language; the kept copy offline, or the
  // timer's embedded copy, may have no choice (or an old one): a remembered choice wins
  // unless the address names a country.
  // The copy kept offline was made for another address: it shows the country asked for
  // here. An unknown one keeps the server's field error.
  const asked = (fromUrl && new URLSearchParams(location.search).get("country")) || "";
  if (asked) {
    if (codes.includes(asked.toUpperCase())) remember(show(root, asked.toUpperCase()));
  } else {
    const code = remembered() || select.value || countryFor(navigator.languages || [], codes);
    show(root, code);
  }
  select.addEventListener("change", () => {
    const code = show(root, select.value);
    remember(code);
    if (fromUrl) {
      const url = new URL(location.href);
      if (code) url.searchParams.set("country", code);
      else url.searchParams.delete("country");
      history.replaceState(history.state, "", url);
    }
  });
}

// Imported by Node's tests for its pure functions, where there is no document.
if (globalThis.document) {
  for (const root of document.querySelectorAll("main [data-helplines]")) enhance(root, { fromUrl: true });
}
