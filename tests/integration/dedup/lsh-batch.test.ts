import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createLshIndex, type LshIndex } from '../../../src/dedup/lsh.js';
import { redisForFile, testRedis } from '../../helpers/redis.js';

const db = redisForFile();

/** A fresh index under its own prefix; `bucketLimit` small enough that slots overflow. */
function index(bucketLimit: number): LshIndex {
  const prefix = db.prefix('lshb');
  return createLshIndex(db.redis(), prefix, { bucketLimit });
}

// Few distinct band values, so that fps share slots: high half from 3 values, low half from 3 values, one bit flipped.
const HALVES = ['0123abcd', '0123abce', 'fedc4321'];
const fpArb = fc.tuple(fc.constantFrom(...HALVES), fc.constantFrom(...HALVES)).map(([h, l]) => `${h}${l}`);
const idArb = fc.constantFrom('a1', 'a2', 'b3', 'c4', 'd5', 'e6', 'f7');
type Op = { kind: 'add' | 'remove'; id: string; fps: string[] } | { kind: 'lookup'; fps: string[]; limit: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('add' as const, 'remove' as const), id: idArb, fps: fc.array(fpArb, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('lookup' as const), fps: fc.array(fpArb, { minLength: 1, maxLength: 3 }), limit: fc.integer({ min: 1, max: 6 }) }),
);

describe('LshIndex.batch: the same candidates as one call at a time, two round trips', () => {
  it('answers every lookup as the index would after the earlier writes, and leaves the same index behind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.array(opArb, { maxLength: 10 }), fc.integer({ min: 1, max: 4 }), async (seed, ops, limit) => {
        const plain = index(limit);
        const batched = index(limit);
        // Both start from the same stored state (written one call at a time).
        for (const o of seed) {
          if (o.kind === 'lookup') continue;
          for (const ix of [plain, batched]) await ix[o.kind](o.id, o.fps[0] ?? '', o.fps.slice(1));
        }
        const batch = await batched.batch(ops.filter((o) => o.kind === 'lookup').slice(0, 2).map((o) => o.fps));
        for (const o of ops) {
          if (o.kind === 'lookup') {
            expect(await batch.candidates(o.fps, o.limit)).toEqual(await plain.candidates(o.fps, o.limit));
          } else {
            await plain[o.kind](o.id, o.fps[0] ?? '', o.fps.slice(1));
            batch[o.kind](o.id, o.fps[0] ?? '', o.fps.slice(1));
          }
        }
        await batch.flush();
        for (const fp of HALVES.flatMap((h) => HALVES.map((l) => `${h}${l}`))) {
          expect(await batched.candidates(fp, 100)).toEqual(await plain.candidates(fp, 100));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads Redis once when opened and writes once when flushed', async () => {
    const client = testRedis();
    const prefix = db.prefix('lshb');
    const ix = createLshIndex(client, prefix);
    await ix.add('x1', '0123abcd0123abcd');
    // Spies only count the calls: every command still goes to Redis.
    // The slots are read by one script call (EVAL), the writes sent in one MULTI.
    const reads = vi.spyOn(client, 'eval');
    const pipelines = vi.spyOn(client, 'pipeline');
    const multis = vi.spyOn(client, 'multi');
    const batch = await ix.batch([['0123abcd0123abcd'], ['fedc4321fedc4321']]);
    expect(await batch.candidates('0123abcd0123abcd')).toEqual(['x1']);
    batch.add('y2', 'fedc4321fedc4321', ['0123abcd0123abcd']);
    expect(await batch.candidates('fedc4321fedc4321')).toEqual(['y2']);
    expect(await batch.candidates('0123abcd0123abcd')).toEqual(['x1', 'y2']);
    expect([reads.mock.calls.length, pipelines.mock.calls.length, multis.mock.calls.length]).toEqual([1, 0, 0]);
    expect(await ix.candidates('fedc4321fedc4321')).toEqual([]);
    await batch.flush();
    expect(multis.mock.calls.length).toBe(1);
    expect(await ix.candidates('fedc4321fedc4321')).toEqual(['y2']);
    await client.quit();
  });
});
