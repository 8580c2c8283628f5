/** `feedmill start`, `worker` and `serve`: long-running processes with one shutdown path. */
import type { Role } from '../model/jobs.js';
import { publishFeed } from '../pipeline/index.js';
import { scheduleMaintenance, syncSchedulers } from '../queue/queues.js';
import { buildApp } from '../server/app.js';
import { ALL_ROLES, startRoles } from '../../workers/roles.js';
import { openContext, type Context, type GlobalOptions } from './context.js';

async function listen(ctx: Context): Promise<void> {
  const app = buildApp(ctx.rt.serverDeps);
  await app.listen({ host: ctx.config.server.host, port: ctx.config.server.port });
  ctx.life.add('http', () => app.close());
  ctx.log.info({ url: ctx.config.server.baseUrl, feeds: ctx.config.feeds.map((f) => f.id) }, 'serving feeds');
}

async function runRoles(ctx: Context, roles: readonly Role[]): Promise<void> {
  if (roles.includes('fetch')) {
    const sources = ctx.config.sources;
    const states = new Map((await ctx.rt.deps.sources.getMany(sources.map((s) => s.id))).map((st, i) => [sources[i]!.id, st]));
    // Keep each source's adaptive plan across restarts; a muted (410 Gone) source stays unscheduled.
    await syncSchedulers(ctx.rt.deps.queues, sources, (s) => {
      const st = states.get(s.id);
      if (st?.status === 'gone') return undefined;
      const next = st?.nextCheckAt ? new Date(st.nextCheckAt) : undefined;
      if (!s.adaptive) return { everyMs: s.intervalMs, ...(next && next.getTime() <= Date.now() + s.intervalMs ? { startAt: next } : {}) };
      return { everyMs: st?.intervalMs ?? s.intervalMs, ...(next ? { startAt: next } : {}) };
    });
  }
  // The publish-role process runs retention every `retention.every` (idempotent when several processes set it).
  if (roles.includes('publish')) await scheduleMaintenance(ctx.rt.deps.queues, ctx.config.retention.everyMs);
  const running = startRoles(ctx.rt, roles);
  ctx.life.add('workers', () => running.close());
  ctx.log.info({ roles, sources: ctx.config.sources.length }, 'workers started');
}

/** `feedmill start`: API, every worker role and the scheduler in one process. */
export async function startCommand(opts: GlobalOptions): Promise<void> {
  const ctx = await openContext(opts);
  ctx.life.handleSignals();
  await runRoles(ctx, ALL_ROLES);
  // Render every feed once at start so readers never see a 503 from a fresh instance.
  await Promise.all(ctx.config.feeds.map((def) => publishFeed(def, ctx.rt.deps)));
  await listen(ctx);
}

/** `feedmill worker --roles …`: only the given pipeline roles. */
export async function workerCommand(opts: GlobalOptions & { roles: Role[] }): Promise<void> {
  const ctx = await openContext(opts);
  ctx.life.handleSignals();
  await runRoles(ctx, opts.roles);
}

/** `feedmill serve`: only the HTTP server. */
export async function serveCommand(opts: GlobalOptions): Promise<void> {
  const ctx = await openContext(opts);
  ctx.life.handleSignals();
  await listen(ctx);
}
