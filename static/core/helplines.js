// The country chooser of the help lines (templates/core/helplines.html). Every
// country's lines are already in the page, so choosing one shows it at once, with
// no request: it works the same from the copy kept offline.
//
// The rule is the server's (apps/core/helplines.py, `Directory.choose`), applied to
// the same inputs, all handed over by the page: the countries it lists, the cookie
// that remembers a pick (its name and life in data-cookie*), and the browser's
// languages. A region the page doesn't list shows no country: the reader is asked.
//
// Without this script the chooser is a plain GET form; the server shows the country
// asked for and remembers it in the same cookie.

// Where the choice was kept before it moved to the cookie (read once, then moved).
const OLD_KEY = "stand-still:country";

/** The region a language tag names (en-GB: GB, zh-Hant-TW: TW, es-419: 419), or "". */
export function regionOf(tag) {
  const region = tag.split("-").slice(1).find((sub) => /^([a-z]{2}|[0-9]{3})$/i.test(sub));
  return (region || "").toUpperCase();
}

/** The country of the first region `languages` name, if `codes` lists it, else "". */
export function countryFor(languages, codes) {
  const region = languages.map(regionOf).find(Boolean) || "";
  return codes.includes(region) ? region : "";
}

function cookieOf(root) {
  const name = root.dataset.cookie;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  return {
    read() {
      const pair = document.cookie.split("; ").find((p) => p.startsWith(`${name}=`));
      return pair ? decodeURIComponent(pair.slice(name.length + 1)) : "";
    },
    write(code) {
      const life = code ? root.dataset.cookieMaxAge : "0";
      document.cookie = `${name}=${code}; Path=/; Max-Age=${life}; SameSite=Lax${secure}`;
    },
  };
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
  let picked = cookie.read();
  try {
    const old = localStorage.getItem(OLD_KEY);
    if (old) {
      localStorage.removeItem(OLD_KEY);
      if (!picked && codes.includes(old)) cookie.write((picked = old));
    }
  } catch {
    // Storage switched off: nothing was kept there.
  }
  // The copy kept offline, or the timer's embedded one, was made for another address
  // or for no reader: the address's country, else the one picked, else the region's.
  const asked = fromUrl ? new URLSearchParams(location.search).get("country") : null;
  if (asked) {
    // An unknown one keeps the server's field error.
    if (codes.includes(asked.toUpperCase())) cookie.write(show(root, asked.toUpperCase()));
  } else if (asked === "") {
    cookie.write(show(root, ""));
  } else {
    show(root, codes.includes(picked) ? picked : countryFor(navigator.languages || [], codes));
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

for (const root of document.querySelectorAll("main [data-helplines]")) enhance(root, { fromUrl: true });
