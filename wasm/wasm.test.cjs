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
