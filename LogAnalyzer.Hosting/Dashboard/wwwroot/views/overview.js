import { api } from '../api.js';
import { h, fill, card, num, pct, duration, bytes, badge, logTable, problem, requestRefresh } from '../dom.js';
import { volumeChart } from '../charts.js';

const RANGES = [[1, '1 h'], [6, '6 h'], [24, '24 h'], [168, '7 d']];

export function create() {
  let hours = Number(sessionStorage.getItem('loganalyzer.overview.hours')) || 1;
  const cards = h('div', { class: 'cards', id: 'overview-cards' });
  const chart = h('div', { class: 'chart-box' });
  const queue = h('div', { class: 'cards' });
  const anomalies = h('div');
  const errors = h('div');
  const range = h('select', {
    'aria-label': 'Range',
    onchange: () => { hours = Number(range.value); sessionStorage.setItem('loganalyzer.overview.hours', String(hours)); requestRefresh(); },
  }, RANGES.map(([v, text]) => h('option', { value: String(v), selected: v === hours }, text)));

  const element = h('section', { class: 'view', id: 'overview' },
    h('div', { class: 'view-head' }, h('h1', null, 'Overview'), h('label', { class: 'inline' }, 'Range ', range)),
    cards,
    h('section', { class: 'panel' }, h('h2', null, 'Entries and error rate'),
      h('p', { class: 'legend' }, h('span', { class: 'key key-total' }), 'entries ', h('span', { class: 'key key-error' }), 'errors ', h('span', { class: 'key key-rate' }), 'error rate'),
      chart),
    h('section', { class: 'panel' }, h('h2', null, 'Queue and health'), queue),
    h('div', { class: 'columns' },
      h('section', { class: 'panel' }, h('h2', null, 'Recent anomalies'), anomalies),
      h('section', { class: 'panel' }, h('h2', null, 'Recent errors'), errors)));

  const view = {
    element,
    live: true,
    async refresh() {
      const [stats, health, queueStats, anomalous] = await Promise.all([
        api('api/logs/stats', { query: { hours } }),
        api('health'),
        api('api/logs/queue/stats'),
        api('api/logs', { query: { anomalyOnly: true, limit: 10 } }),
      ]);
      const t = stats.timeline;
      const buckets = t.buckets;
      // The last bucket is still filling: rates come from the last complete one.
      const last = buckets.length > 1 ? buckets[buckets.length - 2] : buckets[0];
      const recent = buckets.slice(-Math.min(buckets.length, 4), -1);
      const rangeTotal = buckets.reduce((s, b) => s + b.total, 0);
      const rangeErrors = buckets.reduce((s, b) => s + b.errors, 0);
      const perMinute = last ? last.total / t.bucketMinutes : 0;
      const errorRate = recent.length ? recent.reduce((s, b) => s + b.errors, 0) / Math.max(1, recent.reduce((s, b) => s + b.total, 0)) : 0;
      fill(cards,
        card('Status', badge(health.status, health.status === 'OK' ? 'ok' : 'warn'), `up ${duration(health.uptime)}`),
        card('Ingest rate', `${num(Math.round(perMinute * 10) / 10)} /min`, `last ${t.bucketMinutes}-min bucket`),
        card('Error rate', pct(errorRate), `recent buckets · ${pct(rangeErrors / Math.max(1, rangeTotal))} over ${RANGES.find(([v]) => v === hours)?.[1] ?? hours + ' h'}`, errorRate >= 0.05 ? 'bad' : null),
        card('Entries', num(stats.stats.total), `${num(rangeTotal)} in range`),
        card('Anomalies', num(stats.stats.anomalies), 'scored anomalous', stats.stats.anomalies > 0 ? 'warn' : null),
        card('Errors', num((stats.stats.byLevel.ERROR ?? 0) + (stats.stats.byLevel.CRITICAL ?? 0)), `${num(stats.stats.byLevel.CRITICAL ?? 0)} critical`));
      fill(chart, buckets.length ? volumeChart(buckets, t.bucketMinutes) : h('p', { class: 'empty' }, 'No entries in range.'));

      const q = queueStats.queue ?? queueStats.local ?? {};
      const meter = h('meter', { min: 0, max: q.capacity || 1, value: q.waiting ?? 0, high: (q.capacity || 1) * 0.7, optimum: 0, low: (q.capacity || 1) * 0.3 });
      fill(queue,
        card('Waiting', h('span', null, `${num(q.waiting)} / ${num(q.capacity)}`), meter),
        card('Being written', num(q.active)),
        card('Committed', num(q.completed), 'since start'),
        card('Failed writes', num(q.failed), 'retried, kept', q.failed > 0 ? 'warn' : null),
        card('Dropped', num(q.dropped), 'not stored', q.dropped > 0 ? 'bad' : null),
        card('Language model', health.ai?.provider ?? 'none', health.ai?.model ?? (health.cerebrasApiConfigured ? 'configured' : 'built-in explanations')),
        card('Memory', bytes(health.memory?.rss), `heap ${bytes(health.memory?.heapUsed)}`),
        queueStats.local && queueStats.queue ? card('This instance', `${num(queueStats.local.waiting)} waiting`, `${num(queueStats.local.dropped)} dropped`) : null);
      fill(anomalies, logTable(anomalous.logs, { showAnomaly: true }));
      fill(errors, logTable((stats.recentErrors ?? []).slice(0, 10)));
    },
    showError(error) { fill(cards, problem(error)); },
  };
  return view;
}
