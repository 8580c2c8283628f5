/** Pipeline roles of a command: in worker threads (`workers.threads` > 0) so they use every core and never block HTTP, or on this thread. */
import type { Role } from '../model/jobs.js';
import { startRoles } from '../../workers/roles.js';
import { lowerHelperThreads, scavengeOnOwnThread } from '../../workers/priority.js';
import { spawnRoleThreads, startRoleThreads } from '../../workers/threads.js';
import type { Context, GlobalOptions } from './context.js';

/**
 * Starts the roles and registers their shutdown; with threads, /metrics of this process includes theirs.
 * `alsoHere` (a batch crawl, no HTTP to keep free): this thread works too, from the start, while the threads start up,
 * so a small crawl does not wait for them and a large one gets every core.
 */
export async function startPipeline(ctx: Context, roles: readonly Role[], opts: GlobalOptions & { alsoHere?: boolean }): Promise<void> {
  // With `auto`, a command whose own thread works too (`crawl --once`) starts one thread fewer: one worker per core.
  // Measured with `npm run bench -- ingest` on 2 cores, 10,000 articles: main + 1 thread 575–597 articles/s, main + 2
  // threads 409–544 (the third JavaScript thread only competes for the two cores, and costs its start-up).
  const configured = ctx.config.workers.threads;
  const count = opts.alsoHere && ctx.config.workers.autoThreads ? Math.max(0, configured - 1) : configured;
  if (count === 0 || opts.alsoHere) {
    const running = startRoles(ctx.rt, roles);
    ctx.life.add('workers', () => running.close());
    if (count === 0) return;
  }
  const threadOpts = {
    count,
    roles,
    configDir: ctx.config.dir,
    env: opts.env ?? process.env,
    redisUrl: ctx.rt.redisUrl,
    log: ctx.log,
    nice: ctx.config.workers.nice,
    // Inside the process's own deadline, so a stuck thread is terminated before the process gives up.
    closeTimeoutMs: Math.floor(ctx.config.workers.shutdownTimeoutMs * 0.8),
  };
  if (opts.alsoHere) {
    const threads = spawnRoleThreads(threadOpts);
    threads.ready.catch((err: Error) => ctx.log.warn({ err: err.message }, 'worker threads did not start: this thread works alone'));
    ctx.life.add('threads', () => threads.close());
    ctx.rt.serverDeps.pipelineMetrics = (own) => threads.metrics(own);
    return;
  }
  const threads = await startRoleThreads(threadOpts);
  ctx.life.add('workers', () => threads.close());
  ctx.rt.serverDeps.pipelineMetrics = (own) => threads.metrics(own);
  // Their garbage collection runs on V8's shared helper threads: those yield to the HTTP thread too.
  const helpers = lowerHelperThreads(ctx.config.workers.nice);
  // ...and so this thread's young-generation collections do not wait for them (measured in workers/priority.ts).
  if (helpers > 0) scavengeOnOwnThread();
  ctx.log.info({ threads: count, roles, helpersReniced: helpers }, 'pipeline roles running in worker threads');
}
