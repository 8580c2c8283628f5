/** With no Redis answering, feedmill starts its own redis-server (append-only on) and stops it on exit. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.js';
import { ensureRedis, pingRedis } from '../../src/queue/managed-redis.js';


const hasRedisServer = (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, 'redis-server')));

describe('managed redis-server', () => {
  it.skipIf(!hasRedisServer)('starts one with append-only on and noeviction, and stops it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'feedmill-managed-'));
    const port = await freePort();
    const probePort = await freePort();
    const handle = await ensureRedis({ managed: 'auto', dataDir, port, probePort });
    try {
      expect(handle.managed).toBe(true);
      const r = new Redis(handle.url);
      expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await r.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      await r.set('k', 'v');
      await r.quit();
    } finally {
      await handle.stop();
    }
    expect(await pingRedis('127.0.0.1', port)).toBe(false);
    expect(readdirSync(dataDir).some((f) => f.startsWith('appendonly'))).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses an explicit URL as is, and refuses to start one when managed is "never"', async () => {
    const h = await ensureRedis({ url: 'redis://example:1', managed: 'auto', dataDir: '/tmp/x', port: 1 });
    expect(h).toMatchObject({ url: 'redis://example:1', managed: false });
    const probePort = await freePort();
    await expect(ensureRedis({ managed: 'never', dataDir: '/tmp/x', port: 1, probePort })).rejects.toThrow(/managed is "never"/);
  });

  it('names how to get Redis when redis-server is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const probePort = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'feedmill-managed-'));
      await expect(ensureRedis({ managed: 'auto', dataDir, port: await freePort(), probePort })).rejects.toThrow(
        /apt-get install redis-server.*docker compose up -d redis.*REDIS_URL/,
      );
      rmSync(dataDir, { recursive: true, force: true });
    } finally {
      process.env.PATH = path;
    }
  });
});
