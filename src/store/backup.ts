/**
 * Backup and restore of one instance's data: every key under the prefix (articles, indexes, source state, rendered
 * feeds, queues) with Redis DUMP/RESTORE, one JSON line per key. Portable between Redis servers of the same major
 * version, and scoped to the prefix, so one instance can be moved without touching others on a shared Redis.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';

/** What a backup or restore did. */
export interface BackupStats {
  keys: number;
  bytes: number;
}

interface Line {
  k: string;
  ttl: number;
  v: string;
}

/** Writes every key under `prefix:` to `file` as JSON lines `{ k, ttl, v }` (v: base64 of DUMP). */
export async function backupPrefix(redis: Redis, prefix: string, file: string): Promise<BackupStats> {
  const out = createWriteStream(file);
  let keys = 0;
  let bytes = 0;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (batch.length === 0) continue;
    const pipe = redis.pipeline();
    for (const k of batch) {
      pipe.dumpBuffer(k);
      pipe.pttl(k);
    }
    const res = (await pipe.exec()) ?? [];
    for (let i = 0; i < batch.length; i++) {
      const dump = res[i * 2]?.[1] as Buffer | null;
      const ttl = res[i * 2 + 1]?.[1] as number;
      if (!dump) continue; // deleted between SCAN and DUMP
      const line: Line = { k: batch[i]!, ttl: ttl > 0 ? ttl : 0, v: dump.toString('base64') };
      const text = `${JSON.stringify(line)}\n`;
      bytes += dump.length;
      keys += 1;
      if (!out.write(text)) await once(out, 'drain');
    }
  } while (cursor !== '0');
  out.end();
  await once(out, 'finish');
  return { keys, bytes };
}

/** Restores a backup written by backupPrefix; existing keys are replaced. Keys outside `prefix:` are refused. */
export async function restorePrefix(redis: Redis, prefix: string, file: string): Promise<BackupStats> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let keys = 0;
  let bytes = 0;
  let pipe = redis.pipeline();
  for await (const text of rl) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as Line;
    if (!line.k.startsWith(`${prefix}:`)) throw new Error(`restore: key "${line.k}" is not under the prefix "${prefix}:"`);
    const value = Buffer.from(line.v, 'base64');
    pipe.restore(line.k, line.ttl, value, 'REPLACE');
    keys += 1;
    bytes += value.length;
    if (keys % 500 === 0) {
      await execChecked(pipe);
      pipe = redis.pipeline();
    }
  }
  await execChecked(pipe);
  return { keys, bytes };
}

async function execChecked(pipe: ReturnType<Redis['pipeline']>): Promise<void> {
  for (const [err] of (await pipe.exec()) ?? []) if (err) throw err;
}
