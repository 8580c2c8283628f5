/**
 * Commit order of the LSH index: every article written by an article batch gets a sequence number from one counter,
 * taken inside the MULTI/EXEC that writes its index entries and its record (store/batch.ts). EXEC runs atomically, so
 * the numbers follow commit order, and a batch that read the counter before its index reads has seen every write
 * numbered up to that value; writes numbered between that read and its own commit are the ones it may have missed
 * (pipeline/recluster.ts re-checks exactly those). An id keeps the number of its first commit (ZADD NX).
 *
 * Keys (under the index's prefix `P:dd`): `P:dd:seq` the counter, `P:dd:seqlog` a sorted set id → number, trimmed to
 * the last {@link SEQ_LOG_CAP} numbers (older articles count as committed before any window).
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { check } from './lsh-common.js';

/** Numbers kept in the log: far more article commits than can happen while one job holds its index read. */
export const SEQ_LOG_CAP = 100_000;

/** Where a batch's commit sits in the commit order. */
export interface CommitWindow {
  /** The counter when the batch read the index: every write numbered up to it was visible to that read. */
  readSeq: number;
  /** The counter just before the batch's commit: writes numbered in (readSeq, before] were committed in between, unseen. */
  before: number;
}

/** The counter and log keys of an index prefix. */
export interface SeqKeys {
  counter: string;
  log: string;
}

/** Keys of the commit order under the index prefix `keyPrefix`. */
export function seqKeys(keyPrefix: string): SeqKeys {
  return { counter: `${keyPrefix}:seq`, log: `${keyPrefix}:seqlog` };
}

/** KEYS: counter, log. ARGV: cap, then ids in write order. Numbers the ids, logs the new ones, trims, returns the new counter. */
const NUMBER_SCRIPT = `
local n = #ARGV - 1
local top = redis.call('INCRBY', KEYS[1], n)
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[2], 'NX', top - n + i - 1, ARGV[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', top - tonumber(ARGV[1]))
return top`;

/** Appends the numbering of `ids` (in write order) to a MULTI; its reply is the counter after them. */
export function appendNumbering(tx: ChainableCommander, keys: SeqKeys, ids: readonly string[]): void {
  tx.eval(NUMBER_SCRIPT, 2, keys.counter, keys.log, SEQ_LOG_CAP, ...ids);
}

/** The counter's value from a GET reply (absent: 0). */
export function counterValue(reply: unknown): number {
  const n = Number(reply ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** A candidate committed inside a window, with its number. */
export interface NumberedId {
  id: string;
  seq: number;
}

/**
 * For each list of ranked candidate ids: those numbered inside `window` (committed after the reader's index read and
 * before its commit), smallest number first. `complete` is false when the log was trimmed past the window's start
 * (some of those numbers may be gone). One pipelined round trip.
 */
export async function numberedInWindow(
  redis: Redis,
  keys: SeqKeys,
  lists: readonly (readonly string[])[],
  window: CommitWindow,
): Promise<{ found: NumberedId[][]; complete: boolean }> {
  const pipe = redis.pipeline();
  pipe.get(keys.counter);
  for (const ids of lists) if (ids.length > 0) pipe.zmscore(keys.log, ...ids);
  const res = check(await pipe.exec(), 'sequence read');
  const complete = counterValue(res[0]?.[1]) - SEQ_LOG_CAP <= window.readSeq;
  let at = 1;
  const found = lists.map((ids) => {
    if (ids.length === 0) return [];
    const scores = (res[at++]?.[1] ?? []) as (string | null)[];
    const out: NumberedId[] = [];
    ids.forEach((id, i) => {
      const seq = Number(scores[i] ?? 0);
      if (seq > window.readSeq && seq <= window.before) out.push({ id, seq });
    });
    return out.sort((a, b) => a.seq - b.seq);
  });
  return { found, complete };
}

/** The numbers of `ids` (0 for ids not in the log: committed before it, or not yet). One ZMSCORE. */
export async function numbersOf(redis: Redis, keys: SeqKeys, ids: readonly string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const scores = await redis.zmscore(keys.log, ...ids);
  return scores.map((s) => Number(s ?? 0));
}
