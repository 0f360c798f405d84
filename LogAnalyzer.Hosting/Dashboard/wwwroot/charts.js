// Charts as SVG built with DOM calls: no library, no inline style (colours come from classes in app.css).
import { svg, num, pct } from './dom.js';

const W = 1000, H = 240, PAD = { left: 48, right: 52, top: 12, bottom: 26 };

function label(d, bucketMinutes) {
  const date = new Date(d);
  return bucketMinutes >= 1440
    ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Entries per bucket as bars (errors stacked in red) and the error rate as a line on the right axis. */
export function volumeChart(buckets, bucketMinutes) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': 'Entries and error rate over time' });
  const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
  const maxTotal = Math.max(1, ...buckets.map((b) => b.total));
  const maxRate = Math.max(0.01, ...buckets.map((b) => b.errorRate)) * 1.1;
  const n = Math.max(1, buckets.length);
  const step = plotW / n, barW = Math.max(1, step * 0.8);
  const y = (v) => PAD.top + plotH - (v / maxTotal) * plotH;
  const yRate = (r) => PAD.top + plotH - (r / maxRate) * plotH;

  for (let i = 0; i <= 4; i++) {
    const gy = PAD.top + (plotH * i) / 4;
    root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: gy, y2: gy, class: 'grid' }));
  }
  root.append(
    svg('text', { x: PAD.left - 6, y: PAD.top + 10, class: 'axis', 'text-anchor': 'end' }, num(maxTotal)),
    svg('text', { x: PAD.left - 6, y: PAD.top + plotH, class: 'axis', 'text-anchor': 'end' }, '0'),
    svg('text', { x: W - PAD.right + 6, y: PAD.top + 10, class: 'axis axis-rate' }, pct(maxRate)),
    svg('text', { x: W - PAD.right + 6, y: PAD.top + plotH, class: 'axis axis-rate' }, '0%'));

  const points = [];
  buckets.forEach((b, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    const tip = `${label(b.start, bucketMinutes)} · ${num(b.total)} entries, ${num(b.errors)} errors (${pct(b.errorRate)})`;
    const group = svg('g', { class: 'bucket' }, svg('title', null, tip));
    if (b.total > 0) group.append(svg('rect', { x, y: y(b.total), width: barW, height: Math.max(0, y(0) - y(b.total)), class: 'bar-total' }));
    if (b.errors > 0) group.append(svg('rect', { x, y: y(b.errors), width: barW, height: Math.max(1, y(0) - y(b.errors)), class: 'bar-error' }));
    root.append(group);
    points.push(`${(x + barW / 2).toFixed(1)},${yRate(b.errorRate).toFixed(1)}`);
  });
  if (points.length > 1) root.append(svg('polyline', { points: points.join(' '), class: 'line-rate' }));

  const ticks = buckets.length > 0 ? [0, Math.floor((buckets.length - 1) / 2), buckets.length - 1] : [];
  for (const i of [...new Set(ticks)]) {
    root.append(svg('text', { x: PAD.left + i * step + step / 2, y: H - 6, class: 'axis', 'text-anchor': 'middle' }, label(buckets[i].start, bucketMinutes)));
  }
  return root;
}

/** A small line of counts; the last point is marked. */
export function sparkline(values, { width = 120, height = 28, kind = '' } = {}) {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: ['sparkline', kind].filter(Boolean).join(' '), role: 'img', 'aria-label': `Trend: ${values.join(', ')}` });
  if (!values || values.length === 0) return root;
  const max = Math.max(1, ...values);
  const dx = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const pts = values.map((v, i) => [2 + i * dx, height - 2 - (v / max) * (height - 4)]);
  if (pts.length === 1) pts.unshift([2, pts[0][1]]);
  const line = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  root.append(
    svg('polygon', { points: `2,${height - 2} ${line} ${pts[pts.length - 1][0].toFixed(1)},${height - 2}`, class: 'spark-area' }),
    svg('polyline', { points: line, class: 'spark-line' }),
    svg('circle', { cx: pts[pts.length - 1][0], cy: pts[pts.length - 1][1], r: 2.5, class: 'spark-dot' }));
  return root;
}
