/**
 * Side records of the article store: the member index of each near-duplicate cluster (a sorted set of article ids
 * by first-seen time, so "where else did this story run" is one read, not a scan) and the capped revision history
 * of each article. Both are written in the same transaction as the article they describe.
 */
import { createHash } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Article } from '../model/article.js';
import { decodeArticle, encodeArticle } from './codec.js';
import type { StoreKeys } from './keys.js';

/** A previous version of an article: its title, content hash, and the time that version dates from. */
export interface Revision {
  title: string;
  contentHash: string;
  at: string;
}

/** Revisions kept per article (older ones are trimmed in the same transaction). */
export const MAX_REVISIONS = 10;

/** An article's first-seen time in ms (0 when unparseable, so it sorts first rather than failing the write). */
function firstSeen(a: Pick<Article, 'fetchedAt'>): number {
  const t = Date.parse(a.fetchedAt);
  return Number.isFinite(t) ? t : 0;
}

/** Appends "article is a member of its cluster" to `tx`; NX keeps the first-seen score of an article saved again. */
export function addClusterMember(tx: ChainableCommander, k: StoreKeys, a: Pick<Article, 'id' | 'clusterId' | 'fetchedAt'>): void {
  tx.zadd(k.cluster(a.clusterId), 'NX', firstSeen(a), a.id);
}

/** Appends the removal of an article from its cluster's member index to `tx` (an emptied set disappears with it). */
export function addClusterRemove(tx: ChainableCommander, k: StoreKeys, a: Pick<Article, 'id' | 'clusterId'>): void {
  tx.zrem(k.cluster(a.clusterId), a.id);
}

/** Appends a previous version to an article's history (newest first, at most MAX_REVISIONS) to `tx`. */
export function addRevisionPush(tx: ChainableCommander, k: StoreKeys, id: string, rev: Revision): void {
  tx.lpush(k.revisions(id), JSON.stringify(rev));
  tx.ltrim(k.revisions(id), 0, MAX_REVISIONS - 1);
}

/** Member ids of each cluster, oldest first, at most `limit` each; one pipelined round trip for all of them. */
export async function readClusterMembers(redis: Redis, k: StoreKeys, clusterIds: readonly string[], limit: number): Promise<Map<string, string[]>> {
  const unique = [...new Set(clusterIds)];
  const out = new Map<string, string[]>();
  if (unique.length === 0 || limit <= 0) return out;
  const pipe = redis.pipeline();
  for (const c of unique) pipe.zrange(k.cluster(c), 0, limit - 1);
  const res = (await pipe.exec()) ?? [];
  unique.forEach((c, i) => {
    const [err, ids] = res[i] ?? [null, []];
    if (err) throw err;
    out.set(c, ids as string[]);
  });
  return out;
}

/**
 * KEYS: head record, target record, the head's member index, the joined cluster's member index. ARGV: SHA-1 of the head
 * record and of the target record as read, the head's new record, head id, joined cluster id, head's first-seen score.
 * 0: a record changed since it was read (read again); -1: someone joined the head's cluster (it stays); 1: moved.
 */
const MOVE_SCRIPT = `
local h = redis.call('GET', KEYS[1])
local t = redis.call('GET', KEYS[2])
if not h or not t or redis.sha1hex(h) ~= ARGV[1] or redis.sha1hex(t) ~= ARGV[2] then return 0 end
local n = redis.call('ZCARD', KEYS[3])
if n > 1 or (n == 1 and not redis.call('ZSCORE', KEYS[3], ARGV[4])) then return -1 end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[4])
local score = tonumber(ARGV[6])
local first = redis.call('ZSCORE', KEYS[4], ARGV[5])
if first and tonumber(first) >= score then score = tonumber(first) + 1 end
redis.call('ZADD', KEYS[4], 'NX', score, ARGV[4])
return 1`;

/** Compare-and-set attempts of a move before giving up (each is one read and one script call). */
const MOVE_ATTEMPTS = 3;

const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');

/**
 * Moves article `id`, the head and only member of its own cluster, into the cluster of `targetId` when `accept(target)`
 * holds for the target as stored; atomic against concurrent writes of either record and of the member index (a Lua
 * compare-and-set), so a cluster somebody joined is never renumbered. The moved member's first-seen score is kept
 * after the joined cluster's first article. Returns both articles as written, or undefined when nothing moved.
 */
export async function moveToCluster(
  redis: Redis,
  k: StoreKeys,
  id: string,
  targetId: string,
  accept: (target: Article) => boolean,
): Promise<{ moved: Article; target: Article } | undefined> {
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
    const [rawHead, rawTarget] = await redis.mgetBuffer(k.article(id), k.article(targetId));
    if (!rawHead || !rawTarget) return undefined;
    const head = decodeArticle(rawHead);
    const target = decodeArticle(rawTarget);
    // A target that joined this head's cluster meanwhile came after it: the head stays where it is.
    if (head.clusterId !== head.id || target.clusterId === head.id || !accept(target)) return undefined;
    const moved: Article = { ...head, clusterId: target.clusterId };
    const keys = [k.article(id), k.article(targetId), k.cluster(head.id), k.cluster(target.clusterId)];
    const args = [sha1(rawHead), sha1(rawTarget), encodeArticle(JSON.stringify(moved)), id, target.clusterId, firstSeen(head)];
    const r = await redis.eval(MOVE_SCRIPT, keys.length, ...keys, ...args);
    if (r === 1) return { moved, target };
    if (r === -1) return undefined;
  }
  return undefined;
}

/** An article's previous versions, newest first (entries that do not parse are skipped, not fatal). */
export async function readRevisions(redis: Redis, k: StoreKeys, id: string): Promise<Revision[]> {
  const raw = await redis.lrange(k.revisions(id), 0, MAX_REVISIONS - 1);
  const out: Revision[] = [];
  for (const r of raw) {
    try {
      const v = JSON.parse(r) as Partial<Revision>;
      if (typeof v.title === 'string' && typeof v.contentHash === 'string' && typeof v.at === 'string') {
        out.push({ title: v.title, contentHash: v.contentHash, at: v.at });
      }
    } catch {
      // A malformed entry (written by hand, say) must not hide the others.
    }
  }
  return out;
}
