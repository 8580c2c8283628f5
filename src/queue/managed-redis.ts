/** Finds a Redis to use, or starts a managed redis-server (data under ./data/redis, append-only on) and stops it on exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { FeedmillError } from '../model/errors.js';

/** A Redis ready to use; `stop` shuts down a managed server (no-op otherwise). */
export interface RedisHandle {
  url: string;
  managed: boolean;
  stop(): Promise<void>;
}

/** Options for finding or starting Redis. */
export interface EnsureRedisOptions {
  url?: string;
  managed: 'auto' | 'never';
  dataDir: string;
  port: number;
  /** Port probed for an already running Redis (default 6379). */
  probePort?: number;
  onLog?: (msg: string) => void;
}

/** True when something at host:port answers a Redis PING. */
export function pingRedis(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH')));
  });
}

const NO_REDIS =
  'no Redis answers on 127.0.0.1:6379 and redis-server is not installed. Install it (apt-get install redis-server, ' +
  'brew install redis), or run `docker compose up -d redis`, or set REDIS_URL to a Redis you have.';

/** Uses an explicit URL, else 127.0.0.1:6379 when it answers, else starts redis-server when allowed. */
export async function ensureRedis(opts: EnsureRedisOptions): Promise<RedisHandle> {
  if (opts.url) return { url: opts.url, managed: false, stop: async () => {} };
  const probe = opts.probePort ?? 6379;
  if (await pingRedis('127.0.0.1', probe)) return { url: `redis://127.0.0.1:${probe}`, managed: false, stop: async () => {} };
  if (opts.managed === 'never') {
    throw new FeedmillError('config', 'CONFIG', 'no Redis answers on 127.0.0.1:6379 and redis.managed is "never": set REDIS_URL');
  }
  const port = opts.port;
  mkdirSync(opts.dataDir, { recursive: true });
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dataDir,
    '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no',
  ];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const failed = await new Promise<Error | undefined>((resolve) => {
    child.once('error', resolve);
    child.once('exit', (code) => resolve(new Error(`redis-server exited with code ${code}`)));
    void waitForPing(port, 10_000).then((ok) => resolve(ok ? undefined : new Error('redis-server did not answer in 10s')));
  });
  if (failed) {
    child.kill('SIGKILL');
    const missing = (failed as NodeJS.ErrnoException).code === 'ENOENT';
    throw new FeedmillError('config', 'CONFIG', missing ? NO_REDIS : `could not start redis-server: ${failed.message}`);
  }
  opts.onLog?.(`started managed redis-server on 127.0.0.1:${port} (data in ${opts.dataDir})`);
  return {
    url: `redis://127.0.0.1:${port}`,
    managed: true,
    stop: () => stopChild(child),
  };
}

async function waitForPing(port: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await pingRedis('127.0.0.1', port, 300)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGTERM makes redis-server flush the append-only file and exit cleanly.
    child.kill('SIGTERM');
  });
}

/** The Redis a one-off command should talk to without starting one: explicit URL, else 6379 if it answers, else the managed port. */
export async function existingRedisUrl(redis: { url?: string; managedPort: number }): Promise<string> {
  if (redis.url) return redis.url;
  return (await pingRedis('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : `redis://127.0.0.1:${redis.managedPort}`;
}
