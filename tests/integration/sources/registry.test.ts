/** The source registry on real Redis: config sync rules (config wins, dropped config sources go, runtime ones stay). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Source } from '../../../src/model/source.js';
import { SourceRegistry, type RegisteredSource } from '../../../src/sources/registry.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';

let redis: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  redis = testRedis();
});

afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, `${p}:`);
  await redis.quit();
});

function src(id: string, over: Partial<Source> = {}): Source {
  return { id, url: `https://${id}.example/feed`, type: 'feed', intervalMs: 900_000, adaptive: true, fullText: false, categories: [], headers: {}, ...over };
}

function runtime(id: string, over: Partial<Source> = {}): RegisteredSource {
  return { ...src(id, over), origin: 'runtime', paused: false, addedAt: '2026-03-01T00:00:00.000Z' };
}

function fresh(config: Source[] = []): SourceRegistry {
  const p = uniquePrefix('reg');
  prefixes.push(p);
  return new SourceRegistry(redis, p, config);
}

describe('SourceRegistry', () => {
  it('syncs sources.yaml: config wins for its ids, dropped config sources go, runtime sources and pauses stay', async () => {
    const reg = fresh();
    expect(await reg.syncFromConfig([src('a'), src('b')])).toEqual({ added: ['a', 'b'], updated: [], removed: [] });
    expect(await reg.insert(runtime('r'))).toBe(true);
    expect(await reg.insert(runtime('x'))).toBe(true);
    const a = (await reg.get('a'))!;
    await reg.put({ ...a, paused: true });

    // Next start: b left the config, x is now named by it (config takes it over), a changed its interval.
    const res = await reg.syncFromConfig([src('a', { intervalMs: 60_000, adaptive: false }), src('x', { url: 'https://x.example/config.xml' })]);
    expect(res).toEqual({ added: [], updated: ['a', 'x'], removed: ['b'] });
    expect((await reg.list()).map((s) => [s.id, s.origin, s.paused, s.url])).toEqual([
      ['a', 'config', true, 'https://a.example/feed'],
      ['r', 'runtime', false, 'https://r.example/feed'],
      ['x', 'config', false, 'https://x.example/config.xml'],
    ]);
    expect((await reg.get('a'))?.intervalMs).toBe(60_000);
    expect(await reg.get('b')).toBeUndefined();
    // A repeated sync with the same config changes nothing.
    expect(await reg.syncFromConfig([src('a', { intervalMs: 60_000, adaptive: false }), src('x', { url: 'https://x.example/config.xml' })])).toEqual({
      added: [], updated: [], removed: [],
    });
  });

  it('lays this process\'s config over what Redis holds, so an unsynced process still sees its configured sources', async () => {
    const reg = fresh([src('c', { intervalMs: 120_000 })]);
    expect(await reg.get('c')).toMatchObject({ id: 'c', origin: 'config', paused: false, intervalMs: 120_000 });
    expect(await reg.insert(runtime('c'))).toBe(false);
    await reg.put({ ...(await reg.get('c'))!, paused: true, intervalMs: 1 });
    expect(await reg.get('c')).toMatchObject({ paused: true, intervalMs: 120_000 });
    expect(await reg.getMany(['c', 'none'])).toEqual([expect.objectContaining({ id: 'c' }), undefined]);
  });

  it('inserts only free ids and removes', async () => {
    const reg = fresh();
    expect(await reg.insert(runtime('n'))).toBe(true);
    expect(await reg.insert(runtime('n', { url: 'https://other.example/' }))).toBe(false);
    expect((await reg.get('n'))?.url).toBe('https://n.example/feed');
    expect(await reg.remove('n')).toBe(true);
    expect(await reg.remove('n')).toBe(false);
    expect(await reg.list()).toEqual([]);
  });
});
