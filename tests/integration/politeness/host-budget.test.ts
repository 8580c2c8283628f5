import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HostBudget, hostGroup, normalizeHost, type HostBudgetOptions, type HostBusy, type HostSlot,
} from '../../../src/fetch/politeness.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';

let redis: Redis;
let other: Redis;
let prefix: string;

beforeAll(() => {
  redis = testRedis();
  other = testRedis();
});
beforeEach(() => {
  prefix = uniquePrefix('politeness');
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
  await other.quit();
});

function granted(r: HostSlot | HostBusy): HostSlot {
  if (!r.ok) throw new Error(`expected a slot, told to wait ${r.retryInMs} ms`);
  return r;
}

function refused(r: HostSlot | HostBusy): number {
  if (r.ok) throw new Error('expected to be told to wait');
  return r.retryInMs;
}

/** A budget on a hand-driven clock, so lease expiry and penalties need no sleeping. */
function onClock(opts: Partial<HostBudgetOptions> = {}, client: Redis = redis) {
  const clock = { t: 1_700_000_000_000 };
  const budget = new HostBudget(client, prefix, { defaultSpacingMs: 1000, now: () => clock.t, ...opts });
  return { clock, budget };
}

describe('HostBudget on the Redis clock', () => {
  it('a second worker on the same host is told to wait about the spacing', async () => {
    const a = new HostBudget(redis, prefix, { defaultSpacingMs: 1000 });
    const b = new HostBudget(other, prefix, { defaultSpacingMs: 1000 });
    const slot = granted(await a.acquire('news.example.com'));
    const wait = refused(await b.acquire('news.example.com'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1000);
    await slot.release();
  });

  it('different hosts are independent', async () => {
    const budget = new HostBudget(redis, prefix, { defaultSpacingMs: 1000 });
    granted(await budget.acquire('a.example.org'));
    granted(await budget.acquire('b.example.net'));
    granted(await budget.acquire('127.0.0.1:8080'));
  });

  it('penalize blocks the host until the time', async () => {
    const budget = new HostBudget(redis, prefix, { defaultSpacingMs: 0 });
    await budget.penalize('slow.example.com', Date.now() + 60_000);
    const wait = refused(await budget.acquire('slow.example.com'));
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    granted(await budget.acquire('fast.example.com'));
  });

  it('only one of many simultaneous acquirers gets the slot (one atomic script)', async () => {
    const budget = new HostBudget(redis, prefix, { defaultSpacingMs: 0, maxConcurrent: 1 });
    const twin = new HostBudget(other, prefix, { defaultSpacingMs: 0 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? budget : twin).acquire('x.test')));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('keys expire, so idle hosts leave nothing behind', async () => {
    const budget = new HostBudget(redis, prefix, { defaultSpacingMs: 1000, leaseMs: 30_000 });
    granted(await budget.acquire('idle.test'));
    const keys = await redis.keys(`${prefix}:host:*`);
    expect(keys.sort()).toEqual([`${prefix}:host:{idle.test}:leases`, `${prefix}:host:{idle.test}:state`]);
    for (const k of keys) {
      const ttl = await redis.pttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(31_000);
    }
  });
});

describe('HostBudget on a test clock', () => {
  it('spacing: exactly the rest of the spacing, then granted', async () => {
    const { clock, budget } = onClock({ defaultSpacingMs: 1000, maxConcurrent: 5 });
    granted(await budget.acquire('h.test'));
    clock.t += 300;
    expect(refused(await budget.acquire('h.test'))).toBe(700);
    clock.t += 700;
    granted(await budget.acquire('h.test'));
  });

  it('concurrency: a released slot is free again; a held one makes the next wait', async () => {
    const { clock, budget } = onClock({ defaultSpacingMs: 0, maxConcurrent: 2 });
    const one = granted(await budget.acquire('h.test'));
    granted(await budget.acquire('h.test'));
    const wait = refused(await budget.acquire('h.test'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(1000);
    await one.release();
    await one.release(); // idempotent: must not free someone else's slot
    clock.t += 1;
    granted(await budget.acquire('h.test'));
    refused(await budget.acquire('h.test'));
  });

  it('lease expiry frees the slot of a crashed worker', async () => {
    const { clock, budget } = onClock({ defaultSpacingMs: 0, maxConcurrent: 1, leaseMs: 5000 });
    granted(await budget.acquire('h.test')); // never released
    clock.t += 4500;
    expect(refused(await budget.acquire('h.test'))).toBe(500);
    clock.t += 500;
    granted(await budget.acquire('h.test'));
  });

  it('penalize blocks until the time, never shortens, and covers only that host', async () => {
    const { clock, budget } = onClock({ defaultSpacingMs: 0 });
    await budget.penalize('h.test', clock.t + 30_000);
    await budget.penalize('h.test', clock.t + 10_000);
    expect(refused(await budget.acquire('h.test'))).toBe(30_000);
    granted(await budget.acquire('other.test'));
    clock.t += 29_999;
    expect(refused(await budget.acquire('h.test'))).toBe(1);
    clock.t += 1;
    granted(await budget.acquire('h.test'));
  });

  it('a penalty in the past is ignored', async () => {
    const { clock, budget } = onClock({ defaultSpacingMs: 0 });
    await budget.penalize('h.test', clock.t - 5000);
    granted(await budget.acquire('h.test'));
  });

  it('minSpacingMs (a robots.txt Crawl-delay) raises the spacing', async () => {
    const { clock, budget } = onClock({ defaultSpacingMs: 1000 });
    await granted(await budget.acquire('h.test', { minSpacingMs: 10_000 })).release();
    clock.t += 2000;
    expect(refused(await budget.acquire('h.test', { minSpacingMs: 10_000 }))).toBe(8000);
  });

  it('a *.example.com group shares one budget across the domain and its subdomains', async () => {
    const perHost = { '*.example.com': { spacingMs: 5000 }, 'api.example.com': { maxConcurrent: 3, spacingMs: 0 } };
    const { clock, budget } = onClock({ perHost });
    await granted(await budget.acquire('a.example.com')).release();
    expect(refused(await budget.acquire('b.c.example.com'))).toBe(5000);
    expect(refused(await budget.acquire('EXAMPLE.com:443'))).toBe(5000);
    granted(await budget.acquire('example.org'));
    // An exact key is its own budget.
    for (let i = 0; i < 3; i++) granted(await budget.acquire('api.example.com'));
    refused(await budget.acquire('api.example.com'));
    clock.t += 5000;
    granted(await budget.acquire('www.example.com'));
  });
});

describe('host groups', () => {
  const perHost = { '*.example.com': {}, '*.news.example.com': {}, 'api.example.com': {}, 'Other.Test': {} };
  it.each<[string, string]>([
    ['api.example.com', 'api.example.com'],
    ['www.example.com', '*.example.com'],
    ['example.com', '*.example.com'],
    ['a.news.example.com', '*.news.example.com'],
    ['news.example.com', '*.news.example.com'],
    ['badexample.com', 'badexample.com'],
    ['other.test:8080', 'other.test'],
    ['WWW.Example.COM.', '*.example.com'],
    ['[::1]:8080', '[::1]'],
  ])('%s → %s', (host, group) => {
    expect(hostGroup(host, perHost)).toBe(group);
  });

  it.each<[string, string]>([
    ['News.Example.com:8080', 'news.example.com'],
    ['example.com.', 'example.com'],
    ['[2001:db8::1]:443', '[2001:db8::1]'],
    ['127.0.0.1', '127.0.0.1'],
  ])('normalizeHost(%s) = %s', (host, norm) => {
    expect(normalizeHost(host)).toBe(norm);
  });
});
