// Builds DOM nodes. Log text is untrusted: it only ever becomes text nodes, never markup.

/** h('div', { class: 'card', onclick: fn }, 'text', child) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element: its attributes are presentation attributes, never a style attribute (the CSP forbids them). */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const numberFormat = new Intl.NumberFormat();
export const num = (n) => (n === undefined || n === null ? '–' : numberFormat.format(n));
export const pct = (r, digits = 1) => (r === undefined || r === null ? '–' : `${(r * 100).toFixed(digits)}%`);

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function ago(iso) {
  if (!iso) return '–';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

export function duration(seconds) {
  if (seconds === undefined || seconds === null) return '–';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400), hr = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${hr} h`;
  if (hr > 0) return `${hr} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

export function bytes(n) {
  if (n === undefined || n === null) return '–';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A level or severity badge: the class carries the colour. */
export function badge(text, kind) {
  const value = String(text ?? '').toLowerCase();
  return h('span', { class: ['badge', `badge-${kind ?? value}`] }, text ?? '–');
}

export function card(label, value, detail, kind) {
  return h('div', { class: ['card', kind && `card-${kind}`] },
    h('div', { class: 'card-label' }, label),
    h('div', { class: 'card-value' }, value),
    detail ? h('div', { class: 'card-detail' }, detail) : null);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

export function problem(error) {
  return h('div', { class: 'problem', role: 'alert' }, error?.message ?? String(error));
}

/** A table of log entries (message as text, never markup). */
export function logTable(logs, { showAnomaly = false } = {}) {
  if (!logs || logs.length === 0) return empty('No entries.');
  return h('table', { class: 'logs' },
    h('thead', null, h('tr', null,
      h('th', null, 'Time'), h('th', null, 'Level'), h('th', null, 'Message'), h('th', null, 'Endpoint'),
      showAnomaly ? h('th', { class: 'num' }, 'Score') : null)),
    h('tbody', null, logs.map((l) => h('tr', { class: l.isAnomaly ? 'anomalous' : null },
      h('td', { class: 'nowrap' }, time(l.timestamp)),
      h('td', null, badge(l.level, `level-${String(l.level).toLowerCase()}`)),
      h('td', { class: 'message' }, l.message,
        showAnomaly && l.anomalyReasons?.length ? h('div', { class: 'muted small' }, l.anomalyReasons.join(' · ')) : null),
      h('td', { class: 'mono small' }, l.endpoint ?? ''),
      showAnomaly ? h('td', { class: 'num' }, (l.anomalyScore ?? 0).toFixed(2)) : null))));
}

/** Asks the shell to refresh the current view now (its errors are shown by the shell, not thrown at the caller). */
export function requestRefresh() {
  document.dispatchEvent(new CustomEvent('loganalyzer:refresh'));
}
