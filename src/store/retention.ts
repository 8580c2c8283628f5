/**
 * Retention: deletes, per source, the articles older than `maxAge` and those beyond the newest `maxPerSource`, with
 * everything that points at them (timelines, identity index entries that still name them, near-duplicate index
 * entries, cluster member entries, revision history, the source's "seen" marks), and leaves a tombstone per deleted
 * item so a feed that still lists it does not bring it back. Work per call is bounded (`maxDeletions`); a call
 * resumes where the last one stopped because the oldest entries of each source's timeline are exactly what is left
 * to delete. Every step is idempotent: a pass cut short by a crash is finished by the next one.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { windowFingerprints } from '../dedup/windows.js';
import type { LshIndex } from '../dedup/lsh.js';
import type { Article } from '../model/article.js';
import { addClusterRemove } from './clusters.js';
import { decodeArticle } from './codec.js';
import { storeKeys, type StoreKeys } from './keys.js';

/** Limits of one retention pass; 0 for `maxAgeMs` or `maxPerSource` means no limit of that kind. */
export interface RetentionOptions {
  maxAgeMs: number;
  maxPerSource: number;
  now: Date | number;
  /** At most this many timeline entries are handled per call (default 5,000), so one pass never holds Redis long. */
  maxDeletions?: number;
  /** Tombstones older than this are pruned (default 2 × maxAge, or 180 days without an age limit). */
  tombstoneTtlMs?: number;
}

/** What one pass did: articles deleted, articles tombstoned, timeline entries still over the limits, tombstones pruned. */
export interface RetentionResult {
  deleted: number;
  tombstoned: number;
  remaining: number;
  tombstonesPruned: number;
}

/** Default bound on deletions per call. */
export const MAX_DELETIONS = 5_000;
const DAY_MS = 86_400_000;
/** Articles per MULTI: small transactions keep other clients' latency flat while retention runs. */
const CHUNK = 100;
/** Tombstone fields read per HSCAN step, and steps per pass. */
const PRUNE_COUNT = 500;
const PRUNE_STEPS = 20;

/**
 * Deletes index fields only while they still name the article being deleted: a newer article may have taken a URL or a
 * content hash over since, and that one must keep its entry. KEYS: guid, url, hash index; ARGV: id, then one field per key
 * ('' = none).
 */
const HDEL_IF_OWNED = `
local n = 0
for i, k in ipairs(KEYS) do
  local f = ARGV[i + 1]
  if f ~= '' and redis.call('HGET', k, f) == ARGV[1] then
    redis.call('HDEL', k, f)
    n = n + 1
  end
end
return n`;

/** Escapes Redis glob characters so a prefix matches only itself in SCAN MATCH. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function checked(results: [Error | null, unknown][] | null, what: string): unknown[] {
  // exec() resolves null when a transaction was discarded, and per-command errors come back in the tuples.
  if (results === null) throw new Error(`store: retention ${what} was aborted`);
  return results.map(([err, val]) => {
    if (err) throw err;
    return val;
  });
}

/** Source ids that have a per-source timeline (every source that ever stored an article, configured or not). */
async function storedSources(redis: Redis, k: StoreKeys): Promise<string[]> {
  const head = k.bySource('');
  const ids: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${globEscape(head)}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) ids.push(key.slice(head.length));
  } while (cursor !== '0');
  return [...new Set(ids)].sort();
}

/** How many of each source's oldest entries are over the limits: the larger of "older than the cutoff" and "beyond the newest N". */
async function overLimits(redis: Redis, k: StoreKeys, sources: readonly string[], cutoff: number | undefined, maxPerSource: number): Promise<number[]> {
  if (sources.length === 0) return [];
  const pipe = redis.pipeline();
  for (const s of sources) {
    pipe.zcard(k.bySource(s));
    pipe.zcount(k.bySource(s), '-inf', cutoff === undefined ? '-inf' : `(${cutoff}`);
  }
  const vals = checked(await pipe.exec(), 'count') as number[];
  return sources.map((_, i) => {
    const card = vals[2 * i] ?? 0;
    const old = cutoff === undefined ? 0 : (vals[2 * i + 1] ?? 0);
    const over = maxPerSource > 0 ? card - maxPerSource : 0;
    return Math.max(0, old, over);
  });
}

/** Appends the deletion of one article (and its tombstone unless `tombstone` is false) to `tx`; returns whether a tombstone was written. */
function addDelete(tx: ChainableCommander, k: StoreKeys, id: string, sourceId: string, a: Article | undefined, at: number, tombstone = true): boolean {
  tx.del(k.article(id));
  tx.zrem(k.timeline, id);
  tx.zrem(k.bySource(sourceId), id);
  tx.del(k.revisions(id));
  if (!a) return false;
  addClusterRemove(tx, k, a);
  const field = (v: string): string => `${a.sourceId}\n${v}`;
  tx.eval(HDEL_IF_OWNED, 3, k.guidIndex, k.urlIndex, k.hashIndex, id, a.guid ? field(a.guid) : '', a.url, a.contentHash ? field(a.contentHash) : '');
  const keys = [...new Set([a.guid, a.url].filter((v): v is string => !!v))];
  // An item's key within its source is its guid, else its URL (ingest-source.ts itemKeyOf): tombstone both.
  if (keys.length === 0 || !tombstone) return false;
  tx.hset(k.tomb, Object.fromEntries(keys.map((v) => [field(v), String(at)])));
  // The tombstone now keeps the item out, so its "seen" marks can go and that hash stays bounded too.
  tx.hdel(k.itemSeen(a.sourceId), ...keys);
  return true;
}

/**
 * Deletes `ids` of one source's timeline in one MULTI (after their near-duplicate entries); returns deleted/tombstoned
 * counts. `tombstone: false` (a removed source's articles, src/store/purge.ts) leaves no tombstones.
 */
export async function deleteChunk(redis: Redis, k: StoreKeys, sourceId: string, ids: readonly string[], at: number, lsh: Pick<LshIndex, 'remove'>, tombstone = true) {
  const raws = await redis.mgetBuffer(...ids.map((id) => k.article(id)));
  const articles = raws.map((r) => (r === null ? undefined : decodeArticle(r)));
  // Near-duplicate entries first: if the process dies in between, the article is still there to compute them from.
  for (const a of articles) {
    if (a?.sourceId === sourceId && a.fingerprint) await lsh.remove(a.id, a.fingerprint, windowFingerprints(a.contentText ?? ''));
  }
  const tx = redis.multi();
  let deleted = 0;
  let tombstoned = 0;
  ids.forEach((id, i) => {
    const a = articles[i];
    if (a && a.sourceId !== sourceId) {
      // The article moved to another source (same URL there): only this stale timeline entry goes, the article stays.
      tx.zrem(k.bySource(sourceId), id);
      return;
    }
    deleted += 1;
    if (addDelete(tx, k, id, sourceId, a, at, tombstone)) tombstoned += 1;
  });
  checked(await tx.exec(), 'delete');
  return { deleted, tombstoned };
}

/** Removes tombstones older than `olderThan` (ms), reading a bounded slice of the hash per call (cursor kept in Redis). */
async function pruneTombstones(redis: Redis, k: StoreKeys, olderThan: number): Promise<number> {
  let cursor = (await redis.get(k.tombCursor)) ?? '0';
  let pruned = 0;
  for (let step = 0; step < PRUNE_STEPS; step++) {
    const [next, flat] = await redis.hscan(k.tomb, cursor, 'COUNT', PRUNE_COUNT);
    const stale: string[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) if (Number(flat[i + 1]) < olderThan) stale.push(flat[i]!);
    if (stale.length > 0) pruned += await redis.hdel(k.tomb, ...stale);
    cursor = next;
    if (cursor === '0') break;
  }
  if (cursor === '0') await redis.del(k.tombCursor);
  else await redis.set(k.tombCursor, cursor);
  return pruned;
}

/** Applies the retention limits to every source of the instance under `prefix`; bounded, idempotent, resumable. */
export async function applyRetention(redis: Redis, prefix: string, opts: RetentionOptions, lsh: Pick<LshIndex, 'remove'>): Promise<RetentionResult> {
  const k = storeKeys(prefix);
  const now = typeof opts.now === 'number' ? opts.now : opts.now.getTime();
  const budget = opts.maxDeletions ?? MAX_DELETIONS;
  const cutoff = opts.maxAgeMs > 0 ? now - opts.maxAgeMs : undefined;
  const result: RetentionResult = { deleted: 0, tombstoned: 0, remaining: 0, tombstonesPruned: 0 };
  if (opts.maxAgeMs > 0 || opts.maxPerSource > 0) {
    const sources = await storedSources(redis, k);
    const over = await overLimits(redis, k, sources, cutoff, opts.maxPerSource);
    let handled = 0;
    for (const [i, sourceId] of sources.entries()) {
      const n = over[i] ?? 0;
      const take = Math.min(n, budget - handled);
      // The oldest `take` entries by score: both limits cut from that end of the timeline.
      const ids = take > 0 ? await redis.zrange(k.bySource(sourceId), 0, take - 1) : [];
      for (let j = 0; j < ids.length; j += CHUNK) {
        const r = await deleteChunk(redis, k, sourceId, ids.slice(j, j + CHUNK), now, lsh);
        result.deleted += r.deleted;
        result.tombstoned += r.tombstoned;
      }
      handled += ids.length;
      result.remaining += n - ids.length;
    }
  }
  const ttl = opts.tombstoneTtlMs ?? (opts.maxAgeMs > 0 ? 2 * opts.maxAgeMs : 180 * DAY_MS);
  result.tombstonesPruned = await pruneTombstones(redis, k, now - ttl);
  return result;
}
