// Service worker of policycheck: keeps the page, the engine (wasm) and the
// rules on the device so the self-check works offline.
//
// The build (cmd/sitebuild) fills in the precache list, one entry per file
// with a revision (a hash of its content), and the build name. Guarantees:
// - install downloads only files whose revision changed since the cached
//   build (the others are copied from the old cache); files without a
//   content hash in their name bypass the HTTP cache;
// - a new build waits until the page asks it to take over (SKIP_WAITING), so
//   a page never mixes files of two builds; the page then reloads whole;
// - activation deletes the caches of older builds;
// - precached files are served from the cache; navigations fall back to the
//   cached page when the network is gone;
// - nothing else is cached, and no request carries answers (the page makes
//   none with answers: the engine runs here, on the device).
/* global self, caches */
"use strict";

self.__PRECACHE = [];
self.__BUILD = '';

const PREFIX = "policycheck-";
const CACHE = PREFIX + self.__BUILD;
const REVISION_HEADER = "x-policycheck-revision";
const scopeURL = new URL(self.registration ? self.registration.scope : self.location.href);

const entries = self.__PRECACHE.map((e) => ({ url: new URL(e.url, scopeURL).href, revision: e.revision }));
const byURL = new Map(entries.map((e) => [e.url, e]));

async function findCached(entry) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const res = await cache.match(entry.url);
    if (res && res.headers.get(REVISION_HEADER) === entry.revision) return res;
  }
  return null;
}

async function withRevision(res, revision) {
  const headers = new Headers(res.headers);
  headers.set(REVISION_HEADER, revision);
  const body = await res.arrayBuffer();
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}

async function precache() {
  const cache = await caches.open(CACHE);
  for (const entry of entries) {
    const have = await cache.match(entry.url);
    if (have && have.headers.get(REVISION_HEADER) === entry.revision) continue;
    let res = await findCached(entry);
    if (!res) {
      // A content-hashed file never changes, so the HTTP cache may serve it;
      // anything else is fetched past the HTTP cache.
      const hashed = /\.[0-9a-f]{10}\.[a-z0-9]+$/.test(entry.url);
      res = await fetch(entry.url, { cache: hashed ? "default" : "reload", credentials: "same-origin" });
      if (!res.ok) throw new Error(`precache: ${entry.url}: HTTP ${res.status}`);
    }
    await cache.put(entry.url, await withRevision(res, entry.revision));
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "GET_BUILD" && event.ports[0]) event.ports[0].postMessage({ build: self.__BUILD, files: entries.length });
});

function pageFor(url) {
  // "/" and "/index.html" are the questionnaire; "/catalogue" is catalogue.html.
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  if (u.pathname.endsWith("/")) u.pathname += "index.html";
  else if (!/\.[a-z0-9]+$/i.test(u.pathname)) u.pathname += ".html";
  return u.href;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== scopeURL.origin) return;
  let key = url.origin + url.pathname;
  if (req.mode === "navigate") key = pageFor(req.url);
  if (!byURL.has(key)) {
    if (req.mode !== "navigate") return; // not ours: straight to the network
    event.respondWith(fetch(req).catch(async () => (await caches.match(new URL("index.html", scopeURL).href, { cacheName: CACHE })) || Response.error()));
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    if (hit) return hit;
    return fetch(req);
  })());
});
