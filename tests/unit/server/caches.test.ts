/** The in-process caches of the feed routes: ETag-validated copies with coalesced checks, and single-flight renders. */
import { describe, expect, it } from 'vitest';
import { FeedCache } from '../../../src/server/feed-cache.js';
import { RenderCache } from '../../../src/server/render-cache.js';
import type { RenderedBytes, RenderedStore } from '../../../src/store/rendered.js';

/** A RenderedStore stand-in whose reads resolve when the test says so. */
function fakeStore() {
  let etag: string | undefined = '"v1"';
  const pending: (() => void)[] = [];
  const calls = { etag: 0, bytes: 0 };
  const gate = <T>(v: () => T) => new Promise<T>((r) => pending.push(() => r(v())));
  const store = {
    etag: () => {
      calls.etag++;
      return gate(() => etag);
    },
    getBytes: () => {
      calls.bytes++;
      return gate((): RenderedBytes | undefined =>
        etag === undefined ? undefined : { identity: Buffer.from(etag), etag, contentType: 'text/plain', lastModified: 'x' },
      );
    },
  } as unknown as RenderedStore;
  const flush = async () => {
    for (let i = 0; i < 10; i++) {
      while (pending.length) pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  /** Resolves the oldest pending read only. */
  const resolveNext = () => pending.shift()?.();
  return { store, calls, flush, resolveNext, set: (t: string | undefined) => (etag = t) };
}

/** A cache over a fake store that already holds feed a's rss copy ("v1"); `clock` reads the test's time. */
async function primed(recheckMs = 0, clock: () => number = () => 1000) {
  const f = fakeStore();
  const cache = new FeedCache(f.store, recheckMs, clock);
  const first = cache.get('a', 'rss');
  await f.flush();
  await first;
  return { f, cache };
}

describe('FeedCache', () => {
  it('100 requests at once share one ETag check and one body read', async () => {
    const f = fakeStore();
    const cache = new FeedCache(f.store);
    const all = Promise.all(Array.from({ length: 100 }, () => cache.get('a', 'rss')));
    await f.flush();
    const got = await all;
    expect(new Set(got).size).toBe(1);
    expect(got[0]?.etag).toBe('"v1"');
    expect(f.calls).toEqual({ etag: 1, bytes: 1 });
  });

  it('an unchanged ETag costs a check but no body read; a new one loads the new body', async () => {
    const { f, cache } = await primed();
    const again = cache.get('a', 'rss');
    await f.flush();
    expect((await again)?.etag).toBe('"v1"');
    expect(f.calls).toEqual({ etag: 2, bytes: 1 });
    f.set('"v2"');
    const changed = cache.get('a', 'rss');
    await f.flush();
    expect((await changed)?.identity.toString()).toBe('"v2"');
    expect(f.calls).toEqual({ etag: 3, bytes: 2 });
  });

  it('within recheckMs the copy is served without any Redis read', async () => {
    let now = 1000;
    const { f, cache } = await primed(500, () => now);
    now += 400;
    expect(cache.get('a', 'rss')).toHaveProperty('etag', '"v1"');
    expect(f.calls.etag).toBe(1);
    now += 200;
    const later = cache.get('a', 'rss');
    await f.flush();
    await later;
    expect(f.calls.etag).toBe(2);
  });

  it('past recheckMs the copy is still served at once while a background check runs', async () => {
    let now = 1000;
    const { f, cache } = await primed(500, () => now);
    now += 600;
    f.set('"v2"');
    const stale = cache.get('a', 'rss');
    expect(stale).not.toBeInstanceOf(Promise);
    expect(stale).toHaveProperty('etag', '"v1"');
    await f.flush();
    expect(cache.get('a', 'rss')).toHaveProperty('etag', '"v2"');
  });

  it('a change message starts the reload at once; requests get the old bytes until the new ones are in', async () => {
    const { f, cache } = await primed(500);
    f.set('"v2"');
    cache.changed('a');
    // The reload is under way before any request asks…
    expect(f.calls).toEqual({ etag: 2, bytes: 1 });
    // …and no request waits on Redis meanwhile, however busy it is right after a render.
    expect(cache.get('a', 'rss')).toHaveProperty('etag', '"v1"');
    await f.flush();
    expect(cache.get('a', 'rss')).toHaveProperty('etag', '"v2"');
    expect(f.calls).toEqual({ etag: 2, bytes: 2 });
    // Another feed's message leaves this one alone.
    cache.changed('b');
    expect(f.calls.etag).toBe(2);
  });

  it('a check that was running when a change came does not count: the slot is checked again', async () => {
    let now = 1000;
    const { f, cache } = await primed(500, () => now);
    now += 600;
    // A periodic check starts; its ETag read answers "v1"…
    expect(cache.get('a', 'rss')).toHaveProperty('etag', '"v1"');
    f.resolveNext();
    // …and before the check has used that answer, the render and its message arrive.
    f.set('"v2"');
    cache.changed('a');
    await f.flush();
    // Without the second check the "v1" answer would have been trusted for another recheckMs.
    expect(cache.get('a', 'rss')).toHaveProperty('etag', '"v2"');
    expect(f.calls.etag).toBe(3);
  });

  it('without a live change channel (recheck 0) a change makes the next request wait for Redis', async () => {
    const { f, cache } = await primed(0);
    f.set('"v2"');
    cache.changed('a');
    const waiting = cache.get('a', 'rss');
    expect(waiting).toBeInstanceOf(Promise);
    await f.flush();
    expect((await waiting)?.etag).toBe('"v2"');
  });

  it('a feed removed from Redis is forgotten', async () => {
    const { f, cache } = await primed();
    f.set(undefined);
    const gone = cache.get('a', 'rss');
    await f.flush();
    expect(await gone).toBeUndefined();
  });
});

describe('RenderCache', () => {
  it('concurrent gets of one key run one computation; results live for ttlMs', async () => {
    let now = 0;
    const cache = new RenderCache<string>(1000, 10, () => now);
    let runs = 0;
    let release!: () => void;
    const compute = () =>
      new Promise<string>((r) => {
        runs++;
        release = () => r(`v${runs}`);
      });
    const all = Promise.all(Array.from({ length: 100 }, () => cache.get('k', compute)));
    release();
    expect(new Set(await all)).toEqual(new Set(['v1']));
    expect(await cache.get('k', compute)).toBe('v1');
    now = 1500;
    const next = cache.get('k', compute);
    release();
    expect(await next).toBe('v2');
    expect(runs).toBe(2);
  });

  it('keeps at most max entries, evicting the least recently used', async () => {
    const cache = new RenderCache<number>(60_000, 2);
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    await cache.get('a', async () => 0);
    await cache.get('c', async () => 3);
    expect(await cache.get('a', async () => -1)).toBe(1);
    expect(await cache.get('b', async () => -2)).toBe(-2);
  });

  it('a failed computation is not cached', async () => {
    const cache = new RenderCache<number>(60_000, 2);
    await expect(cache.get('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });
});
