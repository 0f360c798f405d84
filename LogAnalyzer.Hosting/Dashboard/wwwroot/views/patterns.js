import { api } from '../api.js';
import { h, fill, num, pct, badge, empty, time, problem, requestRefresh } from '../dom.js';
import { sparkline } from '../charts.js';

const RANGES = [[1, '1 h'], [6, '6 h'], [24, '24 h']];

export function create() {
  let hours = 1;
  let open = null;
  const list = h('div', { class: 'pattern-list', id: 'trending' });
  const detail = h('div');
  const range = h('select', { 'aria-label': 'Range', onchange: () => { hours = Number(range.value); requestRefresh(); } },
    RANGES.map(([v, text]) => h('option', { value: String(v) }, text)));

  async function showDetail(id) {
    open = id;
    let pattern;
    try {
      ({ pattern } = await api(`api/patterns/${encodeURIComponent(id)}`));
    } catch (e) {
      fill(detail, problem(e));
      return;
    }
    const a = pattern.analysis;
    fill(detail, h('section', { class: 'panel' },
      h('h2', null, 'Pattern'),
      h('p', { class: 'mono' }, pattern.template),
      h('p', { class: 'muted' }, `${num(pattern.count)} entries · first ${time(pattern.firstSeen)} · last ${time(pattern.lastSeen)} · `,
        Object.entries(pattern.levels ?? {}).map(([level, n]) => `${level} ${num(n)}`).join(', ')),
      a ? h('dl', { class: 'facts' },
        h('dt', null, 'Summary'), h('dd', null, a.summary),
        h('dt', null, 'Root cause'), h('dd', null, a.rootCause),
        h('dt', null, 'Explanation'), h('dd', null, a.explanation),
        h('dt', null, 'Suggested fixes'), h('dd', null, h('ul', null, (a.suggestedFixes ?? []).map((f) => h('li', null, f)))),
        h('dt', null, 'Source'), h('dd', null, a.source)) : empty('No analysis yet.'),
      pattern.sample ? h('p', null, h('span', { class: 'muted' }, 'Sample: '), pattern.sample) : null));
  }

  const element = h('section', { class: 'view', id: 'patterns' },
    h('div', { class: 'view-head' }, h('h1', null, 'Trending patterns'), h('label', { class: 'inline' }, 'Period ', range)),
    h('p', { class: 'muted' }, 'Warning and error patterns with the most entries in the period, against the period before.'),
    list, detail);

  const view = {
    element,
    live: true,
    async refresh() {
      const { trending } = await api('api/ai/trending', { query: { hours, limit: 20 } });
      if (!trending.length) {
        fill(list, empty('No warning or error patterns in this period.'));
        return;
      }
      fill(list, h('table', { class: 'patterns' },
        h('thead', null, h('tr', null, h('th', null, 'Severity'), h('th', null, 'Pattern'), h('th', null, 'Trend'),
          h('th', { class: 'num' }, 'Count'), h('th', { class: 'num' }, 'Before'), h('th', { class: 'num' }, 'Change'))),
        h('tbody', null, trending.map((t) => h('tr', { class: ['clickable', open === t.patternId && 'selected'], dataset: { patternId: t.patternId }, tabindex: '0', onclick: () => showDetail(t.patternId), onkeydown: (e) => { if (e.key === 'Enter') showDetail(t.patternId); } },
          h('td', null, badge(t.severity, `sev-${t.severity}`)),
          h('td', null, t.summary && t.summary !== t.template ? [h('div', null, t.summary), h('div', { class: 'mono small muted' }, t.template)] : h('div', { class: 'mono' }, t.template)),
          h('td', null, sparkline(t.sparkline ?? [t.previousCount, t.count], { kind: t.severity === 'critical' || t.severity === 'high' ? 'spark-bad' : '' })),
          h('td', { class: 'num' }, num(t.count)),
          h('td', { class: 'num' }, num(t.previousCount)),
          h('td', { class: 'num' }, t.isNew ? badge('new', 'new') : pct(t.change, 0)))))));
      if (open) await showDetail(open);
    },
  };
  return view;
}
