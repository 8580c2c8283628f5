/** `feedmill start`, `worker` and `serve`: long-running processes with one shutdown path. */
import type { Role } from '../model/jobs.js';
import { publishFeed } from '../pipeline/index.js';
import { scheduleMaintenance, syncSchedulers } from '../queue/queues.js';
import { buildApp } from '../server/app.js';
import { buildWorkerApp } from '../server/worker-app.js';
import { ALL_ROLES } from '../../workers/roles.js';
import { startPipeline } from './pipeline-host.js';
import { syncSources } from './sync-sources.js';
import { schedulePlan } from '../sources/schedule.js';
import { loadConfig } from '../config/index.js';
import { openContext, type Context, type GlobalOptions } from './context.js';
import { isServeWorker, runServeCluster } from './serve-cluster.js';

async function listen(ctx: Context): Promise<void> {
  const app = buildApp(ctx.rt.serverDeps);
  await app.listen({ host: ctx.config.server.host, port: ctx.config.server.port });
  ctx.life.add('http', () => app.close());
  ctx.log.info({ url: ctx.config.server.baseUrl, feeds: ctx.config.feeds.map((f) => f.id) }, 'serving feeds');
}

async function runRoles(ctx: Context, roles: readonly Role[], opts: GlobalOptions): Promise<void> {
  const { synced, registered } = await syncSources(ctx);
  if (synced.added.length + synced.updated.length + synced.removed.length > 0) ctx.log.info({ ...synced }, 'sources synced from config');
  if (roles.includes('fetch')) {
    // Paused sources get no scheduler; the rest keep their adaptive plan across restarts (a muted 410 Gone one stays off).
    const sources = registered.filter((s) => !s.paused);
    const states = new Map((await ctx.rt.deps.sources.getMany(sources.map((s) => s.id))).map((st, i) => [sources[i]!.id, st]));
    await syncSchedulers(ctx.rt.deps.queues, sources, (s) => schedulePlan(s, states.get(s.id)));
  }
  // The publish-role process runs retention every `retention.every` (idempotent when several processes set it).
  if (roles.includes('publish')) await scheduleMaintenance(ctx.rt.deps.queues, ctx.config.retention.everyMs);
  await startPipeline(ctx, roles, opts);
  ctx.log.info({ roles, sources: ctx.config.sources.length }, 'workers started');
}

/** `feedmill start`: API, every worker role and the scheduler in one process. */
export async function startCommand(opts: GlobalOptions): Promise<void> {
  const ctx = await openContext(opts);
  ctx.life.handleSignals();
  await runRoles(ctx, ALL_ROLES, opts);
  // Render every feed once at start so readers never see a 503 from a fresh instance.
  await Promise.all(ctx.config.feeds.map((def) => publishFeed(def, ctx.rt.deps)));
  await listen(ctx);
}

/** `feedmill worker --roles …`: only the given pipeline roles, with their own health and metrics port when asked. */
export async function workerCommand(opts: GlobalOptions & { roles: Role[]; metricsPort?: number }): Promise<void> {
  const ctx = await openContext(opts);
  ctx.life.handleSignals();
  await runRoles(ctx, opts.roles, opts);
  const port = opts.metricsPort ?? ctx.config.workers.metricsPort;
  if (port > 0) {
    const app = buildWorkerApp(ctx.rt.serverDeps);
    await app.listen({ host: ctx.config.server.host, port });
    ctx.life.add('http', () => app.close());
    ctx.log.info({ url: `http://${ctx.config.server.host}:${port}/metrics` }, 'worker health and metrics');
  }
}

/** `feedmill serve`: only the HTTP server; with `--workers N` (or `server.processes`) N of them (node:cluster). */
export async function serveCommand(opts: GlobalOptions & { workers?: number }): Promise<void> {
  if (!isServeWorker()) {
    const config = loadConfig(opts.config, opts.env);
    const workers = opts.workers ?? config.server.processes;
    if (workers > 1) return runServeCluster(config, workers, opts.env);
  }
  const ctx = await openContext(opts);
  ctx.life.handleSignals();
  await listen(ctx);
}
