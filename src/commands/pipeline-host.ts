/** Pipeline roles of a command: in worker threads (`workers.threads` > 0) so they use every core and never block HTTP, or on this thread. */
import type { Role } from '../model/jobs.js';
import { startRoles } from '../../workers/roles.js';
import { startRoleThreads } from '../../workers/threads.js';
import type { Context, GlobalOptions } from './context.js';

/** Starts the roles and registers their shutdown; with threads, /metrics of this process includes theirs. */
export async function startPipeline(ctx: Context, roles: readonly Role[], opts: GlobalOptions): Promise<void> {
  const count = ctx.config.workers.threads;
  if (count === 0) {
    const running = startRoles(ctx.rt, roles);
    ctx.life.add('workers', () => running.close());
    return;
  }
  const threads = await startRoleThreads({
    count,
    roles,
    configDir: ctx.config.dir,
    env: opts.env ?? process.env,
    redisUrl: ctx.rt.redisUrl,
    log: ctx.log,
    nice: ctx.config.workers.nice,
    // Inside the process's own deadline, so a stuck thread is terminated before the process gives up.
    closeTimeoutMs: Math.floor(ctx.config.workers.shutdownTimeoutMs * 0.8),
  });
  ctx.life.add('workers', () => threads.close());
  ctx.rt.serverDeps.pipelineMetrics = (own) => threads.metrics(own);
  ctx.log.info({ threads: count, roles }, 'pipeline roles running in worker threads');
}
