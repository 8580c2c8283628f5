/** Vitest global setup: make sure a Redis answers for the whole run (REDIS_URL, else 127.0.0.1:6379, else a throwaway redis-server). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/net.js';
import { pingRedis } from '../../src/queue/managed-redis.js';
import type { TestProject } from 'vitest/node';



let child: ChildProcess | undefined;
let dir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.REDIS_URL;
  if (!url && (await pingRedis('127.0.0.1', 6379))) url = 'redis://127.0.0.1:6379';
  if (!url) {
    const port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'feedmill-test-redis-'));
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    const spawnError = await new Promise<Error | undefined>((resolve) => {
      child!.once('error', resolve);
      setTimeout(() => resolve(undefined), 200);
    });
    if (spawnError) {
      throw new Error(
        'tests need Redis: set REDIS_URL, run one on 127.0.0.1:6379, or install redis-server ' +
          '(apt-get install redis-server / brew install redis) so the tests can start their own',
      );
    }
    for (let i = 0; i < 50 && !(await pingRedis('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 100));
    url = `redis://127.0.0.1:${port}`;
  }
  project.provide('redisUrl', url);
  process.env.REDIS_URL = url;
  return async () => {
    if (child) {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
