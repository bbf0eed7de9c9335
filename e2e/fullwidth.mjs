// Full-width punctuation in the catalogue's Chinese (issue 22): every
// {zh, en} text of rules/*.json (documents, questions, options, help, rule
// titles, conditions, notes, obligations) is Chinese a person reads; the
// verbatim quotes of the source texts are plain strings and are left as the
// texts have them. `node e2e/fullwidth.mjs` lists the strings with
// half-width punctuation beside a Chinese character; `--fix` rewrites them
// in place (pairs of parentheses together), leaving everything else of each
// file byte for byte as it was.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../rules");

// HALF_BESIDE_HAN: half-width punctuation next to a Han character.
export const HALF_BESIDE_HAN = /[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]/;

// catalogueFiles() → the catalogue's JSON files (the documents, the
// questionnaire, one file per document, the changelog) and the ledgers,
// whose reasons the catalogue page shows beside each clause.
export function catalogueFiles() {
  const json = (dir) => readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));
  return [...json(rulesDir), ...json(path.join(rulesDir, "ledger"))];
}

// chineseTexts(value, where) → every {zh, en} text's zh, with where it is.
export function chineseTexts(value, where = "") {
  const out = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...chineseTexts(v, `${where}[${i}]`)));
  else if (value && typeof value === "object") {
    if (typeof value.zh === "string" && typeof value.en === "string") out.push({ where: `${where}.zh`, text: value.zh });
    for (const [k, v] of Object.entries(value)) if (k !== "zh" && k !== "en") out.push(...chineseTexts(v, `${where}.${k}`));
  }
  return out;
}

const FULL = { ",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）" };
const han = (c) => c !== undefined && /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”]/.test(c);

// fullWidth(s) → s with half-width punctuation beside Chinese made full-width:
// a comma, colon, semicolon, question or exclamation mark next to a Han
// character; a pair of parentheses when either one touches Chinese or it
// holds Chinese.
export function fullWidth(s) {
  const chars = [...s];
  // Parentheses, as pairs.
  const stack = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "(") stack.push(i);
    else if (chars[i] === ")" && stack.length) {
      const open = stack.pop();
      const inner = chars.slice(open + 1, i).join("");
      if (han(chars[open - 1]) || han(chars[open + 1]) || han(chars[i - 1]) || han(chars[i + 1]) || /[\u4e00-\u9fff]/.test(inner)) {
        chars[open] = "（";
        chars[i] = "）";
      }
    }
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (!",:;?!".includes(c)) continue;
    if (c === ":" && chars[i + 1] === "/" ) continue; // an address
    if (han(chars[i - 1]) || han(chars[i + 1])) chars[i] = FULL[c];
  }
  return chars.join("");
}

// fixFile(file) → how many strings changed; the file is rewritten only in
// its JSON strings, so its layout stays as it was.
export function fixFile(file) {
  const raw = readFileSync(file, "utf8");
  const bad = new Set(chineseTexts(JSON.parse(raw)).filter((x) => HALF_BESIDE_HAN.test(x.text)).map((x) => x.text));
  let n = 0;
  const out = raw.replace(/"((?:[^"\\]|\\.)*)"/g, (m, body) => {
    const s = JSON.parse(m);
    if (!bad.has(s)) return m;
    const fixed = fullWidth(s);
    if (fixed === s) return m;
    n++;
    return JSON.stringify(fixed);
  });
  if (n) writeFileSync(file, out);
  return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fix = process.argv.includes("--fix");
  let total = 0;
  for (const file of catalogueFiles()) {
    if (fix) {
      const n = fixFile(file);
      if (n) console.log(`${path.basename(file)}: ${n} strings made full-width`);
      total += n;
      continue;
    }
    for (const x of chineseTexts(JSON.parse(readFileSync(file, "utf8")))) {
      if (HALF_BESIDE_HAN.test(x.text)) {
        console.log(`${path.basename(file)}${x.where}: ${x.text}`);
        total++;
      }
    }
  }
  console.log(fix ? `${total} strings changed` : `${total} strings with half-width punctuation beside Chinese`);
}
