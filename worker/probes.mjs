// probes.mjs: the hostile request probes of web/testdata/probes.json, for
// Node. The Go tests send the same probes to the handler (web) and through
// the Worker's request conversion (worker); check.mjs sends them to wrangler
// dev and to the local server; cpu.mjs --probes measures each in the Worker.
//
//	import { loadProbes } from "./probes.mjs";
//	const { probes, maxReply } = loadProbes();   // [{name, method, path, headers, body, status, code, page}]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const workerDir = dirname(fileURLToPath(import.meta.url));
export const probesFile = join(workerDir, "..", "web", "testdata", "probes.json");

// expand repeats each [text, count] part, with {i} replaced by the index.
function expand(parts) {
  const out = [];
  for (const [text, count] of parts) {
    for (let i = 0; i < count; i++) out.push(text.includes("{i}") ? text.replaceAll("{i}", String(i)) : text);
  }
  return out.join("");
}

/** loadProbes reads the probes with their bodies built (Buffer or null). */
export function loadProbes(file = probesFile) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const probes = doc.probes.map((p) => {
    let body = null;
    if (p.body !== undefined) body = Buffer.from(p.body, "utf8");
    else if (p.body_base64 !== undefined) body = Buffer.from(p.body_base64, "base64");
    else if (p.body_parts !== undefined) body = Buffer.from(expand(p.body_parts), "utf8");
    const method = p.method || "POST";
    if (method === "GET" || method === "HEAD") body = null;
    return {
      name: p.name,
      method,
      path: p.path_parts ? expand(p.path_parts) : p.path || "/api/estimate",
      headers: p.headers || [["Content-Type", "application/json"]],
      body,
      status: p.status,
      code: p.code,
      page: !!p.page,
    };
  });
  return { probes, maxReply: doc.max_reply };
}

/** init returns the fetch/Request options of a probe. */
export function init(p) {
  return { method: p.method, headers: p.headers, ...(p.body !== null ? { body: p.body } : {}) };
}
