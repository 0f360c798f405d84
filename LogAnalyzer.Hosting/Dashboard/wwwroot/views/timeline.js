import { api } from '../api.js';
import { h, fill, num, badge, empty, time, ago, card } from '../dom.js';

/** #timeline/session/{id} or #timeline/user/{id}: a session as a journey, or a user's sessions. */
export function create([kind = 'session', id = ''] = []) {
  const result = h('div', { id: 'timeline-result' });
  const kindSelect = h('select', { 'aria-label': 'Search by' },
    [['session', 'Session id'], ['user', 'User id']].map(([v, t]) => h('option', { value: v, selected: v === kind }, t)));
  const input = h('input', { type: 'search', id: 'timeline-id', value: id, placeholder: 'sess_456 or user_123', 'aria-label': 'Id', class: 'grow', required: true });
  const form = h('form', { class: 'search-form', onsubmit: (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (value) location.hash = `#timeline/${kindSelect.value}/${encodeURIComponent(value)}`;
  } }, kindSelect, input, h('button', { type: 'submit' }, 'Show timeline'));

  function session(body) {
    const s = body.summary;
    const a = body.errorAnalysis;
    return h('div', { class: 'stack' },
      h('div', { class: 'cards' },
        card('Session', h('span', { class: 'mono' }, body.sessionId)),
        card('User', body.userId ? h('a', { href: `#timeline/user/${encodeURIComponent(body.userId)}` }, body.userId) : '–'),
        card('Events', num(s.totalEvents), s.duration),
        card('Errors', num(s.errors), s.errorOccurred ? 'the journey failed' : 'no errors', s.errorOccurred ? 'bad' : null),
        card('Last seen', ago(s.lastSeen), `from ${time(s.firstSeen)} to ${time(s.lastSeen)}`)),
      a ? h('section', { class: 'panel analysis' }, h('h2', null, 'What went wrong'),
        h('dl', { class: 'facts' },
          h('dt', null, 'What happened'), h('dd', null, a.whatHappened),
          h('dt', null, 'Why'), h('dd', null, a.whyItHappened),
          h('dt', null, 'How to fix'), h('dd', null, a.howToFix),
          h('dt', null, 'User impact'), h('dd', null, a.userImpact),
          h('dt', null, 'Source'), h('dd', null, a.source))) : null,
      h('ol', { class: 'journey' }, body.timeline.map((step) => h('li', { class: ['step', step.isError && 'step-error'] },
        h('span', { class: 'step-time nowrap' }, time(step.timestamp)),
        h('span', { class: ['stage', `stage-${step.stage ?? 'other'}`] }, step.stage ?? 'other'),
        h('span', { class: 'step-action' }, step.action),
        h('span', { class: 'mono small muted' }, step.endpoint ?? ''),
        badge(step.level, `level-${String(step.level).toLowerCase()}`)))));
  }

  function user(body) {
    return h('div', null,
      h('p', null, `${num(body.count)} sessions of `, h('strong', null, body.userId), ', most recent first.'),
      h('table', { class: 'sessions' },
        h('thead', null, h('tr', null, h('th', null, 'Session'), h('th', null, 'Last seen'), h('th', null, 'Duration'),
          h('th', { class: 'num' }, 'Events'), h('th', { class: 'num' }, 'Errors'), h('th', null, 'Last endpoint'))),
        h('tbody', null, body.sessions.map((s) => h('tr', { class: s.errorOccurred ? 'failed' : null },
          h('td', null, h('a', { href: `#timeline/session/${encodeURIComponent(s.sessionId)}`, class: 'mono' }, s.sessionId)),
          h('td', { class: 'nowrap' }, time(s.lastSeen)), h('td', null, s.duration),
          h('td', { class: 'num' }, num(s.totalEvents)), h('td', { class: 'num' }, num(s.errors)),
          h('td', { class: 'mono small' }, s.lastEndpoint ?? ''))))));
  }

  const element = h('section', { class: 'view', id: 'timeline' },
    h('div', { class: 'view-head' }, h('h1', null, 'Timelines')),
    form, result);

  return {
    element,
    live: Boolean(id),
    async refresh() {
      if (!id) {
        fill(result, empty('Enter a session id (the X-Session-Id header or sessionId cookie) or a user id.'));
        return;
      }
      try {
        const body = await api(`api/timeline/${kind === 'user' ? 'user' : 'session'}/${encodeURIComponent(id)}`);
        fill(result, kind === 'user' ? user(body) : session(body));
      } catch (e) {
        if (e.status !== 404) throw e;
        fill(result, empty(e.problem?.detail ?? 'Nothing found.'));
      }
    },
  };
}
