// The dashboard's shell: a hash router (so the page works under any prefix), live updates every few seconds that
// pause while the tab is hidden, and the API-key button.
import { apiKey, askForKey, forgetKey, keyDeclined, onKeyChange, KeyCancelledError } from './api.js';
import { fill, problem } from './dom.js';
import * as overview from './views/overview.js';
import * as patterns from './views/patterns.js';
import * as alerts from './views/alerts.js';
import * as timeline from './views/timeline.js';
import * as blast from './views/blast.js';
import * as ask from './views/ask.js';

const VIEWS = { overview, patterns, alerts, timeline, blast, ask };
const POLL_MS = 5000;

const main = document.getElementById('view');
const status = document.getElementById('status');
const liveToggle = document.getElementById('live-toggle');
const keyButton = document.getElementById('key-button');

let current = null;
let errorBox = null;
let paused = false;
let timer = 0;
let busy = false;
let again = false;

function route() {
  const [name, ...params] = location.hash.replace(/^#/, '').split('/').map((p) => decodeURIComponent(p));
  const key = VIEWS[name] ? name : 'overview';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === key) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current = VIEWS[key].create(params);
  errorBox = document.createElement('div');
  fill(main, errorBox, current.element);
  document.title = `LogAnalyzer · ${main.querySelector('h1')?.textContent ?? ''}`;
  refresh(false);
}

function setStatus(text, kind) {
  status.textContent = text;
  status.className = `status status-${kind}`;
}

/** Refreshes the current view; a request while one runs is folded into one more run after it. */
async function refresh(background) {
  clearTimeout(timer);
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  const view = current;
  try {
    await view.refresh({ background });
    if (view === current) {
      errorBox.replaceChildren();
      const at = new Date().toLocaleTimeString();
      if (!view.live) setStatus(`Updated ${at}`, 'idle');
      else if (paused) setStatus(`Paused · updated ${at}`, 'idle');
      else setStatus(`Live · updated ${at}`, 'live');
    }
  } catch (error) {
    if (view === current) {
      setStatus(error instanceof KeyCancelledError ? 'Needs an API key' : 'Update failed', 'bad');
      fill(errorBox, problem(error));
    }
  } finally {
    busy = false;
  }
  if (again || view !== current) {
    again = false;
    await refresh(false);
  } else {
    schedule();
  }
}

function schedule() {
  clearTimeout(timer);
  if (current?.live && !paused && !document.hidden) timer = setTimeout(() => refresh(true), POLL_MS);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) {
    clearTimeout(timer);
    if (current?.live && !paused) setStatus('Paused while the tab is hidden', 'idle');
  } else if (current?.live && !paused) {
    refresh(true);
  }
});

liveToggle.addEventListener('click', () => {
  paused = !paused;
  liveToggle.textContent = paused ? 'Resume' : 'Pause';
  liveToggle.setAttribute('aria-pressed', String(!paused));
  if (paused) { clearTimeout(timer); setStatus('Paused', 'idle'); } else refresh(true);
});

function showKeyButton() {
  const key = apiKey();
  keyButton.hidden = !key && !keyDeclined();
  keyButton.textContent = key ? 'Forget key' : 'Enter API key';
}
onKeyChange(showKeyButton);
keyButton.addEventListener('click', async () => {
  if (apiKey()) {
    forgetKey();
    route();
    return;
  }
  try {
    await askForKey('The LogAnalyzer API needs a key (X-Api-Key).');
    route();
  } catch {
    // Cancelled again: the button stays.
  }
});
showKeyButton();

document.addEventListener('loganalyzer:refresh', () => refresh(false));
window.addEventListener('hashchange', route);
route();
