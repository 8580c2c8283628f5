/** The adaptive poll interval: a source's own publishing rate, read from the dates of its recent items. */
import { DAY, HOUR, WEEK, formatDuration } from './duration.js';

/** An interval and the words that explain it. */
export interface Estimate {
  ms: number;
  label: string;
}

/** Only the newest dates say anything about the current rate; old archive items would drag it down. */
const RECENT = 50;

/**
 * Median gap between distinct publish times (like Miniflux's entry-frequency scheduler, but robust to a
 * single burst or a long holiday gap), slowed to half the time since the newest item when the source has
 * gone quiet (NewsBlur polls stale feeds less). Undefined when fewer than two distinct dates are known.
 */
export function adaptiveInterval(now: number, itemDates: readonly number[]): Estimate | undefined {
  // Future dates (scheduled posts, wrong time zones) count as "now"; identical dates are one publishing
  // event: a feed that stamps every item with its build date carries no rate at all.
  const distinct = [...new Set(itemDates.filter(Number.isFinite).map((d) => Math.min(d, now)))]
    .sort((a, b) => b - a)
    .slice(0, RECENT);
  const newest = distinct[0];
  if (newest === undefined || distinct.length < 2) return undefined;
  const gaps = distinct.slice(1).map((d, i) => (distinct[i] ?? d) - d);
  const median = medianOf(gaps);
  const rate = `~${describeRate(median)}`;
  const quiet = (now - newest) / 2;
  if (quiet > median) return { ms: quiet, label: `adaptive: quiet for ${formatDuration(now - newest)} (usually ${rate})` };
  return { ms: median, label: `adaptive: ${rate}` };
}

/** Median of a non-empty list. */
function medianOf(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  const hi = xs[mid] ?? 0;
  return xs.length % 2 === 1 ? hi : ((xs[mid - 1] ?? hi) + hi) / 2;
}

/** "3 items/day" from a typical gap, in the unit that gives a readable number. */
function describeRate(gapMs: number): string {
  // Distinct dates make every gap positive.
  const perDay = DAY / gapMs;
  if (perDay >= 48) return `${Math.round(perDay / 24)} items/hour`;
  if (perDay >= 1.5) return `${Math.round(perDay)} items/day`;
  const perWeek = WEEK / gapMs;
  if (perWeek >= 1.5) return `${Math.round(perWeek)} items/week`;
  return `1 item every ${formatDuration(Math.max(gapMs, HOUR))}`;
}
