/**
 * Banded LSH index over 64-bit SimHash fingerprints in Redis: finds near-duplicate *candidates* only
 * (DESIGN.md convention 12 — similarity.ts makes the decision).
 *
 * An article is stored under its body fingerprint (Article.fingerprint) plus its anchored window
 * fingerprints (windows.ts: 18-word runs starting at its first prose paragraphs), all in the same bands. A
 * lookup passes the same set; any band of any of its fps equal to that band of a stored fp makes a candidate.
 *
 * Layout: band b of a fp is a value v of w bits; its high ≤ 16 bits name a sorted set
 * `${keyPrefix}:lsh:b${bands}:${b}:${hex}` and its low bits are the score (bands.ts `bandSlot`); members are
 * `${fp}:${id}`, so a lookup filters by Hamming distance without a second read. A lookup is one pipelined round
 * trip of ZRANGEBYSCORE (one per fp, band and probe), each capped at `bucketLimit` members; no multi-key
 * commands. It reads (fps × bands × probes) slots of N × fps / 2^w members each: with 32-bit bands that stays
 * ≪ 1 at 10 M articles, which is what makes the cost flat; 16-bit bands with 1-bit probing read ~1 000
 * members per lookup at 1 M articles. The band count is part of the key, so another setting never reads a
 * differently banded index (re-add the articles after changing it).
 *
 * Batches (lsh-batch.ts) number their writes in commit order (lsh-seq.ts: `${keyPrefix}:seq`, `${keyPrefix}:seqlog`);
 * `committedIn` finds the candidates a batch's read could not have seen, for the post-commit re-check.
 *
 * Default: 2 bands × 32 bits, no probing, body fp + 4 window fps (10 sorted-set entries, ~530 B of Redis per
 * article at 1 M). Measured by bench/dedup.ts on 956 pages (extraction-dev corpus + demo site, mostly German
 * and English), seeded edits, ≤ 20 candidates then compareBodies; recall of the candidate step / of the decision:
 *
 *   setting                          furniture  new lead  trim 20–50%  update  copy-edits  syndicated¹  synd.+trim
 *   body fp only, 4×16 probe=1       95.1%      96.9%     54.9%        99.4%   99.0%       86.4%        42.4%
 *   body fp only, 2×32 (no windows)  20.8%      43.5%      1.2%        43.9%   30.2%        9.2%         0.5%
 *   body + 4 windows, 2×32 (default) 100%       99.9%     100%         100%    100%        100%         98.8%
 *   ¹ furniture + rewritten lead + copy-edits + new headline. Overall decision: precision 1.000, recall 0.997.
 *
 * Lookup per article (same run, loaded 2-core machine): default 0.163 ms at 10 k articles, 0.181 ms at 1 M
 * (×1.11); body-only 4×16 probe=1 in this layout 0.536 → 1.360 ms (×2.54; ×5.4 with the former SET/SUNION
 * layout). Pigeonhole guarantee: 2×32 finds every stored fp within Hamming 1 of a query fp (3 with probe=1);
 * windows are built to match bit for bit, so that is enough — but callers must pass the window fps.
 */
import type { Redis } from 'ioredis';
import { bandWidths, probeSlots, storeSlots } from './bands.js';
import { LshBatch } from './lsh-batch.js';
import { check, checkId, rank, usable } from './lsh-common.js';
import { numberedInWindow, seqKeys, type CommitWindow, type NumberedId } from './lsh-seq.js';

/** Options of the LSH index; every field has a measured default (see the module comment). */
export interface LshOptions {
  /** Number of bands the 64 bits are split into (2..32; default 2, i.e. 32 bits each). */
  bands?: number;
  /** 1 = also read slots one bit away in each band (multi-probe, Lv et al. VLDB 2007); 0 = exact band match. Default 0. */
  probe?: 0 | 1;
  /** Candidates farther than this Hamming distance from every query fp are dropped (default 20; random pairs sit at ~32 ± 4). */
  maxDistance?: number;
  /** At most this many members are read per slot, so a slot crowded by shared boilerplate cannot slow lookups (default 64). */
  bucketLimit?: number;
}

/** A stored article for {@link LshIndex.addMany}: its id and every fingerprint it is stored under. */
export interface LshEntry {
  id: string;
  fps: readonly string[];
}

/** A near-duplicate candidate index keyed by article id. */
export interface LshIndex {
  /** Stores `id` under `fp` and the `extraFps` (window fps); idempotent; one MULTI round trip. Remove the old fps first when they change. */
  add(id: string, fp: string, extraFps?: readonly string[]): Promise<void>;
  /** Stores many articles in pipelined batches (bulk loads and re-indexing; not atomic per article). */
  addMany(entries: readonly LshEntry[]): Promise<void>;
  /** Ids stored near any of `fps`: found in most slots first, then closest, then by id; at most `limit` (default 50); includes a queried article's own id if stored. */
  candidates(fps: string | readonly string[], limit?: number): Promise<string[]>;
  /** Forgets `id` stored under `fp` and `extraFps` (one MULTI round trip); a no-op for fps it is not stored under. */
  remove(id: string, fp: string, extraFps?: readonly string[]): Promise<void>;
  /**
   * A batch of lookups and writes that behaves like calling candidates/add/remove in order, with two round trips in
   * all: the slots of every fp list in `lookups` are read now (one script call), writes are kept in memory (later lookups
   * see them) and sent by {@link LshBatch.flush} in one MULTI.
   */
  batch(lookups: readonly (readonly string[])[]): Promise<LshBatch>;
  /**
   * For each fp list: the ids stored near it that were committed inside `window` (lsh-seq.ts), smallest commit number
   * first, at most `limit` each; `complete` is false when the commit log no longer reaches back to the window's start.
   * Two round trips for all lists.
   */
  committedIn(lookups: readonly (readonly string[])[], window: CommitWindow, limit: number): Promise<{ found: NumberedId[][]; complete: boolean }>;
}

/** Default LSH settings (see the module comment for the measurements behind them). */
export const DEFAULT_LSH: Readonly<Required<LshOptions>> = Object.freeze({ bands: 2, probe: 0, maxDistance: 20, bucketLimit: 64 });

/** Creates the LSH index stored under `${keyPrefix}:lsh:*` in `redis` (the caller owns and closes the client). */
export function createLshIndex(redis: Redis, keyPrefix: string, opts: LshOptions = {}): LshIndex {
  const bands = opts.bands ?? DEFAULT_LSH.bands;
  const widths = bandWidths(bands);
  const probe = opts.probe ?? DEFAULT_LSH.probe;
  const maxDistance = opts.maxDistance ?? DEFAULT_LSH.maxDistance;
  const bucketLimit = opts.bucketLimit ?? DEFAULT_LSH.bucketLimit;
  const key = (bucket: string): string => `${keyPrefix}:lsh:b${bands}:${bucket}`;
  const seq = seqKeys(keyPrefix);

  async function write(op: 'zadd' | 'zrem', id: string, fps: readonly string[]): Promise<void> {
    checkId(id);
    const list = usable(fps);
    if (list.length === 0) return;
    const multi = redis.multi();
    for (const fp of list) {
      for (const s of storeSlots(fp, widths)) {
        if (op === 'zadd') multi.zadd(key(s.bucket), s.score, `${fp}:${id}`);
        else multi.zrem(key(s.bucket), `${fp}:${id}`);
      }
    }
    check(await multi.exec(), `${op} transaction`);
  }

  return {
    add: (id, fp, extraFps = []) => write('zadd', id, [fp, ...extraFps]),
    remove: (id, fp, extraFps = []) => write('zrem', id, [fp, ...extraFps]),

    async addMany(entries) {
      // One ZADD per key with all of a batch's members: ~N×fps×bands/2^16 members per key, far fewer commands.
      const BATCH = 50_000;
      for (let i = 0; i < entries.length; i += BATCH) {
        const byKey = new Map<string, (string | number)[]>();
        for (const { id, fps } of entries.slice(i, i + BATCH)) {
          checkId(id);
          for (const fp of usable(fps)) {
            for (const s of storeSlots(fp, widths)) {
              const k = key(s.bucket);
              let args = byKey.get(k);
              if (!args) byKey.set(k, (args = []));
              args.push(s.score, `${fp}:${id}`);
            }
          }
        }
        const pipe = redis.pipeline();
        for (const [k, args] of byKey) pipe.zadd(k, ...args);
        check(await pipe.exec(), 'bulk add');
      }
    },

    batch: (lookups) => LshBatch.open({ redis, key, widths, probe, maxDistance, bucketLimit, seq }, lookups),

    async candidates(fps, limit = 50) {
      const [ids] = await lookupMany([typeof fps === 'string' ? [fps] : fps], limit);
      return ids ?? [];
    },

    async committedIn(lookups, window, limit) {
      // Every candidate is ranked (not just the first `limit`): the ones committed in the window may rank low.
      const ranked = await lookupMany(lookups, Number.POSITIVE_INFINITY);
      const { found, complete } = await numberedInWindow(redis, seq, ranked, window);
      return { found: found.map((f) => f.slice(0, limit)), complete };
    },
  };

  /** Candidates of each fp list (as `candidates`), all slots read in one pipeline. */
  async function lookupMany(lookups: readonly (readonly string[])[], limit: number): Promise<string[][]> {
    const lists = lookups.map((fps) => usable(fps));
    const pipe = redis.pipeline();
    const slotsOf = lists.map((list) => {
      const seen = new Set<string>();
      for (const fp of list) {
        for (const s of probeSlots(fp, widths, probe)) {
          const k = key(s.bucket);
          if (seen.has(`${k} ${s.score}`)) continue;
          seen.add(`${k} ${s.score}`);
          pipe.zrangebyscore(k, s.score, s.score, 'LIMIT', 0, bucketLimit);
        }
      }
      return seen.size;
    });
    if (slotsOf.every((n) => n === 0) || limit <= 0) return lists.map(() => []);
    const res = (check(await pipe.exec(), 'lookup') as [Error | null, string[]][]).map(([, members]) => members);
    let at = 0;
    return lists.map((list, i) => {
      const slots = res.slice(at, (at += slotsOf[i] ?? 0));
      return list.length === 0 ? [] : rank(list, slots, maxDistance, limit);
    });
  }
}
