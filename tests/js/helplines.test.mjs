// The help lines' country rule in the browser (static/core/helplines.js), against the
// same table of cases as the server's (tests/helpline_regions.json, tests/test_help.py).
// Run through pytest (tests/test_timer_schedule.py) or: node --test tests/js/

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { countryFor, regionOf } from "../../static/core/helplines.js";

const { cases } = JSON.parse(readFileSync(new URL("../helpline_regions.json", import.meta.url)));
const LISTED = ["US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE", "AT", "CH", "FR", "ES", "MX", "AR", "CO", "ZA"];

test("the first tag that names a region chooses its country, if listed, else none", () => {
  for (const [languages, country] of cases) {
    assert.equal(countryFor(languages, LISTED), country, languages.join(","));
  }
});

test("a tag's region is two letters or three digits after the language", () => {
  assert.equal(regionOf("en-GB"), "GB");
  assert.equal(regionOf("zh-Hant-TW"), "TW");
  assert.equal(regionOf("es-419"), "419");
  assert.equal(regionOf("de"), "");
});
