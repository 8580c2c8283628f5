/**
 * Purge of a removed source: every stored article of it (with the index, cluster and near-duplicate entries retention
 * removes, store/retention.ts) and its per-source state. No tombstones: the source is gone, so no feed of it can bring
 * its items back, and a source re-added later under the same id starts afresh.
 */
import type { Redis } from 'ioredis';
import type { LshIndex } from '../dedup/lsh.js';
import { storeKeys } from './keys.js';
import { deleteChunk } from './retention.js';

/** Articles per MULTI, as retention does: small transactions keep other clients' latency flat. */
const CHUNK = 100;

/** Deletes every article of `sourceId` (oldest first, in bounded chunks); returns how many were deleted. */
export async function purgeSourceArticles(redis: Redis, prefix: string, sourceId: string, lsh: Pick<LshIndex, 'remove'>, now = Date.now()): Promise<number> {
  const k = storeKeys(prefix);
  let deleted = 0;
  for (;;) {
    const ids = await redis.zrange(k.bySource(sourceId), 0, CHUNK - 1);
    if (ids.length === 0) break;
    deleted += (await deleteChunk(redis, k, sourceId, ids, now, lsh, false)).deleted;
  }
  return deleted;
}

/** Deletes a source's fetch state, full-text counters, "seen items" map and fetch history (its articles stay unless purged). */
export async function deleteSourceState(redis: Redis, prefix: string, sourceId: string): Promise<void> {
  const k = storeKeys(prefix);
  await redis.del(k.sourceState(sourceId), k.fullText(sourceId), k.itemSeen(sourceId), k.fetchLog(sourceId));
}
