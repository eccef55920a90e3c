// Small DOM helpers. Text always goes in as text nodes, never as HTML, so names and event data from the API cannot
// inject markup; and no inline style is ever set as an attribute (the page's CSP forbids it).

/**
 * Makes an element: h('p', {class: 'x', dataset: {a: 1}, onclick: fn}, 'text', child, [more]).
 * Attributes whose value is null, undefined or false are left out; true sets a boolean attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'dataset') {
      for (const [k, v] of Object.entries(value)) {
        el.dataset[k] = String(v);
      }
    } else if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in el) {
      el.value = value;
    } else if (name === 'checked' || name === 'selected' || name === 'disabled' || name === 'hidden') {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of an element. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;

/** A fresh element id, to tie a label to its control. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** Text for screen readers only. */
export function srOnly(text) {
  return h('span', {class: 'sr-only'}, text);
}
