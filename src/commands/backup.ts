/** `feedmill backup FILE` and `feedmill restore FILE`: one instance's Redis data, by prefix, as portable JSON lines. */
import { Redis } from 'ioredis';
import { loadConfig } from '../config/index.js';
import { FeedmillError } from '../model/errors.js';
import { existingRedisUrl } from '../queue/managed-redis.js';
import { backupPrefix, restorePrefix } from '../store/backup.js';
import type { GlobalOptions } from './context.js';

async function open(opts: GlobalOptions): Promise<{ redis: Redis; prefix: string }> {
  const config = loadConfig(opts.config, opts.env);
  const url = await existingRedisUrl(config.redis);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
  } catch (err) {
    throw new FeedmillError('config', 'CONFIG', `cannot reach Redis at ${url}: ${(err as Error).message}`);
  }
  return { redis, prefix: config.redis.prefix };
}

/** Writes every key of this instance (its prefix) to FILE. */
export async function backupCommand(file: string, opts: GlobalOptions): Promise<void> {
  const { redis, prefix } = await open(opts);
  try {
    const s = await backupPrefix(redis, prefix, file);
    process.stdout.write(`backed up ${s.keys} keys (${s.bytes} bytes) under "${prefix}:" to ${file}\n`);
  } finally {
    redis.disconnect();
  }
}

/** Restores FILE into this instance's prefix (stop the workers first: restored queues resume where they were). */
export async function restoreCommand(file: string, opts: GlobalOptions): Promise<void> {
  const { redis, prefix } = await open(opts);
  try {
    const s = await restorePrefix(redis, prefix, file);
    process.stdout.write(`restored ${s.keys} keys (${s.bytes} bytes) under "${prefix}:" from ${file}\n`);
  } finally {
    redis.disconnect();
  }
}
