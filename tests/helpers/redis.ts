/** Per-test Redis access: a unique key prefix for each test, and cleanup of every key under it. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';

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

/**
 * One Redis client for a test file (opened before its tests, closed after), and fresh prefixes whose keys are all
 * deleted after the file's tests.
 */
export function redisForFile(): { redis: () => Redis; prefix: (label: string) => string } {
  let client: Redis | undefined;
  const prefixes: string[] = [];
  beforeAll(() => {
    client = testRedis();
  });
  afterAll(async () => {
    for (const p of prefixes) await deletePrefix(client!, p);
    await client?.quit();
  });
  return {
    redis: () => client!,
    prefix: (label) => {
      const p = uniquePrefix(label);
      prefixes.push(p);
      return p;
    },
  };
}
