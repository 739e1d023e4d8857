// Building the DOM without a framework. Children may be strings, nodes, arrays or null.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function main() {
  return document.getElementById('main');
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function showError(el, err) {
  el.replaceChildren(h('p', { class: 'error', role: 'alert' }, String(err && err.message ? err.message : err)));
}

// "JK1 1/16 壬午" then the Julian date: dates as historians write them.
export function dateBlock(d) {
  if (!d) return h('span', { class: 'date' }, '—');
  return h('span', { class: 'date' },
    h('span', { class: 'lunar' }, d.lunar),
    h('span', { class: 'day-name', lang: 'zh', title: d.day_name_pinyin || '' }, d.day_name || ''),
    h('span', { class: 'julian' }, `${d.julian} (Julian)`));
}

export function dateText(d) {
  return d ? `${d.lunar} ${d.day_name || ''} (${d.julian})` : '—';
}

export const fmt = {
  int: (x) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-GB')),
  num: (x, digits = 2) => (x === null || x === undefined ? '—' : Number(x).toLocaleString('en-GB', { maximumFractionDigits: digits })),
  pct: (p, digits = 1) => (p === null || p === undefined ? '—' : `${(100 * p).toFixed(digits)}%`),
  signedPct: (p, digits = 1) => `${p >= 0 ? '+' : '−'}${Math.abs(100 * p).toFixed(digits)} pts`,
};

// Words for the machine names of categories and events ("withdrew-with-terms").
export function words(name) {
  return String(name).replace(/[-_]/g, ' ');
}
