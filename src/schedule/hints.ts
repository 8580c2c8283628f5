/** What a publisher says about how often to come back: RSS <ttl>, the syndication module, HTTP freshness. */
import type { Estimate } from './adaptive.js';
import { DAY, HOUR, MINUTE, SECOND, WEEK, formatDuration } from './duration.js';

/** The hints a fetch can carry; every field is optional and malformed values are ignored. */
export interface PublisherHints {
  /** RSS 2.0 <ttl>: minutes the channel may be cached. */
  ttlMinutes?: number;
  /** RSS 1.0 syndication module (also used in RSS 2.0): hourly | daily | weekly | monthly | yearly. */
  syUpdatePeriod?: string;
  /** Number of updates per sy:updatePeriod. */
  syUpdateFrequency?: number;
  /** Response Cache-Control header. */
  cacheControl?: string;
  /** Response Expires header. */
  expires?: string;
}

// http://web.resource.org/rss/1.0/modules/syndication/ — months and years as their usual lengths.
const PERIODS: Record<string, number> = { hourly: HOUR, daily: DAY, weekly: WEEK, monthly: 30 * DAY, yearly: 365 * DAY };

/** RSS 2.0 <ttl> ("number of minutes that indicates how long a channel can be cached"). */
export function ttlHint(ttlMinutes: number | undefined): Estimate | undefined {
  if (ttlMinutes === undefined || !Number.isFinite(ttlMinutes) || ttlMinutes <= 0) return undefined;
  return { ms: ttlMinutes * MINUTE, label: `ttl ${ttlMinutes}m` };
}

/** sy:updatePeriod / sy:updateFrequency; the module's defaults are "daily" and 1 when only one is given. */
export function syndicationHint(period: string | undefined, frequency: number | undefined): Estimate | undefined {
  if (period === undefined && frequency === undefined) return undefined;
  const name = (period ?? 'daily').trim().toLowerCase();
  const periodMs = PERIODS[name];
  if (periodMs === undefined) return undefined;
  const f = frequency ?? 1;
  if (!Number.isFinite(f) || f <= 0) return undefined;
  const ms = periodMs / f;
  return { ms, label: `sy:updatePeriod ${f === 1 ? name : `${f}× ${name}`} (${formatDuration(ms)})` };
}

/**
 * Freshness lifetime of the response (RFC 9111 §4.2.1): max-age wins over Expires (§5.3); no-store and
 * no-cache mean "ask every time", which sets no lower bound; an invalid Expires means already stale.
 */
export function freshnessHint(
  now: number,
  cacheControl: string | undefined,
  expires: string | undefined,
): Estimate | undefined {
  const directives = parseCacheControl(cacheControl ?? '');
  if (directives.has('no-store') || directives.has('no-cache')) return undefined;
  const maxAge = directives.get('max-age');
  if (maxAge !== undefined) {
    if (!/^\d+$/.test(maxAge)) return undefined;
    const ms = Number(maxAge) * SECOND;
    return ms > 0 ? { ms, label: `cache-control max-age ${formatDuration(ms)}` } : undefined;
  }
  if (expires === undefined) return undefined;
  const at = Date.parse(expires.trim());
  // "0", "-1" and other junk are common: RFC 9111 §5.3 reads them as a time in the past.
  if (Number.isNaN(at) || !/[a-z]/i.test(expires) || at <= now) return undefined;
  return { ms: at - now, label: `expires in ${formatDuration(at - now)}` };
}

/** Directive name (lower case) → value without quotes ('' for a bare directive); the first occurrence wins. */
function parseCacheControl(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name !== '' && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** The largest of the publisher's hints: every one is a floor, so the strictest is the one that binds. */
export function publisherFloor(now: number, hints: PublisherHints): Estimate | undefined {
  const all = [
    ttlHint(hints.ttlMinutes),
    syndicationHint(hints.syUpdatePeriod, hints.syUpdateFrequency),
    freshnessHint(now, hints.cacheControl, hints.expires),
  ].filter((h): h is Estimate => h !== undefined);
  return all.reduce<Estimate | undefined>((best, h) => (best === undefined || h.ms > best.ms ? h : best), undefined);
}
