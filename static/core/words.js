// The words a script shows, in the page's language. A page in another language than
// English loads its catalog first (static/words/<language>.js, made from
// locale/<language>/LC_MESSAGES/djangojs.po by apps/core/catalogs.py; the service worker
// keeps it), which puts it in `globalThis.standStillWords`; an English page loads none,
// and each function answers the English it was given (as it does in Node, where the
// pure modules are tested). `makemessages -d djangojs` finds the strings by these
// functions' names: pass them plain string literals, and put what varies in with
// `interpolate`, never by joining pieces.

const words = () => globalThis.standStillWords ?? {};

export function gettext(text) {
  const found = words()[text];
  return typeof found === "string" && found ? found : text;
}

/** Spanish and German, like English, have one form for 1 and another for the rest. */
export function ngettext(one, many, n) {
  const found = words()[one];
  const index = n === 1 ? 0 : 1;
  if (Array.isArray(found) && found[index]) return found[index];
  return index === 0 ? one : many;
}

export function pgettext(context, text) {
  const found = words()[`${context}\x04${text}`];
  return typeof found === "string" && found ? found : text;
}

/** "%(name)s" in `text` replaced by `values.name`. */
export function interpolate(text, values) {
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The page's language ("es"), for dates and numbers formatted by the browser. */
export const language = () => (typeof document === "undefined" ? "en" : document.documentElement.lang || "en");
