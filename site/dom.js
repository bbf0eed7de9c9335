// Small DOM helpers. Every text goes in through textContent or text nodes:
// nothing here parses HTML, so catalogue and user text can never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'open', 'multiple']);

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'style' || key === 'innerHTML' || key.startsWith('on')) {
      throw new Error(`dom: ${key} is not allowed`);
    }
    if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[k] = v;
    } else if (PROPERTIES.has(key) && key in el) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

export function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

// h('p', {class: 'x', text: 'hello'}) or h('ul', {}, h('li', {}, 'a'), ...)
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  return append(el, children);
}

// svg('rect', {x: 0, y: 0, width: '50%', height: 16, class: 'bar'})
export function svg(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  return append(el, children);
}

// on(el, 'click', fn): event listeners, never inline handlers.
export function on(el, type, fn, options) {
  el.addEventListener(type, fn, options);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function $$(selector, root = document) {
  return Array.from(root.querySelectorAll(selector));
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// setText(el, text) changes el's text only when it differs: writing the same
// text again would still replace its text node and make the browser lay it out again.
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
  return el;
}

// morph(live, next) makes the element live (in the page) look like next (a
// detached element of the same tag, just built) by changing only what
// differs: attributes, text, and children in order. Unchanged nodes are kept
// as they are, so that an answer re-styles and re-lays out only what it
// changed. Elements are reused only for the same tag, id, data-rule and
// data-question, so that a kept element's listeners (question links, "why"
// disclosures) still mean the same thing; otherwise next's node is moved in.
export function morph(live, next) {
  for (const a of Array.from(live.attributes)) if (!next.hasAttribute(a.name)) live.removeAttribute(a.name);
  for (const a of Array.from(next.attributes)) if (live.getAttribute(a.name) !== a.value) live.setAttribute(a.name, a.value);
  if (live.localName === 'details' && live.open !== next.open) live.open = next.open;
  morphChildren(live, Array.from(next.childNodes));
  return live;
}

function sameNode(a, b) {
  if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
  if (a.nodeType !== 1) return true;
  return a.id === b.id && a.getAttribute('data-rule') === b.getAttribute('data-rule') && a.getAttribute('data-question') === b.getAttribute('data-question');
}

// morphChildren(live, nodes) gives live the children nodes (detached, or
// children of a detached element), reusing live's own where they match.
export function morphChildren(live, nodes) {
  let cur = live.firstChild;
  for (const n of nodes) {
    if (cur && sameNode(cur, n)) {
      if (n.nodeType === 1) morph(cur, n);
      else if (cur.nodeValue !== n.nodeValue) cur.nodeValue = n.nodeValue;
      cur = cur.nextSibling;
    } else {
      live.insertBefore(n, cur);
    }
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
  }
  return live;
}

// patch(el, ...children) gives el these children (as append would after
// clear), changing only what differs from what it holds.
export function patch(el, ...children) {
  const tmp = append(document.createElement('div'), children);
  return morphChildren(el, Array.from(tmp.childNodes));
}
