/** Bench clean-up: every key a run wrote under its own prefix goes, on a Redis the bench may share. */
import type { Redis } from 'ioredis';

/** UNLINKs every key under `prefix:` (SCAN in batches, so a large run never blocks the server). */
export async function deleteUnderPrefix(redis: Redis, prefix: string, batch = 1000): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', batch);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
