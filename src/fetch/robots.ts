/** robots.txt for the crawler: the RFC 9309 rules, and a per-origin cache of parsed files shared through Redis. */
import type { Redis } from 'ioredis';
import { FeedmillError } from '../model/errors.js';
import type { Fetcher } from './fetcher.js';
import { ALLOW_ALL, DISALLOW_ALL, crawlDelayMs, isAllowed, parseRobots, type RobotsRules } from './robots-rules.js';

export {
  ALLOW_ALL, DISALLOW_ALL, ROBOTS_MAX_CHARS, crawlDelayMs, isAllowed, normalizePath, parseRobots, patternMatches, productToken,
} from './robots-rules.js';
export type { RobotsGroup, RobotsRule, RobotsRules } from './robots-rules.js';

/** What fetching /robots.txt of an origin gave: the final status and the body text. Throw when unreachable. */
export type FetchRobots = (origin: string) => Promise<{ status: number; body: string }>;

/** How the rules of an origin were obtained: a parsed file, no file (allow all), or no answer (disallow all for now). */
export type RobotsFileState = 'parsed' | 'unavailable' | 'unreachable';

/** The verdict for one URL. */
export interface RobotsVerdict {
  allowed: boolean;
  /** The file's Crawl-delay for this user agent, if any. */
  crawlDelayMs?: number;
  /** "unreachable" means disallowed only until the server answers again: defer, do not fail for good. */
  state: RobotsFileState;
}

/** Cache options. */
export interface RobotsCacheOptions {
  /** How long a parsed file (or a 4xx) is trusted; RFC 9309 §2.4 says at most 24 hours. Default 24 h. */
  ttlMs?: number;
  /** How long "unreachable → disallow all" lasts before asking again. Default 10 min. */
  errorTtlMs?: number;
}

/** A cached entry: how the rules were obtained, and the rules. */
export interface RobotsEntry {
  state: RobotsFileState;
  rules: RobotsRules;
}

/** How long one process may hold an origin's fetch lock (longer than a fetch's deadline). */
const LOCK_MS = 30_000;
/** How often a process waiting for another's fetch looks for the entry. */
const LOCK_POLL_MS = 50;

/** Parsed robots.txt per origin (scheme, host and port: RFC 9309 §2.3), cached in Redis with a TTL. */
export class RobotsCache {
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  /** One fetch per origin at a time in this process, however many jobs ask. */
  private readonly inflight = new Map<string, Promise<RobotsEntry>>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly fetchRobots: FetchRobots,
    opts: RobotsCacheOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
    this.errorTtlMs = opts.errorTtlMs ?? 10 * 60 * 1000;
  }

  /** The Redis key of an origin's entry. */
  key(origin: string): string {
    return `${this.keyPrefix}:robots:${origin}`;
  }

  /** Whether `userAgent` may fetch `url`, fetching and caching the origin's robots.txt when needed. */
  async check(url: string, userAgent: string): Promise<RobotsVerdict> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new FeedmillError('fetch', 'BAD_URL', 'invalid URL');
    }
    const entry = await this.entry(u.origin);
    const verdict: RobotsVerdict = { allowed: isAllowed(entry.rules, userAgent, u.pathname + u.search), state: entry.state };
    const delay = crawlDelayMs(entry.rules, userAgent);
    if (delay !== undefined) verdict.crawlDelayMs = delay;
    return verdict;
  }

  /** Forgets an origin's cached file (an operator fixed it, or a test). */
  async forget(origin: string): Promise<void> {
    await this.redis.del(this.key(origin));
  }

  private async entry(origin: string): Promise<RobotsEntry> {
    const cached = await this.redis.get(this.key(origin));
    if (cached !== null) {
      const parsed = decode(cached);
      if (parsed) return parsed;
    }
    const running = this.inflight.get(origin);
    if (running) return running;
    const p = this.load(origin).finally(() => this.inflight.delete(origin));
    this.inflight.set(origin, p);
    return p;
  }

  /**
   * Fetches and caches an origin's file once across every process and thread: the first to take the Redis lock
   * fetches; the others wait for its entry (or take the lock over when the holder died without writing one).
   */
  private async load(origin: string): Promise<RobotsEntry> {
    const lock = `${this.key(origin)}:lock`;
    const deadline = Date.now() + LOCK_MS;
    for (;;) {
      if ((await this.redis.set(lock, '1', 'PX', LOCK_MS, 'NX')) === 'OK') {
        try {
          const entry = await this.fetchEntry(origin);
          const ttl = entry.state === 'unreachable' ? this.errorTtlMs : this.ttlMs;
          await this.redis.set(this.key(origin), JSON.stringify(entry), 'PX', Math.max(1, Math.round(ttl)));
          return entry;
        } finally {
          await this.redis.del(lock);
        }
      }
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      const cached = await this.redis.get(this.key(origin));
      const parsed = cached !== null ? decode(cached) : undefined;
      if (parsed) return parsed;
      // A holder that outlived the lock's own expiry is gone; fetch ourselves rather than wait forever.
      if (Date.now() > deadline) return this.fetchEntry(origin);
    }
  }

  private async fetchEntry(origin: string): Promise<RobotsEntry> {
    let res: { status: number; body: string };
    try {
      res = await this.fetchRobots(origin);
    } catch (err) {
      // §2.3.1.2: after too many redirects the file MAY be taken as unavailable.
      if (err instanceof FeedmillError && err.code === 'TOO_MANY_REDIRECTS') {
        return { state: 'unavailable', rules: ALLOW_ALL };
      }
      return { state: 'unreachable', rules: DISALLOW_ALL };
    }
    return classifyRobots(res.status, res.body);
  }
}

/**
 * RFC 9309 §2.3.1: 2xx → parse; 3xx left unfollowed and 4xx → unavailable, allow all; 5xx → unreachable,
 * disallow all. 429 counts as unreachable, as Google does: it says "slow down", not "there is no file".
 */
export function classifyRobots(status: number, body: string): RobotsEntry {
  if (status >= 200 && status < 300) return { state: 'parsed', rules: parseRobots(body) };
  if (status === 429 || status >= 500 || status < 200) return { state: 'unreachable', rules: DISALLOW_ALL };
  return { state: 'unavailable', rules: ALLOW_ALL };
}

function decode(raw: string): RobotsEntry | undefined {
  try {
    const v = JSON.parse(raw) as Partial<RobotsEntry>;
    return v && typeof v.state === 'string' && Array.isArray(v.rules?.groups) ? (v as RobotsEntry) : undefined;
  } catch {
    return undefined; // a corrupt entry is refetched
  }
}

/** Fetched bytes before giving up: four times the parsed 500 KiB, since the fetcher fails rather than truncates. */
const ROBOTS_FETCH_BYTES = 2 * 1024 * 1024;

/** A FetchRobots on the project's fetcher: GET {origin}/robots.txt (redirects, guard, deadline), read as UTF-8 (§2.3). */
export function robotsFetcher(fetcher: Fetcher): FetchRobots {
  return async (origin) => {
    try {
      const res = await fetcher.fetch(`${origin}/robots.txt`, {
        accept: 'text/plain, */*;q=0.5',
        maxBytes: ROBOTS_FETCH_BYTES,
      });
      return { status: res.status, body: res.body.toString('utf8') };
    } catch (err) {
      // A final HTTP status is an answer (4xx allow, 5xx disallow); anything else is "unreachable" to the cache.
      if (err instanceof FeedmillError && err.status !== undefined) return { status: err.status, body: '' };
      throw err;
    }
  };
}
