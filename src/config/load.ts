/** Loads config/feedmill.yaml, sources.yaml, feeds.yaml and rules.yaml plus env overrides into one frozen Config. */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { FeedmillError } from '../model/errors.js';
import type { FeedDefinition, Source } from '../model/source.js';
import { feedsFileSchema, rulesFileSchema, settingsSchema, sourcesFileSchema } from './schema.js';
import type { Config } from './types.js';
import { MIN_SOURCE_INTERVAL_MS, toSource } from './source-entry.js';

/** Environment variables feedmill reads (DESIGN "Interfaces"). */
export type Env = Record<string, string | undefined>;

/** Thrown when config files are invalid; `problems` lists every error as "file: path: message". */
export class ConfigError extends FeedmillError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('config', 'CONFIG', `invalid configuration:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

function readYaml(file: string, problems: string[]): unknown {
  if (!existsSync(file)) return undefined;
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(`${file}: ${e.message.split('\n')[0]}`);
    return undefined;
  }
  return doc.toJS() ?? undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(root)';
}

function validate<T extends z.ZodType>(schema: T, raw: unknown, file: string, problems: string[]): z.output<T> | undefined {
  const res = schema.safeParse(raw ?? {});
  if (res.success) return res.data;
  for (const issue of res.error.issues) problems.push(`${file}: ${formatPath(issue.path)}: ${issue.message}`);
  return undefined;
}

function truthy(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return /^(1|true|yes|on)$/i.test(v.trim());
}

/** `workers.threads` (FEEDMILL_THREADS overrides): `auto` → one per core. */
function workerThreads(fromEnv: string | undefined, configured: number | 'auto', problems: string[]): { count: number; auto: boolean } {
  const value = fromEnv !== undefined && fromEnv !== '' ? (fromEnv === 'auto' ? 'auto' : Number(fromEnv)) : configured;
  if (value === 'auto') return { count: availableParallelism(), auto: true };
  if (!Number.isInteger(value) || value < 0 || value > 64) {
    problems.push(`FEEDMILL_THREADS: not "auto" or a whole number from 0 to 64: ${fromEnv}`);
    return { count: 0, auto: false };
  }
  return { count: value, auto: false };
}

/** Reads and validates the config folder; throws ConfigError listing every problem at once. */
export function loadConfig(dirArg?: string, env: Env = process.env): Config {
  const dir = resolve(dirArg ?? env.FEEDMILL_CONFIG_DIR ?? './config');
  const problems: string[] = [];
  if (!existsSync(dir)) throw new ConfigError([`${dir}: config folder not found (set --config or FEEDMILL_CONFIG_DIR)`]);
  const f = (name: string) => join(dir, name);

  const settings = validate(settingsSchema, readYaml(f('feedmill.yaml'), problems), f('feedmill.yaml'), problems);
  const sourcesFile = validate(sourcesFileSchema, readYaml(f('sources.yaml'), problems), f('sources.yaml'), problems);
  const feedsFile = validate(feedsFileSchema, readYaml(f('feeds.yaml'), problems), f('feeds.yaml'), problems);
  const rulesFile = validate(rulesFileSchema, readYaml(f('rules.yaml'), problems), f('rules.yaml'), problems);

  const defaultInterval = settings?.schedule.defaultInterval ?? 15 * 60_000;
  const sources: Source[] = (sourcesFile?.sources ?? []).map((s) => toSource(s, defaultInterval));
  const hub = feedsFile?.websub.hub;
  const feeds: FeedDefinition[] = (feedsFile?.feeds ?? []).map((d) => {
    const { maxAge, ...filter } = d.filter;
    return {
      id: d.id,
      title: d.title,
      ...(d.description !== undefined ? { description: d.description } : {}),
      filter: { ...filter, ...(maxAge !== undefined ? { maxAgeMs: maxAge } : {}) },
      limit: d.limit,
      content: d.content,
      access: d.access,
      dedupe: d.dedupe,
      ...(d.language !== undefined ? { language: d.language } : {}),
      ...(d.icon !== undefined ? { icon: d.icon } : {}),
      ...(d.logo !== undefined ? { logo: d.logo } : {}),
      ...(d.copyright !== undefined ? { copyright: d.copyright } : {}),
      ...(hub !== undefined && d.websub ? { hub } : {}),
    };
  });
  checkUniqueIds(sources, feeds, f, problems);
  if (settings && settings.retention.every < 60_000) problems.push(`${f('feedmill.yaml')}: retention.every: at least 1m`);
  for (const [i, s] of sources.entries()) {
    if (s.intervalMs < MIN_SOURCE_INTERVAL_MS) problems.push(`${f('sources.yaml')}: sources[${i}].interval: at least 30s`);
  }
  const port = env.PORT !== undefined && env.PORT !== '' ? Number(env.PORT) : settings?.server.port;
  if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT: not a port number: ${env.PORT}`);
  const threads = workerThreads(env.FEEDMILL_THREADS, settings?.workers.threads ?? 0, problems);
  const metricsPort = env.FEEDMILL_METRICS_PORT !== undefined && env.FEEDMILL_METRICS_PORT !== '' ? Number(env.FEEDMILL_METRICS_PORT) : settings?.workers.metricsPort;
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) {
    problems.push(`FEEDMILL_METRICS_PORT: not a port number: ${env.FEEDMILL_METRICS_PORT}`);
  }
  if (problems.length > 0 || !settings) throw new ConfigError(problems);

  const allowEnv = (env.FEEDMILL_FETCH_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const redisUrl = env.REDIS_URL || settings.redis.url;
  const adminToken = env.FEEDMILL_ADMIN_TOKEN || readTokenFile(env.FEEDMILL_ADMIN_TOKEN_FILE, settings.server.adminTokenFile, dir);
  const config: Config = {
    dir,
    redis: {
      ...(redisUrl ? { url: redisUrl } : {}),
      prefix: env.FEEDMILL_REDIS_PREFIX || settings.redis.prefix,
      managed: settings.redis.managed,
      dataDir: resolve(settings.redis.dataDir),
      managedPort: settings.redis.managedPort,
    },
    server: {
      host: settings.server.host,
      port: port!,
      baseUrl: (settings.server.baseUrl ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      feedMaxAgeMs: settings.server.feedMaxAge,
      processes: settings.server.processes === 'auto' ? availableParallelism() : settings.server.processes,
      wireFastPath: settings.server.wireFastPath,
      ...(adminToken ? { adminToken } : {}),
    },
    fetch: {
      timeoutMs: settings.fetch.timeout,
      maxBytes: settings.fetch.maxBytes,
      maxRedirects: settings.fetch.maxRedirects,
      userAgent: settings.fetch.userAgent,
      allowPrivateNetworks: truthy(env.FEEDMILL_ALLOW_PRIVATE_NETWORKS) ?? settings.fetch.allowPrivateNetworks,
      allow: [...settings.fetch.allow, ...allowEnv],
      concurrency: settings.fetch.concurrency,
      maxItems: settings.fetch.maxItems,
      politeness: {
        spacingMs: settings.fetch.politeness.spacing,
        concurrency: settings.fetch.politeness.concurrency,
        hosts: Object.fromEntries(
          Object.entries(settings.fetch.politeness.hosts).map(([host, h]) => [
            host,
            { ...(h.spacing !== undefined ? { spacingMs: h.spacing } : {}), ...(h.concurrency !== undefined ? { maxConcurrent: h.concurrency } : {}) },
          ]),
        ),
      },
      robots: settings.fetch.robots,
    },
    workers: {
      articleConcurrency: settings.workers.articleConcurrency,
      threads: threads.count,
      autoThreads: threads.auto,
      nice: settings.workers.nice,
      publishConcurrency: settings.workers.publishConcurrency,
      shutdownTimeoutMs: settings.workers.shutdownTimeout,
      lockDurationMs: settings.workers.lockDuration,
      stalledIntervalMs: settings.workers.stalledInterval,
      metricsPort: metricsPort ?? 0,
    },
    publish: { debounceMs: settings.publish.debounce, renderShare: settings.publish.renderShare },
    schedule: {
      minIntervalMs: settings.schedule.minInterval,
      maxIntervalMs: settings.schedule.maxInterval,
      defaultIntervalMs: settings.schedule.defaultInterval,
    },
    retention: { maxAgeMs: settings.retention.maxAge, maxPerSource: settings.retention.maxPerSource, everyMs: settings.retention.every },
    log: { level: env.LOG_LEVEL || settings.log.level },
    sources,
    feeds,
    rules: rulesFile?.rules ?? {},
  };
  return deepFreeze(config);
}

/**
 * The operator token from a file (Docker secrets): FEEDMILL_ADMIN_TOKEN_FILE (relative to the working folder)
 * or server.adminTokenFile (relative to the config folder), read once and trimmed. The error names the file,
 * never its content.
 */
function readTokenFile(envFile: string | undefined, settingsFile: string | undefined, dir: string): string | undefined {
  const [name, file] = envFile ? ['FEEDMILL_ADMIN_TOKEN_FILE', resolve(envFile)] : settingsFile ? ['server.adminTokenFile', resolve(dir, settingsFile)] : [];
  if (!name || !file) return undefined;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new ConfigError([`${name}: cannot read the operator token file ${file} (${reason})`]);
  }
  if (!token) throw new ConfigError([`${name}: the operator token file ${file} is empty`]);
  return token;
}

function checkUniqueIds(sources: Source[], feeds: FeedDefinition[], f: (n: string) => string, problems: string[]): void {
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (seen.has(s.id)) problems.push(`${f('sources.yaml')}: sources[${i}].id: duplicate id "${s.id}"`);
    seen.add(s.id);
  });
  const feedIds = new Set<string>();
  feeds.forEach((d, i) => {
    if (feedIds.has(d.id)) problems.push(`${f('feeds.yaml')}: feeds[${i}].id: duplicate id "${d.id}"`);
    feedIds.add(d.id);
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
