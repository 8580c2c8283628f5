/** The registry step every pipeline command starts with: sources.yaml in, then the feed filters checked against it. */
import type { RegisteredSource, SyncResult } from '../sources/index.js';
import { warnUnknownFilterSources } from '../sources/feed-references.js';
import type { Context } from './context.js';

/**
 * Syncs sources.yaml into the registry (config wins for the ids it names, sources dropped from it go, runtime ones
 * stay), then warns about feed filters naming no registered source: feeds.yaml may name runtime sources, so that
 * is checked here, against the registry, not when the file loads. Returns what the sync changed and every source.
 */
export async function syncSources(ctx: Pick<Context, 'config' | 'rt' | 'log'>): Promise<{ synced: SyncResult; registered: RegisteredSource[] }> {
  const synced = await ctx.rt.deps.registry.syncFromConfig(ctx.config.sources);
  const registered = await ctx.rt.deps.registry.list();
  warnUnknownFilterSources(ctx.config.feeds, new Set(registered.map((s) => s.id)), ctx.log);
  return { synced, registered };
}
