import { describe, expect, it } from 'vitest';
import { nextCheck, seededUnit, type ScheduleInput } from '../../../src/schedule/index.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const NOW = Date.parse('2024-05-01T12:00:00Z');
const DEF = 'default interval (no item dates)';

/** Dates of `n` items `gap` apart, the newest `age` before NOW. */
function every(gap: number, n = 10, age = 0): number[] {
  return Array.from({ length: n }, (_, i) => NOW - age - i * gap);
}

function input(over: Partial<ScheduleInput> = {}): ScheduleInput {
  return { now: NOW, minIntervalMs: 5 * M, maxIntervalMs: D, itemDates: [], consecutiveFailures: 0, jitter: 0, sourceId: 'src', ...over };
}

describe('nextCheck: each rule on its own (no jitter)', () => {
  it.each<[string, Partial<ScheduleInput>, number, string]>([
    ['no dates and no operator interval → default 1 h', {}, H, DEF],
    ['default interval below the minimum is clamped', { defaultIntervalMs: 2 * M }, 5 * M, DEF],
    ['operator interval', { configuredIntervalMs: 30 * M }, 30 * M, 'operator interval 30m'],
    ['operator interval below the minimum is floored', { configuredIntervalMs: 1 * M }, 5 * M, 'operator interval 5m'],
    ['operator interval above the maximum is kept (a deliberate choice)', { configuredIntervalMs: 3 * D }, 3 * D, 'operator interval 3d'],
    ['operator interval overrides the adaptive base', { configuredIntervalMs: 2 * H, itemDates: every(20 * M) }, 2 * H, 'operator interval 2h'],
    ['adaptive: 3 items a day', { itemDates: every(8 * H, 10, H) }, 8 * H, 'adaptive: ~3 items/day'],
    ['adaptive: 3 items an hour', { itemDates: every(20 * M, 10, 5 * M) }, 20 * M, 'adaptive: ~3 items/hour'],
    ['adaptive: one item a minute is clamped to the minimum', { itemDates: every(M) }, 5 * M, 'adaptive: ~60 items/hour'],
    ['adaptive: a weekly source is clamped to the maximum', { itemDates: every(7 * D, 5, H) }, D, 'adaptive: ~1 item every 7d'],
    ['adaptive: two items a week', { itemDates: every(3.5 * D, 5, H), maxIntervalMs: 7 * D }, 3.5 * D, 'adaptive: ~2 items/week'],
    [
      'adaptive: a quiet source slows to half the time since its newest item',
      { itemDates: every(H, 10, 2 * D), maxIntervalMs: 7 * D },
      D,
      'adaptive: quiet for 2d (usually ~24 items/day)',
    ],
    ['ttl is a lower bound', { itemDates: every(20 * M), ttlMinutes: 60 }, 60 * M, 'adaptive: ~3 items/hour; ttl 60m'],
    ['ttl below the base does nothing', { itemDates: every(8 * H), ttlMinutes: 10 }, 8 * H, 'adaptive: ~3 items/day'],
    ['sy:updatePeriod hourly × 2', { syUpdatePeriod: 'hourly', syUpdateFrequency: 2, defaultIntervalMs: 10 * M }, 30 * M, `${DEF}; sy:updatePeriod 2× hourly (30m)`],
    ['sy:updateFrequency alone means per day', { syUpdateFrequency: 4 }, 6 * H, `${DEF}; sy:updatePeriod 4× daily (6h)`],
    ['sy:updatePeriod weekly is cut to the maximum', { syUpdatePeriod: 'Weekly ' }, D, `${DEF}; sy:updatePeriod weekly (7d)`],
    ['an unknown sy:updatePeriod is ignored', { syUpdatePeriod: 'fortnightly' }, H, DEF],
    ['Cache-Control max-age', { cacheControl: 'public, max-age=7200' }, 2 * H, `${DEF}; cache-control max-age 2h`],
    ['Cache-Control no-cache sets no bound', { cacheControl: 'no-cache, max-age=7200' }, H, DEF],
    ['Expires in the future', { expires: new Date(NOW + 3 * H).toUTCString() }, 3 * H, `${DEF}; expires in 3h`],
    ['Expires: 0 is already stale', { expires: '0' }, H, DEF],
    [
      'max-age wins over Expires (RFC 9111 §5.3)',
      { cacheControl: 'max-age=5400', expires: new Date(NOW + 10 * H).toUTCString() },
      90 * M,
      `${DEF}; cache-control max-age 90m`,
    ],
    ['the largest publisher hint binds', { ttlMinutes: 30, cacheControl: 'max-age=10800', syUpdatePeriod: 'hourly' }, 3 * H, `${DEF}; cache-control max-age 3h`],
    ['one failure doubles', { consecutiveFailures: 1 }, 2 * H, `${DEF}; backoff after 1 failure`],
    ['three failures: × 8', { consecutiveFailures: 3 }, 8 * H, `${DEF}; backoff after 3 failures`],
    ['many failures cap at the maximum and keep polling', { consecutiveFailures: 500 }, D, `${DEF}; backoff after 500 failures`],
    ['backoff never shortens an operator interval above the maximum', { configuredIntervalMs: 3 * D, consecutiveFailures: 2 }, 3 * D, 'operator interval 3d; backoff after 2 failures'],
    ['Retry-After above the interval', { retryAfterMs: 2 * H }, 2 * H, `${DEF}; retry-after 2h`],
    ['Retry-After beyond the maximum is still honoured', { retryAfterMs: 3 * D }, 3 * D, `${DEF}; retry-after 3d`],
    ['an absurd Retry-After is cut to 7 days', { retryAfterMs: 400 * D }, 7 * D, `${DEF}; retry-after 7d`],
    ['Retry-After below the interval does nothing', { retryAfterMs: 10 * S }, H, DEF],
  ])('%s', (_name, over, intervalMs, reason) => {
    const d = nextCheck(input(over));
    expect(d).toEqual({ nextCheckAt: NOW + intervalMs, intervalMs, reason });
  });
});

describe('nextCheck: rules together', () => {
  it.each<[string, Partial<ScheduleInput>, number, string]>([
    ['ttl then backoff doubles the ttl', { itemDates: every(10 * M), ttlMinutes: 60, consecutiveFailures: 1 }, 2 * H, 'adaptive: ~6 items/hour; ttl 60m; backoff after 1 failure'],
    ['backoff above Retry-After: backoff wins', { consecutiveFailures: 2, retryAfterMs: H }, 4 * H, `${DEF}; backoff after 2 failures`],
    ['Retry-After above the backoff cap wins', { consecutiveFailures: 9, retryAfterMs: 2 * D }, 2 * D, `${DEF}; backoff after 9 failures; retry-after 2d`],
    ['a publisher hint above the operator interval still binds', { configuredIntervalMs: 10 * M, ttlMinutes: 120 }, 2 * H, 'operator interval 10m; ttl 120m'],
  ])('%s', (_name, over, intervalMs, reason) => {
    expect(nextCheck(input(over))).toEqual({ nextCheckAt: NOW + intervalMs, intervalMs, reason });
  });

  it('a gone source gets no next check until an operator acts', () => {
    const d = nextCheck(input({ gone: true, consecutiveFailures: 4, retryAfterMs: H }));
    expect(d.nextCheckAt).toBeUndefined();
    expect(d.reason).toMatch(/gone/);
  });
});

describe('nextCheck: real-world quirks', () => {
  it('feed stamping every item with its build date carries no rate (falls back to the default)', () => {
    const d = nextCheck(input({ itemDates: Array(20).fill(NOW - 30 * M) as number[] }));
    expect(d.reason).toBe(DEF);
  });

  it('a batch published in the same second counts as one publishing event', () => {
    const batches = [NOW - H, NOW - H, NOW - H, NOW - 4 * H, NOW - 4 * H, NOW - 7 * H, NOW - 10 * H];
    expect(nextCheck(input({ itemDates: batches })).intervalMs).toBe(3 * H);
  });

  it('items dated in the future (time zone bugs) count as now', () => {
    const dates = [NOW + 5 * H, NOW + 4 * H, ...every(2 * H, 6, 2 * H)];
    expect(nextCheck(input({ itemDates: dates })).intervalMs).toBe(2 * H);
  });

  it('ignores NaN dates and a non-finite ttl', () => {
    const d = nextCheck(input({ itemDates: [Number.NaN, ...every(8 * H, 4, H)], ttlMinutes: Number.POSITIVE_INFINITY }));
    expect(d).toMatchObject({ intervalMs: 8 * H, reason: 'adaptive: ~3 items/day' });
  });

  it('an old archive in the feed does not drag the rate of the newest 50 items', () => {
    const archive = Array.from({ length: 200 }, (_, i) => NOW - 400 * D - i * 30 * D);
    expect(nextCheck(input({ itemDates: [...every(2 * H, 60), ...archive] })).intervalMs).toBe(2 * H);
  });
});

describe('nextCheck: jitter', () => {
  const ids = Array.from({ length: 200 }, (_, i) => `source-${i}`);

  it('is deterministic per source id', () => {
    const a = nextCheck(input({ sourceId: 'news-a', jitter: 0.1 }));
    expect(nextCheck(input({ sourceId: 'news-a', jitter: 0.1 }))).toEqual(a);
  });

  it('defaults to ±10 % and spreads sources with the same interval', () => {
    const got = ids.map((sourceId) => nextCheck({ ...input({ sourceId }), jitter: undefined }).intervalMs);
    for (const ms of got) expect(ms).toBeGreaterThanOrEqual(0.9 * H);
    for (const ms of got) expect(ms).toBeLessThanOrEqual(1.1 * H);
    expect(new Set(got).size).toBeGreaterThan(150);
    expect(got.filter((ms) => ms < H).length).toBeGreaterThan(60);
    expect(got.filter((ms) => ms > H).length).toBeGreaterThan(60);
  });

  it.each<[string, Partial<ScheduleInput>, number]>([
    ['ttl', { ttlMinutes: 120 }, 2 * H],
    ['Retry-After', { retryAfterMs: 3 * H }, 3 * H],
    ['minimum interval', { configuredIntervalMs: 5 * M }, 5 * M],
  ])('never goes below the %s floor', (_name, over, floor) => {
    for (const sourceId of ids) {
      expect(nextCheck(input({ ...over, sourceId, jitter: 0.5 })).intervalMs).toBeGreaterThanOrEqual(floor);
    }
  });

  it('may exceed the maximum a little so quiet sources do not share one tick', () => {
    const got = ids.map((sourceId) => nextCheck(input({ sourceId, jitter: 0.1, consecutiveFailures: 20 })).intervalMs);
    expect(Math.max(...got)).toBeGreaterThan(D);
    expect(Math.max(...got)).toBeLessThanOrEqual(1.1 * D);
  });

  it('seededUnit stays in [0, 1)', () => {
    for (const id of [...ids, '', 'x', '☃'.repeat(50)]) {
      const u = seededUnit(id);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});
