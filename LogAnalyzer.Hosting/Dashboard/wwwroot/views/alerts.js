import { api } from '../api.js';
import { h, fill, num, badge, empty, time, ago, problem, requestRefresh } from '../dom.js';

const USER_STORAGE = 'loganalyzer.user';

export function create() {
  let status = '';
  let hours = 168;
  let resolving = null;
  const expanded = new Set();
  const details = new Map();
  const list = h('div', { id: 'alert-list', class: 'alert-list' });
  const message = h('div', { role: 'status', class: 'flash', hidden: true });
  const who = h('input', { type: 'text', value: localStorage.getItem(USER_STORAGE) ?? '', placeholder: 'your name', 'aria-label': 'Acting as', size: 12,
    onchange: () => localStorage.setItem(USER_STORAGE, who.value.trim()) });
  const statusSelect = h('select', { 'aria-label': 'Status', onchange: () => { status = statusSelect.value; requestRefresh(); } },
    [['', 'open and resolved'], ['active', 'active'], ['acknowledged', 'acknowledged'], ['resolved', 'resolved']].map(([v, t]) => h('option', { value: v }, t)));
  const hoursSelect = h('select', { 'aria-label': 'Period', onchange: () => { hours = Number(hoursSelect.value); requestRefresh(); } },
    [[24, '24 h'], [168, '7 d'], [720, '30 d']].map(([v, t]) => h('option', { value: String(v), selected: v === hours }, t)));

  const by = () => who.value.trim() || 'dashboard';

  function flash(text, kind = 'ok') {
    message.hidden = false;
    message.className = `flash flash-${kind}`;
    message.textContent = text;
  }

  async function act(alert, action, body) {
    try {
      const result = await api(`api/alerts/${encodeURIComponent(alert.alertId)}/${action}`, { method: 'POST', body });
      flash(`${result.alert.title}: ${result.alert.status}.`);
      details.delete(alert.alertId);
    } catch (e) {
      flash(e.message, 'bad');
    }
    resolving = null;
    await requestRefresh();
  }

  async function toggleHistory(alert) {
    if (expanded.has(alert.alertId)) expanded.delete(alert.alertId);
    else expanded.add(alert.alertId);
    await requestRefresh();
  }

  function resolveForm(alert) {
    const note = h('input', { type: 'text', placeholder: 'What fixed it? (kept as a learned runbook step)', 'aria-label': 'Resolution note', class: 'grow' });
    const form = h('form', { class: 'inline-form', onsubmit: (e) => { e.preventDefault(); act(alert, 'resolve', { by: by(), note: note.value.trim() || undefined }); } },
      note, h('button', { type: 'submit', class: 'resolve-confirm' }, 'Resolve'), h('button', { type: 'button', class: 'ghost', onclick: () => { resolving = null; requestRefresh(); } }, 'Cancel'));
    queueMicrotask(() => note.focus());
    return form;
  }

  function historyOf(alert) {
    const d = details.get(alert.alertId);
    if (!d) return h('p', { class: 'muted' }, 'Loading history…');
    if (d instanceof Error) return problem(d);
    const a = d.alert;
    return h('div', { class: 'alert-detail' },
      a.runbook?.length ? h('div', null, h('h3', null, 'Runbook'), h('ol', null, a.runbook.map((s) => h('li', null, s.step, ' ', h('span', { class: 'muted small' }, `(${s.source})`))))) : null,
      h('h3', null, 'History'),
      h('ol', { class: 'history' }, d.history.map((e) => h('li', null,
        h('span', { class: 'nowrap' }, time(e.at)), ' ', badge(e.change, 'change'), e.by ? ` by ${e.by}` : '', e.note ? ` — ${e.note}` : '',
        e.severity ? h('span', { class: 'muted small' }, ` (${e.severity})`) : null))));
  }

  function render(alert) {
    const a = alert;
    const id = a.alertId;
    return h('article', { class: ['alert', `alert-${a.status}`], dataset: { alertId: id, status: a.status } },
      h('header', null,
        badge(a.severity, `sev-${String(a.severity).toLowerCase()}`), ' ', badge(a.status, `status-${a.status}`), ' ',
        h('strong', { class: 'alert-title' }, a.title),
        h('span', { class: 'spacer' }),
        h('span', { class: 'muted small', title: time(a.raisedAt) }, `raised ${ago(a.raisedAt)}`)),
      h('p', null, a.description),
      h('p', { class: 'impact' },
        `${num(a.affectedUsers)} users · ${num(a.affectedSessions)} sessions · ${num(a.affectedLogs)} logs`,
        a.estimatedRevenueLoss ? ` · ${a.estimatedRevenueLoss} estimated loss` : '',
        a.endpoints?.length ? h('span', null, ' · ', a.endpoints.map((e) => h('code', null, e))) : null,
        a.errorCodes?.length ? h('span', null, ' · ', a.errorCodes.map((c) => h('a', { href: `#blast/${encodeURIComponent(c)}`, class: 'chip' }, c))) : null),
      a.suggestedAction ? h('p', { class: 'suggested' }, 'Suggested: ', a.suggestedAction) : null,
      a.acknowledgedBy ? h('p', { class: 'muted small' }, `Acknowledged by ${a.acknowledgedBy} ${ago(a.acknowledgedAt)}`) : null,
      a.resolvedBy ? h('p', { class: 'muted small' }, `Resolved by ${a.resolvedBy} ${ago(a.resolvedAt)}${a.resolutionNote ? ` — ${a.resolutionNote}` : ''}`) : null,
      h('div', { class: 'actions' },
        a.status === 'active' ? h('button', { type: 'button', class: 'ack', onclick: () => act(a, 'acknowledge', { by: by() }) }, 'Acknowledge') : null,
        a.status !== 'resolved' && resolving !== id ? h('button', { type: 'button', class: 'resolve secondary', onclick: () => { resolving = id; requestRefresh(); } }, 'Resolve…') : null,
        h('button', { type: 'button', class: 'ghost history-toggle', 'aria-expanded': String(expanded.has(id)), onclick: () => toggleHistory(a) }, expanded.has(id) ? 'Hide history' : 'History')),
      resolving === id ? resolveForm(a) : null,
      expanded.has(id) ? historyOf(a) : null);
  }

  const element = h('section', { class: 'view', id: 'alerts' },
    h('div', { class: 'view-head' }, h('h1', null, 'Alerts'),
      h('label', { class: 'inline' }, 'Status ', statusSelect),
      h('label', { class: 'inline' }, 'Period ', hoursSelect),
      h('label', { class: 'inline' }, 'Acting as ', who)),
    message, list);

  const view = {
    element,
    live: true,
    async refresh({ background } = {}) {
      // A resolution note being typed is not wiped by the live update.
      if (background && resolving) return;
      const { alerts } = await api('api/alerts', { query: { hours, limit: 100, status } });
      await Promise.all(alerts.filter((a) => expanded.has(a.alertId)).map(async (a) => {
        try { details.set(a.alertId, await api(`api/alerts/${encodeURIComponent(a.alertId)}`)); } catch (e) { details.set(a.alertId, e); }
      }));
      fill(list, alerts.length ? alerts.map(render) : empty('No alerts in this period. The engine checks every 30 seconds.'));
    },
  };
  return view;
}
