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
