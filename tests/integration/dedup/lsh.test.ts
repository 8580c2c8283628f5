import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLshIndex } from '../../../src/dedup/lsh.js';
import { EMPTY_SIMHASH, simhash } from '../../../src/dedup/simhash.js';
import { windowFingerprints } from '../../../src/dedup/windows.js';
import { deletePrefix, testRedis, uniquePrefix } from '../../helpers/redis.js';
import * as S from '../../unit/dedup/stories.js';

/** `fp` with the given bit positions (0 = most significant) flipped. */
function flip(fp: string, bits: number[]): string {
  let x = BigInt(`0x${fp}`);
  for (const b of bits) x ^= 1n << BigInt(63 - b);
  return x.toString(16).padStart(16, '0');
}

const FP = '0123456789abcdef';

let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = testRedis();
});
beforeEach(() => {
  prefix = uniquePrefix('lsh');
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('LSH index on Redis', () => {
  it('stores one sorted set per (band, high 16 bits) with the low bits as score and fp:id members', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('a1', FP);
    const keys = (await redis.keys(`${prefix}:*`)).sort();
    expect(keys).toEqual([`${prefix}:lsh:b2:0:0123`, `${prefix}:lsh:b2:1:89ab`]);
    expect(await redis.zrange(`${prefix}:lsh:b2:0:0123`, 0, -1, 'WITHSCORES')).toEqual([`${FP}:a1`, String(0x4567)]);
    expect(await redis.zrange(`${prefix}:lsh:b2:1:89ab`, 0, -1, 'WITHSCORES')).toEqual([`${FP}:a1`, String(0xcdef)]);
  });

  it('finds a stored fingerprint and its close neighbours, closest first', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('exact', FP);
    await index.add('three-bits', flip(FP, [0, 20, 31]));
    await index.add('one-bit', flip(FP, [40]));
    expect(await index.candidates(FP)).toEqual(['exact', 'one-bit', 'three-bits']);
    expect(await index.candidates(FP, 2)).toEqual(['exact', 'one-bit']);
    expect(await index.candidates([FP])).toEqual(['exact', 'one-bit', 'three-bits']);
  });

  it('is idempotent and accepts upper-case hex', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('a1', FP);
    await index.add('a1', FP.toUpperCase());
    expect(await index.candidates(FP)).toEqual(['a1']);
  });

  it('misses a fingerprint with a flip in each 32-bit half (the pigeonhole limit of 2×32 without probing)', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('far', flip(FP, [0, 32]));
    expect(await index.candidates(FP)).toEqual([]);
    // One-bit probing finds it: each half is one bit away.
    expect(await createLshIndex(redis, prefix, { probe: 1 }).candidates(FP)).toEqual(['far']);
  });

  it('with 4×16 bands and probing finds anything within Hamming 7 (two flips in three bands, one in the fourth)', async () => {
    const near = flip(FP, [0, 1, 16, 17, 32, 33, 48]);
    const probing = createLshIndex(redis, prefix, { bands: 4, probe: 1 });
    await probing.add('n', near);
    expect(await probing.candidates(FP)).toEqual(['n']);
    expect(await createLshIndex(redis, prefix, { bands: 4, probe: 0 }).candidates(FP)).toEqual([]);
    await probing.add('far', flip(FP, [0, 1, 16, 17, 32, 33, 48, 49]));
    expect(await probing.candidates(FP)).toEqual(['n']);
  });

  it('keeps differently banded indexes apart (the band count is part of the key)', async () => {
    await createLshIndex(redis, prefix, { bands: 4 }).add('four', FP);
    expect(await createLshIndex(redis, prefix).candidates(FP)).toEqual([]);
    expect(await createLshIndex(redis, prefix, { bands: 4 }).candidates(FP)).toEqual(['four']);
  });

  it('drops slot-mates beyond maxDistance', async () => {
    // Shares the high half exactly, but 24 bits differ in the low half.
    const sameBand = flip(FP, Array.from({ length: 24 }, (_, i) => 32 + i));
    await createLshIndex(redis, prefix).add('x', sameBand);
    expect(await createLshIndex(redis, prefix).candidates(FP)).toEqual([]);
    expect(await createLshIndex(redis, prefix, { maxDistance: 24 }).candidates(FP)).toEqual(['x']);
  });

  it('reads at most bucketLimit members per slot (a slot crowded by shared boilerplate stays cheap)', async () => {
    const index = createLshIndex(redis, prefix, { bucketLimit: 3 });
    await index.addMany(Array.from({ length: 10 }, (_, i) => ({ id: `id${i}`, fps: [FP] })));
    expect(await index.candidates(FP)).toHaveLength(3);
    expect(await createLshIndex(redis, prefix).candidates(FP)).toHaveLength(10);
  });

  it('removes an id from every band, with its extra fps', async () => {
    const index = createLshIndex(redis, prefix);
    const extra = [flip(FP, [0, 32]), flip(FP, [1, 33])];
    await index.add('a1', FP, extra);
    await index.add('a2', flip(FP, [5]));
    expect(await index.candidates(extra[0] as string)).toEqual(['a1']);
    await index.remove('a1', FP, extra);
    expect(await index.candidates([FP, ...extra])).toEqual(['a2']);
    await index.remove('a2', flip(FP, [5]));
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    await index.remove('never-added', FP); // no-op
  });

  it('finds an article through any of its fps; more matching slots rank first, then the closest', async () => {
    const index = createLshIndex(redis, prefix);
    const window = flip(FP, [0, 10, 20, 30, 40, 50, 60]); // far from FP: only an exact window match finds it
    await index.add('by-window', 'ffffffffffffffff', [window]);
    await index.add('by-body', flip(FP, [63]));
    expect(await index.candidates([FP, window])).toEqual(['by-window', 'by-body']);
    expect(await index.candidates(FP)).toEqual(['by-body']);
  });

  it('ranks a copy sharing several windows before many articles sharing one boilerplate window', async () => {
    const index = createLshIndex(redis, prefix);
    const [boilerplate, w1, w2] = [flip(FP, [1, 40]), flip(FP, [2, 41]), flip(FP, [3, 42])];
    await index.addMany(Array.from({ length: 30 }, (_, i) => ({ id: `a${String(i).padStart(2, '0')}`, fps: [boilerplate] })));
    await index.add('z-copy', flip(FP, [4, 43]), [boilerplate, w1, w2]);
    expect((await index.candidates([FP, boilerplate, w1, w2], 5))[0]).toBe('z-copy');
  });

  it('addMany stores exactly what add stores', async () => {
    const other = `${prefix}-bulk`;
    try {
      const extra = [flip(FP, [3]), flip(FP, [40])];
      await createLshIndex(redis, prefix).add('a', FP, extra);
      await createLshIndex(redis, other).addMany([{ id: 'a', fps: [FP, ...extra] }]);
      const dump = async (p: string) => {
        const keys = (await redis.keys(`${p}:*`)).sort();
        return Promise.all(keys.map(async (k) => [k.slice(p.length), await redis.zrange(k, 0, -1, 'WITHSCORES')]));
      };
      expect(await dump(other)).toEqual(await dump(prefix));
    } finally {
      await deletePrefix(redis, other);
    }
  });

  it('keeps the closest fp when an id was stored under two fingerprints', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('a1', flip(FP, [3, 9]));
    await index.add('a1', flip(FP, [3]));
    await index.add('b', flip(FP, [3, 9, 12]));
    expect(await index.candidates(FP)).toEqual(['a1', 'b']);
  });

  it('does not index empty bodies (the all-zero fingerprint)', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('empty', EMPTY_SIMHASH, [EMPTY_SIMHASH]);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    expect(await index.candidates(EMPTY_SIMHASH)).toEqual([]);
    expect(await index.candidates([])).toEqual([]);
  });

  it('rejects malformed fingerprints and empty ids', async () => {
    const index = createLshIndex(redis, prefix);
    await expect(index.add('a', 'xyz')).rejects.toThrow(TypeError);
    await expect(index.add('a', FP, ['xyz'])).rejects.toThrow(TypeError);
    await expect(index.add('', FP)).rejects.toThrow(TypeError);
    await expect(index.candidates('0123')).rejects.toThrow(TypeError);
    await expect(index.addMany([{ id: '', fps: [FP] }])).rejects.toThrow(TypeError);
  });

  it('keeps indexes with different prefixes apart', async () => {
    const other = `${prefix}-other`;
    await createLshIndex(redis, other).add('elsewhere', FP);
    try {
      expect(await createLshIndex(redis, prefix).candidates(FP)).toEqual([]);
    } finally {
      await deletePrefix(redis, other);
    }
  });

  it('finds edited copies of a wire story through its window fps, trimmed ones included', async () => {
    const index = createLshIndex(redis, prefix);
    const fps = (text: string) => [simhash(text), ...windowFingerprints(text)];
    await index.add('wire', simhash(S.WIRE), windowFingerprints(S.WIRE));
    for (const copy of [S.WIRE_UPDATED, S.WIRE_NEW_LEAD, S.WIRE_WITH_FURNITURE, S.WIRE_TRIMMED, S.WIRE_HALF]) {
      expect(await index.candidates(fps(copy))).toEqual(['wire']);
    }
    // The body fp alone no longer finds the half-length copy: whole-body SimHash moves too far.
    expect(await index.candidates(simhash(S.WIRE_HALF))).toEqual([]);
  });
});
