/** zod schemas of the three config files; every option has a default and a doc line (see README "Configuration"). */
import { z } from 'zod';
import { parseDuration, parseSize } from './units.js';

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${JSON.stringify(v)} (use e.g. 30s, 15m, 2h)` });
    return z.NEVER;
  }
  return ms;
});

const size = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const bytes = parseSize(v);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a size: ${JSON.stringify(v)} (use e.g. 15MiB, 512KiB)` });
    return z.NEVER;
  }
  return bytes;
});

const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), { message: 'must be an absolute http(s) URL' });

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');

/** feedmill.yaml: settings. */
export const settingsSchema = z
  .object({
    redis: z
      .object({
        /** Redis URL; REDIS_URL overrides. Unset: 127.0.0.1:6379, else a managed redis-server. */
        url: z.string().optional(),
        /** Prefix of every key and queue; FEEDMILL_REDIS_PREFIX overrides. */
        prefix: z.string().min(1).default('feedmill'),
        /** Start a managed redis-server when no Redis answers: auto | never. */
        managed: z.enum(['auto', 'never']).default('auto'),
        /** Data directory of the managed redis-server (append-only file on). */
        dataDir: z.string().default('./data/redis'),
        /** Port of the managed redis-server. */
        managedPort: z.number().int().min(1).max(65535).default(6379),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        /** Listen address. */
        host: z.string().default('0.0.0.0'),
        /** Listen port; PORT overrides. */
        port: z.number().int().min(0).max(65535).default(8080),
        /** Public base URL used in feed self links; default http://localhost:PORT. */
        baseUrl: httpUrl.optional(),
        /** Cache-Control max-age of outbound feeds. */
        feedMaxAge: duration.prefault(300),
        /** `feedmill serve` processes sharing the port (node:cluster), or `auto` (one per core); `serve --workers` overrides. */
        processes: z.union([z.literal('auto'), z.number().int().min(1).max(64)]).default(1),
        /** Answer plain GET/HEAD requests for public feeds held in memory on the raw socket, before node:http parses them; false: every request through node:http. */
        wireFastPath: z.boolean().default(true),
        /** File holding the operator token (Docker secrets style; relative to the config folder); FEEDMILL_ADMIN_TOKEN and FEEDMILL_ADMIN_TOKEN_FILE win. */
        adminTokenFile: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    fetch: z
      .object({
        /** Wall-clock deadline of one fetch: connect, headers and body. */
        timeout: duration.prefault('20s'),
        /** Cap on decoded response bytes (per-source maxBytes overrides). */
        maxBytes: size.prefault('15MiB'),
        /** Redirect hops followed at most. */
        maxRedirects: z.number().int().min(0).max(20).default(5),
        /** User-Agent sent with every request; say how to reach you. */
        userAgent: z.string().default('feedmill/0.1 (+https://github.com/feedmill/feedmill)'),
        /** Allow loopback/private addresses; FEEDMILL_ALLOW_PRIVATE_NETWORKS=1 overrides. */
        allowPrivateNetworks: z.boolean().default(false),
        /** host[:port] or CIDR entries allowed even though private; FEEDMILL_FETCH_ALLOW adds to it. */
        allow: z.array(z.string()).default([]),
        /** Sources fetched at once per worker process. */
        concurrency: z.number().int().min(1).max(256).default(4),
        /** Items read from one feed document at most. */
        maxItems: z.number().int().min(1).default(5000),
        /** Per-host budget shared by every worker through Redis: minimum spacing between requests and requests at once. */
        politeness: z
          .object({
            spacing: duration.prefault('1s'),
            concurrency: z.number().int().min(1).max(64).default(1),
            /** Per-host overrides: a host, or "*.example.com" for a domain and its subdomains (one shared budget). */
            hosts: z
              .record(z.string(), z.object({ spacing: duration.optional(), concurrency: z.number().int().min(1).max(64).optional() }).strict())
              .default({}),
          })
          .strict()
          .prefault({}),
        /** Honour robots.txt (RFC 9309) for article pages, listing pages and sitemaps; feeds are polled as readers do. */
        robots: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    workers: z
      .object({
        /** Articles processed at once per worker process. */
        articleConcurrency: z.number().int().min(1).max(256).default(8),
        /**
         * Worker threads running the pipeline roles of `start`, `worker` and `crawl --once` (each thread takes jobs
         * like a separate process would); `auto` is one per core, 0 keeps the roles on the main thread.
         */
        threads: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
        /** Nice value (0–19, Linux) of those threads, so the HTTP thread stays responsive under crawl load. */
        nice: z.number().int().min(0).max(19).default(10),
        /** Feeds rendered at once per worker process. */
        publishConcurrency: z.number().int().min(1).max(64).default(2),
        /** How long a stopping process waits for in-flight jobs. */
        shutdownTimeout: duration.prefault('20s'),
        /** Job lock: a job whose worker died is given to another worker after about this long. */
        lockDuration: duration.prefault('30s'),
        /** How often workers look for stalled jobs (whose worker died). */
        stalledInterval: duration.prefault('30s'),
        /**
         * Port of `feedmill worker`'s own /healthz, /readyz and /metrics (0: none). `start` and `serve` answer those on
         * the server's port already.
         */
        metricsPort: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .prefault({}),
    publish: z
      .object({
        /** Renders of one feed are coalesced within this window. */
        debounce: duration.prefault('1s'),
        /**
         * Share of time a continuously changing feed may spend being rendered: after a render that took D, the next
         * waits at least D × (1 / renderShare − 1) (at most a minute). 1 turns pacing off.
         */
        renderShare: z.number().gt(0).max(1).default(0.1),
      })
      .strict()
      .prefault({}),
    schedule: z
      .object({
        /** Adaptive polling never checks a source more often than this… */
        minInterval: duration.prefault('5m'),
        /** …nor less often than this (errors back off up to it; a source is never dropped). */
        maxInterval: duration.prefault('24h'),
        /** Interval of a source without an operator interval until its publishing rate is known. */
        defaultInterval: duration.prefault('15m'),
      })
      .strict()
      .prefault({}),
    retention: z
      .object({
        /** Articles older than this (published, else first fetched) are deleted; 0 = no age limit. */
        maxAge: duration.prefault('90d'),
        /** Only the newest this many articles of each source are kept; 0 = no count limit. */
        maxPerSource: z.number().int().min(0).default(10_000),
        /** How often the maintenance job applies retention (run by the process with the publish role). */
        every: duration.prefault('1h'),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        /** pino level; LOG_LEVEL overrides. */
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** One entry of sources.yaml. */
export const sourceSchema = z
  .object({
    id,
    url: httpUrl,
    type: z.enum(['feed', 'html', 'sitemap', 'page']).default('feed'),
    interval: duration.optional(),
    fullText: z.boolean().default(false),
    rules: z.string().optional(),
    categories: z.array(z.string()).default([]),
    headers: z.record(z.string(), z.string()).default({}),
    maxBytes: size.optional(),
  })
  .strict();

/** sources.yaml. */
export const sourcesFileSchema = z.object({ sources: z.array(sourceSchema).default([]) }).strict();

/** A BCP 47 language tag (RFC 5646 shape: primary subtag of 2-3 letters, then subtags). */
const languageTag = z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i, 'must be a BCP 47 language tag such as en or pt-BR');

/** One entry of feeds.yaml. */
export const feedSchema = z
  .object({
    id,
    title: z.string().min(1),
    description: z.string().optional(),
    filter: z
      .object({
        sources: z.array(z.string()).optional(),
        categories: z.array(z.string()).optional(),
        include: z.array(z.string()).optional(),
        exclude: z.array(z.string()).optional(),
        language: z.string().optional(),
        /** Only articles at most this old (by published, else first-fetched time). */
        maxAge: duration.optional(),
      })
      .strict()
      .prefault({}),
    limit: z.number().int().min(1).max(1000).default(50),
    content: z.enum(['full', 'summary']).default('full'),
    access: z.enum(['public', 'token']).default('public'),
    /** Language of the feed itself (default: the one all its articles share). */
    language: languageTag.optional(),
    /** Small square image URL (Atom icon, JSON Feed icon and favicon). */
    icon: httpUrl.optional(),
    /** Wider logo URL (Atom logo, RSS channel image). */
    logo: httpUrl.optional(),
    /** Rights statement (RSS copyright, Atom rights). */
    copyright: z.string().min(1).optional(),
    /** One item per near-duplicate cluster, per URL, or every article. */
    dedupe: z.enum(['cluster', 'url', 'off']).default('cluster'),
    /** false: no WebSub for this feed even when websub.hub is set. */
    websub: z.boolean().default(true),
  })
  .strict();

/** feeds.yaml. */
export const feedsFileSchema = z
  .object({
    /** WebSub (W3C Recommendation): the hub announced in every feed and pinged when one changes. */
    websub: z
      .object({ hub: httpUrl.optional() })
      .strict()
      .prefault({}),
    feeds: z.array(feedSchema).default([]),
  })
  .strict();

/** One site's rules in rules.yaml. */
export const siteRulesSchema = z
  .object({
    content: z.array(z.string()).optional(),
    remove: z.array(z.string()).optional(),
    title: z.string().optional(),
    date: z.string().optional(),
    author: z.string().optional(),
    links: z.string().optional(),
  })
  .strict();

/** rules.yaml: domain → selectors. */
export const rulesFileSchema = z.object({ rules: z.record(z.string(), siteRulesSchema).default({}) }).strict();

/** Parsed feedmill.yaml before environment overrides. */
export type Settings = z.output<typeof settingsSchema>;
