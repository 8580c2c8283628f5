import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLshIndex } from '../../../src/dedup/lsh.js';
import { EMPTY_SIMHASH, simhash } from '../../../src/dedup/simhash.js';
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
  it('stores one SET per (band, value) with fp:id members under the prefix', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('a1', FP);
    const keys = (await redis.keys(`${prefix}:*`)).sort();
    expect(keys).toEqual([`${prefix}:lsh:0:0123`, `${prefix}:lsh:1:4567`, `${prefix}:lsh:2:89ab`, `${prefix}:lsh:3:cdef`]);
    expect(await redis.smembers(`${prefix}:lsh:2:89ab`)).toEqual([`${FP}:a1`]);
  });

  it('finds a stored fingerprint and its close neighbours, closest first', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('exact', FP);
    await index.add('two-bits', flip(FP, [0, 20]));
    await index.add('one-bit', flip(FP, [40]));
    expect(await index.candidates(FP)).toEqual(['exact', 'one-bit', 'two-bits']);
    expect(await index.candidates(FP, 2)).toEqual(['exact', 'one-bit']);
  });

  it('is idempotent and accepts upper-case hex', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('a1', FP);
    await index.add('a1', FP.toUpperCase());
    expect(await index.candidates(FP)).toEqual(['a1']);
  });

  it('finds anything within Hamming 7 with multi-probe (two flips in three bands, one in the fourth)', async () => {
    const near = flip(FP, [0, 1, 16, 17, 32, 33, 48]);
    const probing = createLshIndex(redis, prefix);
    await probing.add('n', near);
    expect(await probing.candidates(FP)).toEqual(['n']);
    // Without probing no band matches exactly, so the same pair is missed.
    expect(await createLshIndex(redis, prefix, { probe: 0 }).candidates(FP)).toEqual([]);
  });

  it('misses a fingerprint with two flips in every band (the pigeonhole limit of 4×16 with probing)', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('far', flip(FP, [0, 1, 16, 17, 32, 33, 48, 49]));
    expect(await index.candidates(FP)).toEqual([]);
  });

  it('drops bucket-mates beyond maxDistance', async () => {
    // Shares band 0 exactly, but 24 bits differ elsewhere.
    const sameBand = flip(FP, Array.from({ length: 24 }, (_, i) => 16 + 2 * i));
    await createLshIndex(redis, prefix).add('x', sameBand);
    expect(await createLshIndex(redis, prefix).candidates(FP)).toEqual([]);
    expect(await createLshIndex(redis, prefix, { maxDistance: 24 }).candidates(FP)).toEqual(['x']);
  });

  it('removes an id from every band', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('a1', FP);
    await index.add('a2', flip(FP, [5]));
    await index.remove('a1', FP);
    expect(await index.candidates(FP)).toEqual(['a2']);
    await index.remove('a2', flip(FP, [5]));
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    await index.remove('never-added', FP); // no-op
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
    await index.add('empty', EMPTY_SIMHASH);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    expect(await index.candidates(EMPTY_SIMHASH)).toEqual([]);
  });

  it('rejects malformed fingerprints and empty ids', async () => {
    const index = createLshIndex(redis, prefix);
    await expect(index.add('a', 'xyz')).rejects.toThrow(TypeError);
    await expect(index.add('', FP)).rejects.toThrow(TypeError);
    await expect(index.candidates('0123')).rejects.toThrow(TypeError);
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

  it('supports other band counts (8 × 8 bits)', async () => {
    const index = createLshIndex(redis, prefix, { bands: 8, probe: 0 });
    await index.add('a', flip(FP, [0, 8, 16, 24, 32, 40, 48]));
    expect(await index.candidates(FP)).toEqual(['a']);
    expect((await redis.keys(`${prefix}:*`)).length).toBe(8);
  });

  it('finds edited copies of a wire story and not a different story with the same lead', async () => {
    const index = createLshIndex(redis, prefix);
    await index.add('wire', simhash(S.WIRE));
    await index.add('other', simhash(S.OTHER_SAME_LEAD));
    for (const copy of [S.WIRE_UPDATED, S.WIRE_NEW_LEAD, S.WIRE_WITH_FURNITURE]) {
      expect(await index.candidates(simhash(copy))).toEqual(['wire']);
    }
  });
});
