/**
 * `feedmill serve --workers N` (or `server.processes: N`): N full `serve` processes sharing one listening
 * port through node:cluster, so feed serving uses every core. A serve process is stateless (rendered feeds,
 * tokens, counts all live in Redis; each keeps its own memory copy, kept current by the change channel),
 * so the workers need no coordination. The primary only finds (or starts) Redis once, forks, restarts a
 * worker that dies, and on SIGTERM/SIGINT stops the workers (each runs its own graceful shutdown) and exits.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config/index.js';
import { ensureRedis } from '../queue/managed-redis.js';
import { createLogger } from '../runtime/logger.js';

/** A worker that dies sooner than this after its start counts as a crash loop. */
const CRASH_WINDOW_MS = 10_000;
/** Crash-loop restarts tolerated in a row before the primary gives up. */
const MAX_QUICK_RESTARTS = 5;
const RESTART_DELAY_MS = 1000;

/** True in a process forked by the serve primary (it serves like a plain `serve`). */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** Runs the primary of a `serve` cluster of `workers` processes; resolves when it has stopped. */
export async function runServeCluster(config: Config, workers: number, env: Record<string, string | undefined> = process.env): Promise<void> {
  const log = createLogger(config.log.level).child({ component: 'serve-primary' });
  // Found or started once here, so N workers never race to start a managed redis-server.
  const redis = await ensureRedis({
    ...(config.redis.url ? { url: config.redis.url } : {}),
    managed: config.redis.managed,
    dataDir: config.redis.dataDir,
    port: config.redis.managedPort,
    onLog: (msg) => log.info(msg),
  });
  const workerEnv = { ...env, REDIS_URL: redis.url };
  let stopping = false;
  let quickRestarts = 0;
  const started = new Map<Worker, number>();

  const fork = () => started.set(cluster.fork(workerEnv), Date.now());
  const stopAll = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason, workers: started.size }, 'stopping serve workers');
    for (const w of started.keys()) w.process.kill('SIGTERM');
  };
  const done = new Promise<number>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (started.get(worker) ?? 0);
      started.delete(worker);
      if (stopping) {
        if (started.size === 0) resolve(0);
        return;
      }
      quickRestarts = lived < CRASH_WINDOW_MS ? quickRestarts + 1 : 0;
      log.warn({ pid: worker.process.pid, code, signal, lived }, 'serve worker exited');
      if (quickRestarts > MAX_QUICK_RESTARTS) {
        log.error({ restarts: quickRestarts }, 'serve workers keep dying: giving up');
        stopAll('crash loop');
        resolve(1);
        return;
      }
      // Not unref'd: with every worker gone, this timer is what keeps the primary alive to restart them.
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS);
    });
  });
  process.once('SIGTERM', () => stopAll('SIGTERM'));
  process.once('SIGINT', () => stopAll('SIGINT'));

  for (let i = 0; i < workers; i++) fork();
  log.info({ workers, url: config.server.baseUrl }, 'serve cluster started');
  const code = started.size === 0 ? 0 : await done;
  await redis.stop();
  log.info({ code }, 'stopped');
  process.exitCode = code;
}
