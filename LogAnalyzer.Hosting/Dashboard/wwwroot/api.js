// The JSON API, at the path the server wrote into the page (the app's root unless the host mapped it elsewhere).
// When the API answers 401, the page asks for a key once (for every request waiting on it), keeps it in this tab's
// sessionStorage and sends it as X-Api-Key.

const KEY_STORAGE = 'loganalyzer.apiKey';
const base = document.querySelector('meta[name="loganalyzer-api-base"]')?.content || '/';

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    const errors = problem?.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`).join('; ') : '';
    super([problem?.title ?? fallback, problem?.detail, errors].filter(Boolean).join(' — '));
    this.status = status;
    this.problem = problem;
  }
}

export class KeyCancelledError extends Error {
  constructor() {
    super('An API key is needed to read the LogAnalyzer API.');
    this.status = 401;
  }
}

let pendingKey = null;
// After the person cancels the dialog, live updates do not reopen it every few seconds: the key button does.
let declined = false;
const listeners = new Set();

export function onKeyChange(listener) { listeners.add(listener); }
export function apiKey() { return sessionStorage.getItem(KEY_STORAGE); }
export function keyDeclined() { return declined; }
export function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
  listeners.forEach((l) => l(null));
}

/** Resolves with a key the person typed, or rejects when they cancel. One dialog for every request that is waiting. */
export function askForKey(reason) {
  if (pendingKey) return pendingKey;
  const dialog = document.getElementById('key-dialog');
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  const cancel = document.getElementById('key-cancel');
  document.getElementById('key-reason').textContent = reason;
  input.value = '';
  pendingKey = new Promise((resolve, reject) => {
    const done = (key) => {
      form.removeEventListener('submit', submitted);
      cancel.removeEventListener('click', cancelled);
      dialog.removeEventListener('cancel', cancelled);
      if (dialog.open) dialog.close();
      pendingKey = null;
      declined = !key;
      if (key) sessionStorage.setItem(KEY_STORAGE, key);
      listeners.forEach((l) => l(key));
      if (key) resolve(key);
      else reject(new KeyCancelledError());
    };
    // The CSP forbids form submission (form-action 'none'): the submit is handled here and never sent.
    const submitted = (e) => { e.preventDefault(); done(input.value.trim()); };
    const cancelled = (e) => { e.preventDefault(); done(null); };
    form.addEventListener('submit', submitted);
    cancel.addEventListener('click', cancelled);
    dialog.addEventListener('cancel', cancelled);
    dialog.showModal();
    input.focus();
  });
  return pendingKey;
}

function url(path, query) {
  const u = new URL(base + path.replace(/^\//, ''), location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  }
  return u;
}

/** GET or POST the API; returns the parsed JSON or throws an ApiError carrying the ProblemDetails. */
export async function api(path, { query, method = 'GET', body, signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    const key = apiKey();
    if (key) headers['X-Api-Key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url(path, query), {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store',
    });
    const type = response.headers.get('Content-Type') ?? '';
    const json = type.includes('json') ? await response.json().catch(() => null) : null;
    if (response.status === 401 && attempt < 5) {
      if (key) sessionStorage.removeItem(KEY_STORAGE);
      if (declined) throw new KeyCancelledError();
      await askForKey(key ? 'That key was not accepted. Enter another API key.' : 'The LogAnalyzer API needs a key (X-Api-Key).');
      continue;
    }
    if (!response.ok) {
      const fallback = response.status === 403 ? 'The API key does not allow this' : `HTTP ${response.status}`;
      throw new ApiError(response.status, json, fallback);
    }
    return json;
  }
}
