// dev.mjs: start `wrangler dev` for the Worker on loopback and stop it again.
// Used by bench.mjs (and usable from any Node script):
//
//	import { startWrangler } from "./dev.mjs";
//	const dev = await startWrangler();      // { url, stop, log }
//	...
//	await dev.stop();
//
// wrangler runs in its own process group (detached), so stop() ends wrangler
// and its workerd child together, and an exit handler stops it if the caller
// forgets or dies. Nothing is sent to Cloudflare: local mode, no login,
// metrics and cf-fetch off.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const workerDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(workerDir);

/** freePort asks the kernel for a free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** wranglerBin is wrangler's CLI from the project's node_modules. */
export function wranglerBin() {
  const bin = join(rootDir, "node_modules", "wrangler", "bin", "wrangler.js");
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: run npm install --no-save in ${rootDir}`);
  }
  return bin;
}

/**
 * startWrangler starts `wrangler dev` in worker/ on 127.0.0.1 and resolves
 * once /api/health answers. entry overrides the entry module (a path
 * relative to worker/, such as build/worker.mjs).
 */
export async function startWrangler({ entry, timeoutMs = 60_000, quiet = true } = {}) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    wranglerBin(), "dev",
    ...(entry ? [entry] : []),
    "--local", "--ip", "127.0.0.1", "--port", String(port),
    "--inspector-port", String(inspectorPort),
    "--show-interactive-dev-session=false", "--log-level", "warn",
  ];
  let log = "";
  const child = spawn(process.execPath, args, {
    cwd: workerDir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_ERROR_REPORTS: "false",
      CI: process.env.CI ?? "true", // never prompt
    },
  });
  const keep = (chunk) => {
    log += chunk;
    if (!quiet) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  child.on("exit", () => { exited = true; });

  const kill = (sig) => {
    try { process.kill(-child.pid, sig); } catch { /* already gone */ }
  };
  const onExit = () => kill("SIGKILL");
  process.on("exit", onExit);
  const stop = async () => {
    process.off("exit", onExit);
    if (exited) return;
    kill("SIGTERM");
    const deadline = Date.now() + 5000;
    while (!exited && Date.now() < deadline) await sleep(50);
    kill("SIGKILL");
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`wrangler dev exited before it was ready:\n${log}`);
    }
    try {
      const res = await fetch(url + "/api/health", { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs} ms:\n${log}`);
    }
    await sleep(200);
  }
  return { url, stop, log: () => log, pid: child.pid, inspectorPort };
}

/**
 * cpuSeconds sums the user+system CPU time of the workerd processes in a
 * process group (Linux /proc only; null elsewhere). wrangler dev runs the
 * Worker in workerd, so the difference across a run is the CPU the Worker's
 * isolate (plus workerd's own HTTP handling) spent on it.
 */
export function cpuSeconds(pgid, comm = "workerd") {
  if (process.platform !== "linux") return null;
  let ticks = 0;
  let found = false;
  for (const d of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(d)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${d}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const close = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, close);
    const f = stat.slice(close + 2).split(" ");
    if (Number(f[2]) !== pgid || name !== comm) continue;
    found = true;
    ticks += Number(f[11]) + Number(f[12]);
  }
  return found ? ticks / CLOCK_TICKS : null;
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
