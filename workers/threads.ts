/** Pipeline roles in worker threads: CPU-heavy jobs use every core and never block the process's HTTP event loop. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Role } from '../src/model/jobs.js';
import type { ThreadData, ThreadReply, ThreadRequest } from './thread-protocol.js';

/** How to start the threads. */
export interface ThreadOptions {
  count: number;
  roles: readonly Role[];
  configDir: string | undefined;
  env: Record<string, string | undefined>;
  /** The Redis the parent resolved (found or managed): threads connect to it. */
  redisUrl: string;
  log: Logger;
  /** Nice value of each thread (Linux; 0 leaves it). */
  nice?: number;
  /** Time a thread gets to finish its in-flight jobs on close before it is terminated. */
  closeTimeoutMs: number;
}

/** Running threads: close them (in-flight jobs finish) and read their metrics. */
export interface RoleThreads {
  readonly count: number;
  close(): Promise<void>;
  /** This process's registry merged with every thread's (counters summed). */
  metrics(own: Registry): Promise<Registry>;
  /** The threads running now (supervision and tests: a terminated one is replaced). */
  live(): readonly Worker[];
}

/**
 * Young generation of a pipeline thread, MB. Articles are allocation-heavy (parse trees, sanitized HTML, tokens)
 * and short-lived: V8's default young generation (16 MB semi-spaces on 64-bit) promotes much of that garbage to
 * the old generation before it dies. 64 MB semi-spaces (3 × 64 MB young generation) cut GC CPU: `npm run bench --
 * ingest` measured 2.57 → 2.32 ms of CPU per article on one thread (node --max-semi-space-size=64), and with two
 * threads 3.60 → 3.33 ms (start-up included) and 495 → 544 articles/s for 10,000 articles.
 */
const YOUNG_GENERATION_MB = 192;

/** The thread entry: compiled JS next to this file, or the TypeScript source through tsx's loader (tests, tsx runs). */
function spawnThread(data: ThreadData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (!fromSource) return new Worker(new URL('./thread-main.js', import.meta.url), { workerData: data, resourceLimits });
  // Node 20 resolves a worker's entry before `--import` hooks apply, so register tsx first, then import the source.
  // tsx's ESM build (its CommonJS build registers the loader relative to the wrong file).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const main = new URL('./thread-main.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(main)}); });`;
  return new Worker(code, { eval: true, workerData: data, resourceLimits });
}

/** Delay before a thread that died is replaced (a crash loop must not spin). */
const RESPAWN_DELAY_MS = 1_000;

/** Starts `count` threads, each running `roles` as BullMQ workers; resolves once all are ready. A thread that dies is replaced. */
export async function startRoleThreads(opts: ThreadOptions): Promise<RoleThreads> {
  const threads = spawnRoleThreads(opts);
  await threads.ready;
  return threads;
}

/**
 * Starts the threads without waiting for them: `ready` settles when all have started (rejects, after terminating
 * them, when one could not). `close` may be called at any time; a thread still starting stops once it has started.
 */
export function spawnRoleThreads(opts: ThreadOptions): RoleThreads & { ready: Promise<void> } {
  const data: ThreadData = { configDir: opts.configDir, env: opts.env, redisUrl: opts.redisUrl, roles: [...opts.roles], nice: opts.nice ?? 0 };
  const alive = new Set<Worker>();
  /** Threads that have started (a scrape asks only these: one still starting would answer only after its start-up). */
  const started = new Set<Worker>();
  const pending = new Map<number, (m: object[]) => void>();
  let nextId = 0;
  let closing = false;

  const spawn = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const w = spawnThread(data);
      let ready = false;
      alive.add(w);
      w.on('message', (msg: ThreadReply) => {
        if (msg.type === 'ready') {
          ready = true;
          started.add(w);
          resolve(w);
        } else if (msg.type === 'failed') reject(new Error(`worker thread failed to start: ${msg.message}`));
        else if (msg.type === 'metrics') pending.get(msg.id)?.(msg.metrics);
      });
      w.on('error', (err) => {
        opts.log.error({ err: err.message, threadId: w.threadId }, 'worker thread crashed');
        if (!ready) reject(err);
      });
      w.on('exit', (code) => {
        alive.delete(w);
        started.delete(w);
        if (closing || !ready) return;
        // Its jobs' locks lapse and BullMQ's stalled check hands them to the other workers; keep the capacity.
        opts.log.error({ code, threadId: w.threadId }, 'worker thread exited: starting another');
        setTimeout(() => {
          if (!closing) spawn().catch((err: Error) => opts.log.error({ err: err.message }, 'worker thread could not be replaced'));
        }, RESPAWN_DELAY_MS).unref();
      });
    });

  const ready = Promise.all(Array.from({ length: opts.count }, spawn)).then(
    () => undefined,
    async (err: unknown) => {
      closing = true;
      await Promise.allSettled([...alive].map((t) => t.terminate()));
      throw err;
    },
  );

  const ask = (t: Worker): Promise<object[]> =>
    new Promise((resolve) => {
      const id = nextId++;
      const done = (m: object[]) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(m);
      };
      // A thread busy past this is left out of one scrape rather than holding it.
      const timer = setTimeout(() => done([]), 2_000);
      pending.set(id, done);
      t.postMessage({ type: 'metrics', id } satisfies ThreadRequest);
    });
  const closeOne = (t: Worker): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        opts.log.warn({ threadId: t.threadId }, 'worker thread did not stop in time: terminating it');
        void t.terminate().then(() => resolve());
      }, opts.closeTimeoutMs);
      t.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      t.postMessage({ type: 'close' } satisfies ThreadRequest);
    });

  return {
    ready,
    count: opts.count,
    live: () => [...alive],
    close: async () => {
      closing = true;
      await Promise.all([...alive].map(closeOne));
    },
    metrics: async (own) => {
      const parts = await Promise.all([...started].map(ask));
      return AggregatorRegistry.aggregate([await own.getMetricsAsJSON(), ...parts]);
    },
  };
}
