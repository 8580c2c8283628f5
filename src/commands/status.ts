/** `feedmill status`: the health table of every source, from Redis. */
import { Redis } from 'ioredis';
import { loadConfig } from '../config/index.js';
import { createQueues } from '../queue/queues.js';
import { formatDuration } from '../schedule/index.js';
import { existingRedisUrl } from '../queue/managed-redis.js';
import { sourceViews, type SourceView } from '../server/source-view.js';
import { ArticleStore, SourceStateStore } from '../store/index.js';
import { SourceRegistry } from '../sources/registry.js';
import type { GlobalOptions } from './context.js';

/** Renders source views as an aligned table. */
export function formatStatus(views: readonly SourceView[]): string {
  const head = ['source', 'status', 'last success', 'failures', 'last error', 'articles', '304 rate', 'next check', 'interval (why)'];
  const rows = views.map((v) => [
    v.id,
    v.status,
    v.lastSuccessAt ?? '-',
    String(v.consecutiveFailures),
    v.lastError ? `${v.lastError.code}: ${v.lastError.message}`.slice(0, 60) : '-',
    String(v.articles),
    v.notModifiedRate === null ? '-' : `${Math.round(v.notModifiedRate * 100)}%`,
    v.nextCheckAt ?? '-',
    `${formatDuration(v.intervalSeconds * 1000)} (${v.intervalReason ?? '-'})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Prints the status table (or JSON); reads Redis without starting one. */
export async function statusCommand(opts: GlobalOptions & { json?: boolean }): Promise<void> {
  const config = loadConfig(opts.config);
  const url = await existingRedisUrl(config.redis);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  const queues = createQueues(redis, config.redis.prefix);
  try {
    const views = await sourceViews({
      config,
      registry: new SourceRegistry(redis, config.redis.prefix, config.sources),
      sources: new SourceStateStore(redis, config.redis.prefix),
      articles: new ArticleStore(redis, config.redis.prefix),
      queues,
    });
    process.stdout.write(opts.json ? `${JSON.stringify(views, null, 2)}\n` : formatStatus(views));
  } finally {
    await queues.close();
    await redis.quit();
  }
}
