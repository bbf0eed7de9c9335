// Web Worker of the batch page: loads the engine (the same wasm as the
// page) and checks a whole table here, off the page's main thread. Nothing
// leaves the device: the file is read here and the results go back to the page.
//
// Messages from the page:
//   {type: 'run', file, date, lang, chunk}  parse the file (a File or a string), then estimate `chunk` rows at a time
//   {type: 'cancel'}                        stop between two chunks
//   {type: 'template', lang}                the empty table to fill in
// Messages to the page:
//   {type: 'ready'} | {type: 'failed', message}
//   {type: 'parsed', info}                  rows, failed, errors (row, column, message)
//   {type: 'progress', done, total, rows}   the rows just estimated (for the table)
//   {type: 'done', csv}                     csv: a Blob, the result table as the CLI writes it
//   {type: 'cancelled'} | {type: 'error', message} | {type: 'template', csv}
/* global importScripts, Go */
'use strict';

importScripts('wasm_exec.js');

let cancelled = false;
let running = false;

const ready = (async () => {
  const go = new Go();
  const started = new Promise((resolve, reject) => {
    self.__policycheckReady = (err) => (err ? reject(new Error(err)) : resolve());
  });
  const url = new URL('policycheck.wasm', self.location.href);
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the engine could not be fetched (HTTP ${response.status})`);
    ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), go.importObject));
  }
  go.run(instance);
  await started;
  if (!self.policycheck || typeof self.policycheck.batchParse !== 'function') throw new Error('the engine has no batch mode');
})();

ready.then(() => self.postMessage({ type: 'ready' }), (err) => self.postMessage({ type: 'failed', message: String(err && err.message || err) }));

function call(name, ...args) {
  const out = self.policycheck[name](...args);
  if (typeof out === 'string' && out.startsWith('{')) {
    const v = JSON.parse(out);
    if (v.error) {
      const e = new Error(v.error.message);
      e.code = v.error.code;
      e.texts = v.message; // {zh, en} for a file that cannot be read
      throw e;
    }
    return v;
  }
  return out;
}

// csvBlob turns the CSV text Go wrote into a file. Go writes a byte-order
// mark first, but the conversion of a Go string to a JavaScript string
// (TextDecoder) drops a leading one: put it back, as bytes.
function csvBlob(text) {
  return new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), text.replace(/^\ufeff/, '')], { type: 'text/csv;charset=utf-8' });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run({ file, date, lang, chunk }) {
  running = true;
  cancelled = false;
  let id = 0;
  try {
    await ready;
    const text = typeof file === 'string' ? file : await file.text();
    const info = call('batchParse', text, date || '');
    id = info.id;
    self.postMessage({ type: 'parsed', info });
    const size = Math.max(1, chunk || 200);
    for (let from = 0; from < info.rows; from += size) {
      await pause(); // let a cancel message in
      if (cancelled) {
        self.postMessage({ type: 'cancelled' });
        return;
      }
      const to = Math.min(info.rows, from + size);
      const res = call('batchRun', id, from, to, lang);
      self.postMessage({ type: 'progress', done: res.done, total: info.rows, rows: res.rows });
    }
    const csv = call('batchCSV', id, lang);
    self.postMessage({ type: 'done', csv: csvBlob(csv) });
  } catch (err) {
    const message = err && err.texts ? (err.texts[lang] || err.texts.zh) : String(err && err.message || err);
    self.postMessage({ type: 'error', message });
  } finally {
    if (id) call('batchClose', id);
    running = false;
  }
}

self.addEventListener('message', async (event) => {
  const msg = event.data || {};
  if (msg.type === 'cancel') {
    if (running) cancelled = true;
  } else if (msg.type === 'run') {
    if (running) {
      self.postMessage({ type: 'error', message: 'busy' });
      return;
    }
    run(msg);
  } else if (msg.type === 'template') {
    try {
      await ready;
      const csv = call('batchTemplate', msg.lang === 'en' ? 'en' : 'zh');
      self.postMessage({ type: 'template', csv: csvBlob(csv) });
    } catch (err) {
      self.postMessage({ type: 'error', message: String(err && err.message || err) });
    }
  }
});
