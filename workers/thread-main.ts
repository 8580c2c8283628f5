/** Entry of a pipeline worker thread: its own config, runtime and BullMQ workers; the parent says when to stop. */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { Logger } from 'pino';
import { loadConfig } from '../src/config/index.js';
import type { Role } from '../src/model/jobs.js';
import { createLogger } from '../src/runtime/logger.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { lowerThisThread } from './priority.js';
import { startRoles } from './roles.js';
import type { ThreadData, ThreadReply, ThreadRequest } from './thread-protocol.js';

/** Renices this thread (see priority.ts); a failure only costs the server some latency under load. */
function lowerPriority(nice: number, log: Logger): void {
  try {
    lowerThisThread(nice);
  } catch (err) {
    log.debug({ err: err instanceof Error ? err.message : String(err) }, 'could not lower the worker thread priority');
  }
}

async function main(data: ThreadData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('thread-main must run in a worker thread');
  // The parent already found (or started) Redis: point this thread at the same server, never a second managed one.
  const config = loadConfig(data.configDir, { ...data.env, REDIS_URL: data.redisUrl, FEEDMILL_THREADS: '0' });
  const log = createLogger(config.log.level).child({ thread: threadId });
  lowerPriority(data.nice, log);
  const rt = await createRuntime(config, log, { processMetrics: false });
  const running = startRoles(rt, data.roles as Role[]);
  port.on('message', (msg: ThreadRequest) => {
    if (msg.type === 'metrics') {
      void rt.metrics.registry.getMetricsAsJSON().then(
        // JSON round trip: plain data only crosses the thread boundary.
        (metrics) => port.postMessage({ type: 'metrics', id: msg.id, metrics: JSON.parse(JSON.stringify(metrics)) as object[] } satisfies ThreadReply),
        () => port.postMessage({ type: 'metrics', id: msg.id, metrics: [] } satisfies ThreadReply),
      );
    } else if (msg.type === 'close') {
      // Worker.close() lets in-flight jobs finish, so a clean stop leaves nothing stalled.
      void running
        .close()
        .then(() => rt.close())
        .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'error while closing thread'))
        .finally(() => {
          port.postMessage({ type: 'closed' } satisfies ThreadReply);
          // In a worker thread, exit ends this thread only; lingering sockets or timers must not keep it alive.
          process.exit(0);
        });
    }
  });
  port.postMessage({ type: 'ready' } satisfies ThreadReply);
}

void main(workerData as ThreadData).catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies ThreadReply);
  parentPort?.close();
});
