// Tests of the WebAssembly build in Node: the exported functions, bad calls
// that must leave the Go program running, and agreement with the native
// command-line tool on the same answers.
//
//   WASM=build/policycheck.wasm CLI=build/policycheck node --test wasm/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
const wasmPath = process.env.WASM || path.join(root, "build/policycheck.wasm");
const cliPath = process.env.CLI || path.join(root, "build/policycheck");
const goroot = execFileSync("go", ["env", "GOROOT"]).toString().trim();
require(path.join(goroot, "lib/wasm/wasm_exec.js"));

let pc;
let direct; // engine-core.js's direct call of the module's export (wasm/direct.go)
test.before(async () => {
  const go = new Go();
  const ready = new Promise((resolve, reject) => {
    globalThis.__policycheckReady = (err) => (err ? reject(new Error(err)) : resolve());
  });
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), go.importObject);
  go.run(instance);
  await ready;
  globalThis.__policycheckMemory = () => instance.exports.mem.buffer.byteLength;
  pc = globalThis.policycheck;
  require(path.join(root, "site/engine-core.js"));
  direct = globalThis.policycheckCore.directLive(instance, go);
});

const nanmingSoftware = {
  organisation_kind: "company", registered_district: "nanming", tax_district: "nanming",
  software_certified: true, software_cert_year: 2016, hightech_certified: true, hightech_cert_year: 2013,
  moved_in: false, invention_patents: 2,
};

test("version names the catalogue and the build", () => {
  const v = JSON.parse(pc.version());
  assert.match(v.catalogue, /^\d{4}-\d{2}-\d{2}\+[0-9a-f]{10}$/);
  assert.ok(v.build.length > 0);
  assert.ok(v.rules > 50);
});

test("catalogue and questions are JSON with every rule and question", () => {
  const c = JSON.parse(pc.catalogue());
  const q = JSON.parse(pc.questions());
  assert.equal(c.documents.length, 5);
  assert.ok(c.rules.length > 50);
  assert.deepEqual(q.questions.map((x) => x.id), c.questions.map((x) => x.id));
});

test("estimate returns a brief report", () => {
  const r = JSON.parse(pc.estimate(JSON.stringify(nanmingSoftware), "2017-06-01", true));
  assert.equal(r.error, undefined);
  assert.equal(r.assessment_date, "2017-06-01");
  assert.ok(r.totals.eligible > 0);
  assert.equal(r.comparison.length, 4);
  assert.equal(r.results[0].title, undefined, "brief reports leave titles to the catalogue");
});

test("estimateLive leaves out what it cannot use and says so on its first line", () => {
  const answers = { ...nanmingSoftware, invention_patents: -1, shoe_size: 42 };
  const out = pc.estimateLive(JSON.stringify(answers), "2017-31-01", false);
  const nl = out.indexOf("\n");
  assert.ok(nl > 0, out.slice(0, 200));
  const head = JSON.parse(out.slice(0, nl));
  assert.deepEqual([...head.dropped].sort(), ["invention_patents", "shoe_size"]);
  assert.ok(head.errors.invention_patents.zh && head.errors.shoe_size.en);
  assert.equal(head.date_error, true);
  const r = JSON.parse(out.slice(nl + 1));
  assert.equal(r.error, undefined);
  assert.ok(r.totals.eligible > 0);
  assert.equal(r.results[0].title, undefined, "brief, as estimate");
});

test("estimateLive since the last report leaves out unchanged results, and the page's mergeLive makes the whole report again", async () => {
  const { mergeLive } = await import(require("node:url").pathToFileURL(path.join(root, "site/model.js")).href);
  const live = (answers, since) => {
    const out = pc.estimateLive(JSON.stringify(answers), "2017-06-01", false, since);
    const nl = out.indexOf("\n");
    return { head: JSON.parse(out.slice(0, nl)), report: JSON.parse(out.slice(nl + 1)) };
  };
  // A person answering, one question at a time.
  const steps = [];
  let answers = {};
  for (const [k, v] of Object.entries(nanmingSoftware)) steps.push((answers = { ...answers, [k]: v }));
  steps.push({ ...answers, invention_patents: 7 }, { ...answers, invention_patents: 7 });
  let held = null;
  let leftOut = 0;
  for (const a of steps) {
    const { head, report } = live(a, held ? held.generation : 0);
    assert.ok(head.generation > 0);
    if (held) assert.equal(head.since, held.generation, "since the report held");
    leftOut += report.results.filter((r) => r === null).length;
    const merged = mergeLive(held, report, head.since);
    // The same answers again, whole (since 0), and held for the next step.
    const want = live(a, 0);
    assert.equal(want.head.since, 0);
    assert.deepEqual(merged, want.report);
    held = { generation: want.head.generation, report: want.report };
  }
  assert.ok(leftOut > 0, "no result was ever left out");
  // The last step repeats the one before it: every result left out.
  const again = live(steps.at(-1), held.generation);
  assert.ok(again.report.results.every((r) => r === null));
  // A report number that is not the engine's last: every result written.
  const stale = live(steps.at(-1), held.generation);
  assert.equal(stale.head.since, 0);
  assert.ok(stale.report.results.every((r) => r !== null));
  // mergeLive refuses a reply it cannot complete.
  assert.equal(mergeLive(null, again.report, again.head.since), null);
});

// split(reply) → its first line without the report numbers, whether it
// was since a report, and the report as written.
function split(out) {
  const nl = out.indexOf("\n");
  if (nl < 0) return { head: null, since: false, body: out };
  const head = JSON.parse(out.slice(0, nl));
  const since = head.since > 0;
  delete head.generation;
  delete head.since;
  return { head, since, body: out.slice(nl + 1) };
}

test("the direct export replies what estimateLive replies, byte for byte, along a person's answers", () => {
  assert.equal(typeof direct, "function", "the module has no policycheck_estimate_live export");
  // via(f, answers, before) → f's reply to answers, since a report of before
  // made just now by f (each path numbers its own reports).
  const via = (f, answers, before, compare) => {
    let since = 0;
    if (before) since = JSON.parse(f(JSON.stringify(before), "2017-06-01", compare, 0).split("\n")[0]).generation;
    return split(f(JSON.stringify(answers), "2017-06-01", compare, since));
  };
  const steps = [{}];
  let answers = {};
  for (const [k, v] of Object.entries(nanmingSoftware)) steps.push((answers = { ...answers, [k]: v }));
  steps.push({ ...answers, invention_patents: -3, shoe_size: 1 }, { ...answers, registered_district: "jingan" });
  let leftOut = 0;
  for (let i = 0; i < steps.length; i++) {
    for (const compare of [false, true]) {
      const before = i > 0 ? steps[i - 1] : null;
      const want = via(pc.estimateLive, steps[i], before, compare);
      const got = via(direct, steps[i], before, compare);
      assert.deepEqual(got.head, want.head, `step ${i}`);
      assert.equal(got.since, want.since, `step ${i}`);
      assert.equal(got.body, want.body, `step ${i}, compare ${compare}`);
      if (got.since) leftOut += JSON.parse(got.body).results.filter((r) => r === null).length;
    }
  }
  assert.ok(leftOut > 0, "no step was estimated since the one before");
});

test("the direct export refuses what estimateLive refuses, with the same message", () => {
  const cases = [
    ["malformed answers", "{\"registered_district\": ", "", 0],
    ["answers over 64 KiB in UTF-8 though under 64 Ki characters", JSON.stringify({ x: "中".repeat(30000) }), "", 0],
    ["a date that is not YYYY-MM-DD", "{}", "2017-31-01", 0],
    ["a negative since", "{}", "", -1],
    ["a fractional since", "{}", "", 1.5],
    ["a since of NaN", "{}", "", NaN],
    ["answers that are not an object", "[1]", "", 0],
  ];
  for (const [name, json, date, since] of cases) {
    const got = direct(json, date, false, since);
    assert.notEqual(got, null, name);
    assert.deepEqual(split(got).head, split(pc.estimateLive(json, date, false, since)).head, name);
    assert.equal(split(got).body.replace(/"generation":\d+/, ""), split(pc.estimateLive(json, date, false, since)).body.replace(/"generation":\d+/, ""), name);
  }
  // What it cannot take it hands back to estimateLive (null), unread.
  assert.equal(direct(JSON.stringify({ x: "a".repeat(70 << 10) }), "", false, 0), null);
  assert.equal(direct("{}", "2".repeat(100), false, 0), null);
  assert.equal(direct("{}", 20170601, false, 0), null);
  assert.equal(direct("{}", "", false, "3"), null);
});

test("thousands of direct estimates leave the Go program's memory as it was", () => {
  const mem = () => globalThis.__policycheckMemory();
  let since = 0;
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      const out = direct(JSON.stringify({ ...nanmingSoftware, invention_patents: i % 9 }), "2017-06-01", i % 2 === 0, since);
      since = JSON.parse(out.slice(0, out.indexOf("\n"))).generation;
    }
  };
  run(3000); // a steady heap first: the engine's buffers and caches are made in the first estimates, and the heap settles (1,500 once left one 2 MiB grow step to come with the 190-rule catalogue)
  const before = mem();
  run(3000);
  assert.ok(mem() - before < 2 << 20, `wasm memory grew from ${before} to ${mem()} bytes over 3,000 estimates`);
});

const badCalls = [
  ["no arguments", () => pc.estimate(), "bad_call"],
  ["too many arguments", () => pc.estimate("{}", "", false, 1), "bad_call"],
  ["an object instead of a JSON string", () => pc.estimate({ a: 1 }), "bad_call"],
  ["a number instead of a JSON string", () => pc.estimate(42), "bad_call"],
  ["a date that is a number", () => pc.estimate("{}", 20170601), "bad_call"],
  ["compare that is a string", () => pc.estimate("{}", "", "yes"), "bad_call"],
  ["malformed JSON", () => pc.estimate("{\"registered_district\": ", ""), "invalid_answers"],
  ["an unknown question", () => pc.estimate("{\"shoe_size\": 42}", ""), "invalid_answers"],
  ["a negative count", () => pc.estimate("{\"invention_patents\": -1}", ""), "invalid_answers"],
  ["an impossible date", () => pc.estimate("{}", "2017-02-30"), "invalid_date"],
  ["a BigInt instead of a JSON string", () => pc.estimate(10n), "bad_call"],
  ["a symbol instead of a JSON string", () => pc.estimate(Symbol("x")), "bad_call"],
  ["a String object instead of a JSON string", () => pc.estimate(new String("{}")), "bad_call"],
  ["a function instead of a JSON string", () => pc.estimate(() => "{}"), "bad_call"],
  ["undefined instead of a JSON string", () => pc.estimate(undefined), "bad_call"],
  ["a BigInt date", () => pc.estimate("{}", 20170601n), "bad_call"],
  ["a symbol date", () => pc.estimate("{}", Symbol("d")), "bad_call"],
  ["a date of 1,000 characters", () => pc.estimate("{}", "2".repeat(1000)), "bad_call"],
  ["a BigInt compare", () => pc.estimate("{}", "", 1n), "bad_call"],
  ["a null compare", () => pc.estimate("{}", "", null), "bad_call"],
  ["answers over 64 KiB", () => pc.estimate(JSON.stringify({ x: "a".repeat(70 << 10) })), "too_large"],
  ["answers of 64 Ki characters but over 64 KiB in UTF-8", () => pc.estimate(JSON.stringify({ x: "中".repeat(30000) })), "too_large"],
  ["trailing data after the answers", () => pc.estimate("{}}"), "invalid_answers"],
  ["an answer given twice", () => pc.estimate('{"invention_patents": 1, "invention_patents": 2}'), "invalid_answers"],
  ["a count that underflows to 0", () => pc.estimate('{"invention_patents": 1e-400}'), "invalid_answers"],
  ["a BigInt table for batchParse", () => pc.batchParse(10n), "bad_call"],
  ["a BigInt date for batchParse", () => pc.batchParse("company\n", 1n), "bad_call"],
  ["a BigInt table id for batchRun", () => pc.batchRun(1n, 0, 1), "bad_call"],
  ["a symbol language for batchTemplate", () => pc.batchTemplate(Symbol("zh")), "bad_call"],
  ["a BigInt instead of a JSON string for estimateLive", () => pc.estimateLive(10n), "bad_call"],
  ["a number date for estimateLive", () => pc.estimateLive("{}", 20170601), "bad_call"],
  ["answers over 64 KiB for estimateLive", () => pc.estimateLive(JSON.stringify({ x: "a".repeat(70 << 10) })), "too_large"],
  ["a negative since for estimateLive", () => pc.estimateLive("{}", "", false, -1), "bad_call"],
  ["a fractional since for estimateLive", () => pc.estimateLive("{}", "", false, 1.5), "bad_call"],
  ["a string since for estimateLive", () => pc.estimateLive("{}", "", false, "3"), "bad_call"],
  ["a BigInt since for estimateLive", () => pc.estimateLive("{}", "", false, 3n), "bad_call"],
  ["five arguments for estimateLive", () => pc.estimateLive("{}", "", false, 0, 1), "bad_call"],
];
for (const [name, call, code] of badCalls) {
  test(`a bad call (${name}) returns an error and the next call works`, () => {
    const out = JSON.parse(call());
    assert.equal(out.error.code, code, JSON.stringify(out));
    assert.ok(out.error.message.length > 0);
    const ok = JSON.parse(pc.estimate(JSON.stringify(nanmingSoftware), "2017-06-01"));
    assert.equal(ok.error, undefined);
    assert.ok(ok.totals.eligible > 0);
  });
}

test("oversized answers are refused before they reach the Go program's memory", () => {
  const mem = () => globalThis.__policycheckMemory();
  const before = mem();
  const big = "x".repeat(64 << 20);
  for (let i = 0; i < 3; i++) {
    assert.equal(JSON.parse(pc.estimate(big)).error.code, "too_large");
    assert.equal(JSON.parse(pc.estimate("{}", big)).error.code, "bad_call");
  }
  assert.ok(mem() - before < 4 << 20, `wasm memory grew from ${before} to ${mem()} bytes`);
});

test("many field errors are capped: at most 20 listed, the rest counted, a small reply", () => {
  const answers = {};
  for (let i = 0; i < 800; i++) answers["k" + i + "x".repeat(60)] = 1; // 55 KB
  const text = pc.estimate(JSON.stringify(answers));
  const out = JSON.parse(text);
  assert.equal(out.error.code, "invalid_answers");
  assert.ok(out.error.fields.length <= 20 && out.error.fields.length + out.error.more === 800, JSON.stringify(out).slice(0, 300));
  assert.ok(text.length < 4000, `reply of ${text.length} characters`);
});

test("field errors name the field in both languages", () => {
  const out = JSON.parse(pc.estimate("{\"invention_patents\": -1}", ""));
  assert.equal(out.error.fields[0].field, "invention_patents");
  assert.ok(out.error.fields[0].message.zh && out.error.fields[0].message.en);
});

test("wasm and the native tool agree on the same answers", () => {
  assert.ok(fs.existsSync(cliPath), `build the native tool first: go build -o ${cliPath} ./cmd/policycheck`);
  const profiles = [
    [nanmingSoftware, "2017-06-01"],
    [{ organisation_kind: "company", registered_district: "jingan", tax_district: "jingan", industries: ["big_data"] }, "2019-10-01"],
    [{ organisation_kind: "incubator", registered_district: "jiading", in_zhangjiang_park: true }, "2018-06-01"],
    [{}, "2018-01-01"],
  ];
  for (const [answers, date] of profiles) {
    const native = JSON.parse(execFileSync(cliPath, ["estimate", "-date", date, "-compare"], { input: JSON.stringify(answers) }));
    const wasm = JSON.parse(pc.estimate(JSON.stringify(answers), date, true));
    assert.deepEqual(wasm.totals, native.totals);
    assert.deepEqual(wasm.comparison.map((l) => l.totals), native.comparison.map((l) => l.totals));
    assert.deepEqual(wasm.results.map((r) => [r.rule, r.status, r.amount.min, r.amount.max]),
      native.results.map((r) => [r.rule, r.status, r.amount.min, r.amount.max]));
  }
});
