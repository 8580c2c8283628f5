/**
 * `feedmill feeds …`: operator commands for outbound feeds.
 *   feeds list                          feeds, their URLs and subscriber counts
 *   feeds export DIR [--all] [--compress] [--base-url URL]   every feed in every format + feeds.opml
 *   feeds tokens create --name N --feeds a,b [--rate N] | list | revoke ID   partner tokens
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../config/index.js';
import { existingRedisUrl } from '../queue/managed-redis.js';
import { FeedmillError } from '../model/errors.js';
import { SubscriberStore } from '../partners/subscribers.js';
import { TokenStore } from '../partners/tokens.js';
import { relatedLinks } from '../pipeline/related.js';
import { selectPage } from '../pipeline/select.js';
import { ArticleStore } from '../store/index.js';
import { compressBody, FEED_FORMATS, feedUrl, renderFeed, renderOpml } from '../syndicate/index.js';
import type { GlobalOptions } from './context.js';

/** Options of `feeds export`. */
export interface ExportOptions {
  /** Include `access: token` feeds (default: public feeds only, since an export is meant for a public CDN). */
  all?: boolean;
  /** Also write `.gz` and `.br` siblings (nginx gzip_static / brotli_static, object-storage encodings). */
  compress?: boolean;
  /** Public URL the files will be served under (self links); default server.baseUrl. */
  baseUrl?: string;
  now?: Date;
}

/** Renders every selected feed in every format into `dir/feeds/` plus `dir/feeds.opml`; returns the paths written. */
export async function exportFeeds(config: Config, articles: ArticleStore, dir: string, opts: ExportOptions = {}): Promise<string[]> {
  const baseUrl = (opts.baseUrl ?? config.server.baseUrl).replace(/\/+$/, '');
  const now = opts.now ?? new Date();
  const feeds = config.feeds.filter((f) => opts.all || f.access === 'public');
  await mkdir(join(dir, 'feeds'), { recursive: true });
  const written: string[] = [];
  const put = async (path: string, body: string | Buffer) => {
    await writeFile(path, body);
    written.push(path);
  };
  for (const def of feeds) {
    // A static copy has no server to answer ?before= cursors, so it carries the newest page without paging links.
    const page = await selectPage(def, articles, { limit: def.limit, nowMs: now.getTime() });
    const related = await relatedLinks(articles, page.articles);
    for (const format of FEED_FORMATS) {
      const { body } = renderFeed(def, page.articles, format, { baseUrl, related });
      const path = join(dir, 'feeds', `${def.id}.${format}`);
      await put(path, body);
      if (opts.compress) {
        const { gzip, br } = await compressBody(body);
        await put(`${path}.gz`, gzip);
        await put(`${path}.br`, br);
      }
    }
  }
  const opml = renderOpml(
    'feedmill feeds',
    feeds.map((f) => ({ title: f.title, ...(f.description ? { description: f.description } : {}), xmlUrl: feedUrl(baseUrl, f.id, 'atom'), htmlUrl: `${baseUrl}/` })),
    now,
  );
  await put(join(dir, 'feeds.opml'), opml);
  return written;
}

/** What a feeds subcommand works with: config and a plain Redis connection (no queues, no workers). */
interface FeedsContext {
  config: Config;
  redis: Redis;
  articles: ArticleStore;
}

/** Opens the instance's Redis the way `status` does (REDIS_URL, else a local one, else the managed port), runs, closes. */
async function withContext<T>(opts: GlobalOptions, run: (ctx: FeedsContext) => Promise<T>): Promise<T> {
  const config = loadConfig(opts.config, opts.env);
  const url = await existingRedisUrl(config.redis);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    return await run({ config, redis, articles: new ArticleStore(redis, config.redis.prefix) });
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};

/** Registers `feeds` and its subcommands on the program. */
export function registerFeedsCommand(program: Command): void {
  const cfg = ['--config <dir>', 'config folder (default: $FEEDMILL_CONFIG_DIR or ./config)'] as const;
  const feeds = program.command('feeds').description('outbound feeds: list, export, partner tokens');

  feeds
    .command('list')
    .description('feeds, their URLs and subscriber counts reported by feed readers')
    .option(...cfg)
    .option('--json', 'JSON output')
    .action((opts: GlobalOptions & { json?: boolean }) =>
      withContext(opts, async (ctx) => {
        const subs = new SubscriberStore(ctx.redis, ctx.config.redis.prefix);
        const rows = await Promise.all(
          ctx.config.feeds.map(async (f) => ({ id: f.id, access: f.access, url: feedUrl(ctx.config.server.baseUrl, f.id, 'atom'), subscribers: await subs.get(f.id) })),
        );
        if (opts.json) return out(JSON.stringify(rows, null, 2));
        for (const r of rows) {
          const by = r.subscribers.readers.map((x) => `${x.reader} ${x.count}`).join(', ');
          out(`${r.id}\t${r.access}\t${r.url}\t${r.subscribers.total} subscribers${by ? ` (${by})` : ''}`);
        }
      }),
    );

  feeds
    .command('export')
    .description('write every feed in every format, and feeds.opml, into DIR (for a CDN or object storage)')
    .argument('<dir>')
    .option(...cfg)
    .option('--all', 'include access: token feeds')
    .option('--compress', 'also write .gz and .br files')
    .option('--base-url <url>', 'public URL the files will be served from')
    .action((dir: string, opts: GlobalOptions & ExportOptions) =>
      withContext(opts, async (ctx) => {
        const files = await exportFeeds(ctx.config, ctx.articles, dir, opts);
        out(`${files.length} files written to ${dir}`);
      }),
    );

  const tokens = feeds.command('tokens').description('partner tokens for access: token feeds');
  tokens
    .command('create')
    .description('create a token; it is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'who the token is for')
    .requiredOption('--feeds <ids>', 'comma-separated feed ids, or * for every token feed')
    .option('--rate <n>', 'requests per minute', (v) => Number(v))
    .option(...cfg)
    .action((opts: GlobalOptions & { name: string; feeds: string; rate?: number }) =>
      withContext(opts, async (ctx) => {
        const ids = opts.feeds.split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = ids.filter((id) => id !== '*' && !ctx.config.feeds.some((f) => f.id === id));
        if (unknown.length > 0 || ids.length === 0) throw new FeedmillError('config', 'CONFIG', `unknown feed(s): ${unknown.join(', ') || '(none given)'}`);
        if (opts.rate !== undefined && !(Number.isInteger(opts.rate) && opts.rate > 0)) throw new FeedmillError('config', 'CONFIG', '--rate must be a positive integer');
        const store = new TokenStore(ctx.redis, ctx.config.redis.prefix);
        const { secret, token } = await store.create({ name: opts.name, feeds: ids, ...(opts.rate ? { ratePerMinute: opts.rate } : {}) });
        out(`token ${token.id} for ${token.name} (feeds: ${token.feeds.join(',')}, ${token.ratePerMinute}/min):\n${secret}`);
      }),
    );
  tokens
    .command('list')
    .description('tokens (never their secrets)')
    .option(...cfg)
    .option('--json', 'JSON output')
    .action((opts: GlobalOptions & { json?: boolean }) =>
      withContext(opts, async (ctx) => {
        const list = await new TokenStore(ctx.redis, ctx.config.redis.prefix).list();
        if (opts.json) return out(JSON.stringify(list, null, 2));
        if (list.length === 0) return out('no tokens');
        for (const t of list) out(`${t.id}\t${t.name}\t${t.feeds.join(',')}\t${t.ratePerMinute}/min\t${t.createdAt}`);
      }),
    );
  tokens
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>')
    .option(...cfg)
    .action((id: string, opts: GlobalOptions) =>
      withContext(opts, async (ctx) => {
        const ok = await new TokenStore(ctx.redis, ctx.config.redis.prefix).revoke(id);
        if (!ok) throw new FeedmillError('config', 'CONFIG', `no token "${id}"`);
        out(`token ${id} revoked`);
      }),
    );
}
