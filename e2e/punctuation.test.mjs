// Full-width punctuation in every Chinese string of the catalogue a person
// reads (issue 22): questions, options, help, steps, rule titles, summaries,
// conditions, notes, obligations, documents; the page's own copy is checked
// in page.test.mjs. The source texts' verbatim quotes are plain strings, not
// {zh, en} texts, and are left as the texts have them. To fix the data:
// node e2e/fullwidth.mjs --fix.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { HALF_BESIDE_HAN, catalogueFiles, chineseTexts, fullWidth } from "./fullwidth.mjs";

test("the catalogue's Chinese uses full-width punctuation", () => {
  const bad = [];
  for (const file of catalogueFiles()) {
    for (const x of chineseTexts(JSON.parse(readFileSync(file, "utf8")))) {
      if (HALF_BESIDE_HAN.test(x.text)) bad.push(`${path.basename(file)}${x.where}: ${x.text}`);
    }
  }
  assert.deepEqual(bad.slice(0, 20), [], `${bad.length} strings (node e2e/fullwidth.mjs --fix)`);
});

test("the fix makes punctuation beside Chinese full-width and leaves the rest", () => {
  const cases = [
    ["a comma and a colon beside Chinese", "企业,注册:静安", "企业，注册：静安"],
    ["a pair of parentheses holding Chinese", "科技企业(含初创企业)", "科技企业（含初创企业）"],
    ["a pair whose opening touches Chinese though it holds digits", "三年行动计划(2018-2020)", "三年行动计划（2018-2020）"],
    ["English inside Chinese keeps its own punctuation", "填 true/false, yes/no", "填 true/false, yes/no"],
    ["a question mark after Chinese", "您在为哪类机构自测?", "您在为哪类机构自测？"],
    ["an address keeps its colon", "见https://example.org", "见https://example.org"],
  ];
  for (const [name, input, want] of cases) assert.equal(fullWidth(input), want, name);
});
