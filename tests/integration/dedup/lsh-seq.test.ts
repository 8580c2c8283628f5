/**
 * Commit order of the LSH index (src/dedup/lsh-seq.ts): a batch's writes are numbered in the transaction that writes
 * them, the batch knows which numbers were committed between its read and its commit, and committedIn finds exactly
 * those among its candidates. Real Redis.
 */
import { describe, expect, it } from 'vitest';
import { createLshIndex } from '../../../src/dedup/lsh.js';
import { redisForFile } from '../../helpers/redis.js';

const db = redisForFile();

const FP = '0123abcd0123abcd';
const NEAR = '0123abcd0123abce';

describe('LSH commit order', () => {
  it('numbers writes at commit; a batch sees which ones committed between its read and its own commit', async () => {
    const prefix = db.prefix('lshseq');
    const ix = createLshIndex(db.redis(), prefix);
    await ix.add('old', FP);
    // Both read before either commits.
    const first = await ix.batch([[FP]]);
    const second = await ix.batch([[NEAR]]);
    second.add('y', NEAR);
    await second.flush();
    first.add('x', FP);
    expect(await first.commitOrder(['old', 'y', 'x'])).toEqual([0, 1, Number.MAX_SAFE_INTEGER - 1]);
    await first.flush();
    expect(second.window()).toEqual({ readSeq: 0, before: 0 });
    expect(first.window()).toEqual({ readSeq: 0, before: 1 });
    // The later committer finds the earlier one; the earlier one has nothing to look at, and the unnumbered "old" never counts.
    const late = await ix.committedIn([[FP]], first.window()!, 20);
    expect(late).toEqual({ found: [[{ id: 'y', seq: 1 }]], complete: true });
    expect((await ix.committedIn([[NEAR]], { readSeq: 0, before: 0 }, 20)).found).toEqual([[]]);
    // A later write of an id keeps its first number; the counter still moves on.
    const third = await ix.batch([]);
    third.add('y', NEAR, [FP]);
    third.add('z', FP);
    await third.flush();
    expect(third.window()).toEqual({ readSeq: 2, before: 2 });
    expect(await third.commitOrder(['x', 'y', 'z'])).toEqual([2, 1, 4]);
  });
});
