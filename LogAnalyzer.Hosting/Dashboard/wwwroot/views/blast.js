import { api } from '../api.js';
import { h, fill, num, empty, time, card, requestRefresh } from '../dom.js';

/** #blast/{errorCode}: everything one error code touched. */
export function create([code = ''] = []) {
  let hours = 1;
  const result = h('div', { id: 'blast-result' });
  const input = h('input', { type: 'search', value: code, placeholder: 'PAYMENT_GATEWAY_TIMEOUT', 'aria-label': 'Error code', class: 'grow', required: true });
  const hoursSelect = h('select', { 'aria-label': 'Period', onchange: () => { hours = Number(hoursSelect.value); if (code) requestRefresh(); } },
    [[1, '1 h'], [6, '6 h'], [24, '24 h'], [168, '7 d']].map(([v, t]) => h('option', { value: String(v) }, t)));
  const form = h('form', { class: 'search-form', onsubmit: (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (value) location.hash = `#blast/${encodeURIComponent(value)}`;
  } }, input, hoursSelect, h('button', { type: 'submit' }, 'Show blast radius'));

  const element = h('section', { class: 'view', id: 'blast' },
    h('div', { class: 'view-head' }, h('h1', null, 'Blast radius')),
    form, result);

  const view = {
    element,
    live: Boolean(code),
    async refresh() {
      if (!code) {
        fill(result, empty('Enter an error code to see the users, sessions, cities, endpoints and revenue it touched.'));
        return;
      }
      const { blastRadius: b } = await api(`api/timeline/blast-radius/${encodeURIComponent(code)}`, { query: { hours } });
      if (!b.totalOccurrences) {
        fill(result, empty(`No ${code} in the last ${hours} h.`));
        return;
      }
      fill(result,
        h('div', { class: 'cards' },
          card('Occurrences', num(b.totalOccurrences), `${time(b.firstSeen)} – ${time(b.lastSeen)}`, 'bad'),
          card('Users', num(b.affectedUsers)),
          card('Sessions', num(b.affectedSessions)),
          card('Revenue at risk', b.estimatedRevenueLoss ?? '–'),
          card('Cities', num(b.affectedCities?.length ?? 0), (b.affectedCities ?? []).slice(0, 6).join(', '))),
        h('section', { class: 'panel' }, h('h2', null, 'Endpoints'),
          h('table', null,
            h('thead', null, h('tr', null, h('th', null, 'Endpoint'), h('th', { class: 'num' }, 'Occurrences'), h('th', { class: 'num' }, 'Sessions'), h('th', { class: 'num' }, 'Revenue loss'))),
            h('tbody', null, (b.endpoints ?? []).map((e) => h('tr', null,
              h('td', { class: 'mono' }, e.endpoint), h('td', { class: 'num' }, num(e.occurrences)), h('td', { class: 'num' }, num(e.sessions)), h('td', { class: 'num' }, e.revenueLoss)))))),
        b.affectedCities?.length ? h('section', { class: 'panel' }, h('h2', null, 'Cities'), h('p', null, b.affectedCities.map((c) => h('span', { class: 'chip' }, c)))) : null);
    },
  };
  return view;
}
