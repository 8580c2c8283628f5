/** Redis connections: workers block and retry forever; producers fail fast (BullMQ "going to production"). */
import { Redis, type RedisOptions } from 'ioredis';

/** Which side of the queue a connection serves. */
export type ConnectionKind = 'worker' | 'producer';

/** Opens a Redis connection tuned for its kind. */
export function createConnection(url: string, kind: ConnectionKind, extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    kind === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 5000 };
  return new Redis(url, {
    ...base,
    // Reconnect with a capped backoff so a Redis restart never kills a process.
    retryStrategy: (times) => Math.min(200 + times * 200, 5000),
    ...extra,
  });
}

/** Warns (returns a message) when Redis may evict keys, which would silently lose jobs and articles. */
export async function checkEvictionPolicy(redis: Redis): Promise<string | undefined> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = res[1];
    if (policy && policy !== 'noeviction') {
      return `Redis maxmemory-policy is "${policy}": set it to "noeviction" or queued jobs and stored articles may be evicted`;
    }
  } catch {
    // Managed Redis services often disable CONFIG; nothing to check then.
  }
  return undefined;
}
