/** The one typed, frozen Config every command reads (DESIGN convention 9: read once, passed down). */
import type { SiteRules } from '../model/rules.js';
import type { FeedDefinition, Source } from '../model/source.js';


/** Everything feedmill reads from config files and the environment. */
export interface Config {
  /** Folder the config files were read from. */
  dir: string;
  redis: {
    /** Explicit URL (REDIS_URL or feedmill.yaml); undefined means "find or start one". */
    url?: string;
    prefix: string;
    managed: 'auto' | 'never';
    dataDir: string;
    managedPort: number;
  };
  server: { host: string; port: number; baseUrl: string; feedMaxAgeMs: number; processes: number; wireFastPath: boolean; adminToken?: string };
  fetch: {
    timeoutMs: number;
    maxBytes: number;
    maxRedirects: number;
    userAgent: string;
    allowPrivateNetworks: boolean;
    allow: string[];
    concurrency: number;
    maxItems: number;
    politeness: { spacingMs: number; concurrency: number; hosts: Record<string, { spacingMs?: number; maxConcurrent?: number }> };
    robots: boolean;
  };
  workers: {
    articleConcurrency: number;
    /** Pipeline worker threads (`auto` resolved to the core count; 0 = main thread). */
    threads: number;
    /** `threads` came from `auto` (a command whose main thread works too starts one fewer). */
    autoThreads: boolean;
    /** Nice value of the pipeline worker threads (Linux; ignored elsewhere). */
    nice: number;
    publishConcurrency: number;
    shutdownTimeoutMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    /** `feedmill worker`'s health and metrics port (0: none). */
    metricsPort: number;
  };
  /** Render requests coalesced within `debounceMs`; a busy feed's renders paced to `renderShare` of the time. */
  publish: { debounceMs: number; renderShare: number };
  schedule: { minIntervalMs: number; maxIntervalMs: number; defaultIntervalMs: number };
  /** What the maintenance job deletes: by age and by count per source (0 = no limit), and how often it runs. */
  retention: { maxAgeMs: number; maxPerSource: number; everyMs: number };
  log: { level: string };
  sources: Source[];
  feeds: FeedDefinition[];
  rules: Record<string, SiteRules>;
}
