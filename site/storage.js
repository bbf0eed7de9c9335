// What stays on the device, and only with consent: answers are written to
// localStorage only while "remember my answers on this device" is ticked.
// Export and import move answers through a file the user holds.

const KEY = 'policycheck:answers';
export const MAX_IMPORT_BYTES = 256 * 1024;

// store() → localStorage, or null where the browser blocks it.
export function store() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null; // storage blocked by the browser
  }
}

export function available() {
  const s = store();
  if (!s) return false;
  try {
    s.setItem(`${KEY}:probe`, '1');
    s.removeItem(`${KEY}:probe`);
    return true;
  } catch {
    return false;
  }
}

// load() → {answers, date, lang} if the user chose to remember, else null.
export function load() {
  const s = store();
  if (!s) return null;
  try {
    const raw = s.getItem(KEY);
    if (!raw) return null;
    const data = JSON.parse(raw);
    if (!data || typeof data !== 'object' || typeof data.answers !== 'object' || Array.isArray(data.answers)) return null;
    return {
      answers: data.answers || {},
      date: typeof data.assessment_date === 'string' ? data.assessment_date : '',
      lang: typeof data.lang === 'string' ? data.lang : '',
    };
  } catch {
    return null;
  }
}

// save(...) keeps the answers; call it only while the user consents.
export function save({ answers, date, lang }) {
  const s = store();
  if (!s) return false;
  try {
    s.setItem(KEY, JSON.stringify({ version: 1, answers, assessment_date: date || '', lang, saved: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

// clear() removes everything this page keeps on the device (this tab included).
export function clear() {
  const s = store();
  if (!s) return;
  try {
    for (let i = s.length - 1; i >= 0; i--) {
      const k = s.key(i);
      if (k && k.startsWith('policycheck:')) s.removeItem(k);
    }
  } catch {
    // nothing stored, nothing to clear
  }
}

// download(name, text) offers text as a file: a Blob behind a download link.
// Returns the link so the page can show it too.
export function download(name, text, link) {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
  link.href = url;
  link.download = name;
  link.dataset.url = url;
  link.click();
  return link;
}

// readImport(file) → {answers} or {error: key, detail}.
export async function readImport(file) {
  if (file.size > MAX_IMPORT_BYTES) return { error: 'msg.importTooLarge' };
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch (err) {
    return { error: 'msg.importInvalidJSON', detail: String(err.message || err) };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: 'msg.importNotObject' };
  // A file this page saved with its date, or a plain answers object (the
  // command-line tool's input).
  if (data.answers && typeof data.answers === 'object' && !Array.isArray(data.answers) && Object.keys(data).every((k) => ['answers', 'assessment_date', 'version'].includes(k))) {
    return { answers: data.answers, date: typeof data.assessment_date === 'string' ? data.assessment_date : '' };
  }
  return { answers: data, date: '' };
}

// The same tab: answers survive a reload without consent in sessionStorage,
// which the browser clears when the tab closes.
const SESSION_KEY = 'policycheck:session';

function session() {
  try {
    return globalThis.sessionStorage || null;
  } catch {
    return null;
  }
}

export function saveSession(data) {
  const s = session();
  if (!s) return;
  try {
    s.setItem(SESSION_KEY, JSON.stringify(data));
  } catch {
    // storage full or blocked: nothing kept
  }
}

export function loadSession() {
  const s = session();
  if (!s) return null;
  try {
    const data = JSON.parse(s.getItem(SESSION_KEY) || 'null');
    return data && typeof data.answers === 'object' && !Array.isArray(data.answers) ? data : null;
  } catch {
    return null;
  }
}

export function clearSession() {
  const s = session();
  if (s) try { s.removeItem(SESSION_KEY); } catch { /* nothing kept */ }
}

// The link: answers in the URL fragment (after #), which browsers never send
// to a server. #a=<base64url of the JSON {answers, date}>.
function toBase64URL(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64URL(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export function fragmentFor(answers, date) {
  return `#a=${toBase64URL(JSON.stringify(date ? { answers, date } : { answers }))}`;
}

// readFragment(hash) → {answers, date} or null.
export function readFragment(hash) {
  const m = /^#a=([A-Za-z0-9_-]+)$/.exec(hash || '');
  if (!m || m[1].length > MAX_IMPORT_BYTES) return null;
  try {
    const data = JSON.parse(fromBase64URL(m[1]));
    if (!data || typeof data.answers !== 'object' || Array.isArray(data.answers)) return null;
    return { answers: data.answers, date: typeof data.date === 'string' ? data.date : '' };
  } catch {
    return null;
  }
}
