/** Per-test Redis access: a unique key prefix for each test, and cleanup of every key under it. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** The Redis URL chosen by the global setup. */
export function redisUrl(): string {
  return inject('redisUrl');
}

/** A fresh, unique key prefix for one test. */
export function uniquePrefix(label = 't'): string {
  return `fmtest:${label}:${randomBytes(4).toString('hex')}`;
}

/** A Redis client for tests. */
export function testRedis(): Redis {
  return new Redis(redisUrl(), { maxRetriesPerRequest: 3, lazyConnect: false });
}

/** Deletes every key that starts with `prefix`. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
