// firstvisit.mjs: bytes on the wire for a first visit to a running server
// (cmd/serve): the page, the service worker and every file the service
// worker precaches, each fetched once with the given Accept-Encoding (bodies
// and response headers; a browser that fetches a file twice, the page and
// the precache, would count it twice).
//
//	go run ./cmd/serve -addr 127.0.0.1:8080 -site build/site &
//	node bench/firstvisit.mjs http://127.0.0.1:8080 br      # or gzip, or "" for none
import { request } from "node:http";
const base = process.argv[2], enc = process.argv[3] ?? "br";
const get = (path) => new Promise((resolve, reject) => {
  const u = new URL(base);
  const req = request({ host: u.hostname, port: u.port, path, headers: enc ? { "Accept-Encoding": enc } : {} }, (res) => {
    let n = 0;
    res.on("data", (c) => (n += c.length));
    res.on("end", () => {
      let h = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
      for (let i = 0; i < res.rawHeaders.length; i += 2) h += res.rawHeaders[i].length + 2 + res.rawHeaders[i + 1].length + 2;
      resolve({ path, status: res.statusCode, body: n, headers: h, enc: res.headers["content-encoding"] || "" });
    });
  });
  req.on("error", reject);
  req.end();
});
const sw = await (await fetch(base + "/sw.js")).text();
const list = JSON.parse(sw.match(/self\.__PRECACHE = (\[.*?\]);/s)[1]).map((e) => "/" + e.url);
const paths = [...new Set(["/", "/sw.js", ...list])];
let body = 0, headers = 0;
const rows = [];
for (const p of paths) {
  const r = await get(p);
  if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
  body += r.body; headers += r.headers; rows.push(r);
}
rows.sort((a, b) => b.body - a.body);
for (const r of rows.slice(0, 5)) console.log(`  ${String(r.body).padStart(8)} B ${r.enc.padEnd(4)} ${r.path}`);
console.log(`first visit with Accept-Encoding: ${enc || "(none)"}: ${paths.length} files, ${body} bytes of bodies + ${headers} of headers = ${((body + headers) / 1e6).toFixed(3)} MB`);
