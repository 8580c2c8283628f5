/** Small inline SVG charts (no script, no external assets): a sparkline of daily counts and a bar chart of durations. */
import { html, type Html } from './html.js';

const round = (n: number) => Math.round(n * 10) / 10;

/** A sparkline of `values` (oldest first), with a text fallback in its <title> for screen readers and tooltips. */
export function sparkline(values: readonly number[], label: string, width = 120, height = 24): Html {
  if (values.length === 0) return html`<span class="muted">—</span>`;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${round(i * step)},${round(height - 1 - (v / max) * (height - 2))}`).join(' ');
  const total = values.reduce((a, b) => a + b, 0);
  return html`<svg class="spark" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${label}"><title>${label}: ${values.join(', ')} (total ${total})</title><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${points}"/></svg>`;
}

/** One bar of `bars`: its height value, a tooltip, and whether it failed (drawn in the error colour). */
export interface Bar {
  value: number;
  title: string;
  failed: boolean;
}

/** A bar chart (oldest left); failed bars get the `bad` class. */
export function barChart(bars: readonly Bar[], label: string, width = 480, height = 80): Html {
  if (bars.length === 0) return html`<p class="muted">No fetches recorded yet.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.value));
  // Bars stay narrow while there are few fetches, so one fetch is not a wall of colour.
  const w = Math.min(width / bars.length, 24);
  const rects = bars.map((b, i) => {
    const h = Math.max(1, (b.value / max) * (height - 12));
    return html`<rect class="${b.failed ? 'bad' : 'ok'}" x="${round(i * w + 1)}" y="${round(height - h)}" width="${round(Math.max(1, w - 2))}" height="${round(h)}"><title>${b.title}</title></rect>`;
  });
  return html`<svg class="bars" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${label}"><title>${label}</title><text x="2" y="10" class="axis">max ${max} ms</text>${rects}</svg>`;
}
