/**
 * A per-host request budget shared by every worker through Redis: at most N requests in flight per host
 * (group), a minimum spacing between request starts, and a penalty window after a 429/503 Retry-After.
 * Over budget, acquire() says how long to wait, so the caller defers the job instead of failing it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Limits for one host or host group. */
export interface HostLimits {
  /** Minimum time between two request starts. */
  spacingMs?: number;
  /** Requests in flight at once. */
  maxConcurrent?: number;
}

/** HostBudget options. */
export interface HostBudgetOptions {
  /** Default minimum time between request starts to one host (e.g. 1000). */
  defaultSpacingMs: number;
  /** Default requests in flight per host. Default 1. */
  maxConcurrent?: number;
  /**
   * Per-host overrides; a key is a host ("news.example.com") or a group ("*.example.com": the domain and
   * every subdomain, drawing on one shared budget).
   */
  perHost?: Record<string, HostLimits>;
  /** How long a slot is held when its worker never releases it (crash); must outlast a fetch. Default 60 s. */
  leaseMs?: number;
  /** Clock for tests; by default the Redis server's clock (TIME), the one clock every worker shares. */
  now?: () => number;
}

/** A granted slot; release it when the request is done (idempotent). */
export interface HostSlot {
  ok: true;
  release(): Promise<void>;
}

/** A refusal: try again in `retryInMs` (always ≥ 1). */
export interface HostBusy {
  ok: false;
  retryInMs: number;
}

// KEYS[1] ZSET lease id → lease expiry (ms); KEYS[2] HASH { last: last start (ms), until: penalty end (ms) }.
// ARGV: now ('' = Redis TIME), spacing, max concurrent, lease ms, lease id, busy retry ms.
const ACQUIRE = `
local now = tonumber(ARGV[1])
if not now then local t = redis.call('TIME'); now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end
local spacing, maxc, lease = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local wait = 0
local penalty = tonumber(redis.call('HGET', KEYS[2], 'until') or '') or 0
if penalty > now then wait = penalty - now end
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '')
if last and last + spacing - now > wait then wait = last + spacing - now end
if redis.call('ZCARD', KEYS[1]) >= maxc then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local busy = math.min(tonumber(first[2]) - now, tonumber(ARGV[6]))
  if busy > wait then wait = busy end
end
if wait > 0 then return {0, math.ceil(wait)} end
redis.call('ZADD', KEYS[1], now + lease, ARGV[5])
if redis.call('PTTL', KEYS[1]) < lease + 1000 then redis.call('PEXPIRE', KEYS[1], lease + 1000) end
redis.call('HSET', KEYS[2], 'last', now)
local keep = math.max(spacing, penalty - now) + 1000
if redis.call('PTTL', KEYS[2]) < keep then redis.call('PEXPIRE', KEYS[2], keep) end
return {1, 0}
`;

// KEYS[1] the state HASH. ARGV: now ('' = Redis TIME), penalty length from now (ms), spacing ms.
const PENALIZE = `
local now = tonumber(ARGV[1])
if not now then local t = redis.call('TIME'); now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end
local untilv = now + tonumber(ARGV[2])
local cur = tonumber(redis.call('HGET', KEYS[1], 'until') or '') or 0
if untilv > cur then redis.call('HSET', KEYS[1], 'until', untilv) end
local keep = math.max(untilv - now, tonumber(ARGV[3])) + 1000
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return 1
`;

/** Lower-case host without port or trailing dot ("News.Example.com:8080." → "news.example.com", "[::1]:80" → "[::1]"). */
export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1 || h.length);
  const bare = h.split(':').length === 2 ? h.slice(0, h.indexOf(':')) : h;
  return bare.replace(/\.+$/, '');
}

/** The budget a host draws from: its exact perHost key, else the longest matching "*.suffix" key, else itself. */
export function hostGroup(host: string, perHost: Record<string, HostLimits> = {}): string {
  const h = normalizeHost(host);
  const keys = Object.keys(perHost).map((k) => [k, k.trim().toLowerCase()] as const);
  const exact = keys.find(([, k]) => k === h);
  if (exact) return exact[1];
  let best: string | undefined;
  for (const [, k] of keys) {
    if (!k.startsWith('*.')) continue;
    const domain = k.slice(2);
    if ((h === domain || h.endsWith(`.${domain}`)) && (best === undefined || k.length > best.length)) best = k;
  }
  return best ?? h;
}

/** Per-host politeness shared by all workers: one atomic Lua script per acquire. */
export class HostBudget {
  private readonly perHost: Record<string, HostLimits>;
  private readonly leaseMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly opts: HostBudgetOptions,
  ) {
    this.perHost = Object.fromEntries(Object.entries(opts.perHost ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]));
    this.leaseMs = Math.max(1, opts.leaseMs ?? 60_000);
  }

  /** The limits that apply to a host (its group's overrides over the defaults). */
  limits(host: string): { group: string; spacingMs: number; maxConcurrent: number } {
    const group = hostGroup(host, this.perHost);
    const own = this.perHost[group] ?? {};
    return {
      group,
      spacingMs: Math.max(0, own.spacingMs ?? this.opts.defaultSpacingMs),
      maxConcurrent: Math.max(1, Math.floor(own.maxConcurrent ?? this.opts.maxConcurrent ?? 1)),
    };
  }

  /**
   * Takes a slot for a request to `host`, or says how long to wait. `minSpacingMs` raises the spacing for
   * this call, e.g. to the site's robots.txt Crawl-delay.
   */
  async acquire(host: string, opts: { minSpacingMs?: number } = {}): Promise<HostSlot | HostBusy> {
    const { group, spacingMs, maxConcurrent } = this.limits(host);
    const spacing = Math.max(spacingMs, opts.minSpacingMs ?? 0);
    const leaseId = randomUUID();
    const keys = this.keys(group);
    // When every slot is taken, the holders usually finish well before their lease ends: ask again soon.
    const busyRetryMs = Math.max(spacing, 1000);
    const args = [this.clock(), spacing, maxConcurrent, this.leaseMs, leaseId, busyRetryMs];
    const reply = await this.run(ACQUIRE, [keys.leases, keys.state], args);
    const [granted, wait] = Array.isArray(reply) ? reply.map(Number) : [];
    if (granted !== 1) return { ok: false, retryInMs: Math.max(1, wait ?? busyRetryMs) };
    let released = false;
    return {
      ok: true,
      release: async () => {
        if (released) return;
        released = true;
        await this.redis.zrem(keys.leases, leaseId);
      },
    };
  }

  /** Blocks the host's group until `untilMs` (epoch ms, e.g. now + Retry-After); never shortens a penalty. */
  async penalize(host: string, untilMs: number): Promise<void> {
    const { group, spacingMs } = this.limits(host);
    const now = this.opts.now?.() ?? Date.now();
    const lengthMs = Math.ceil(untilMs - now);
    if (!Number.isFinite(lengthMs) || lengthMs <= 0) return;
    await this.run(PENALIZE, [this.keys(group).state], [this.clock(), lengthMs, spacingMs]);
  }

  private keys(group: string): { leases: string; state: string } {
    // The hash tag keeps both keys of a group in one slot, so the script also runs on Redis Cluster.
    const base = `${this.keyPrefix}:host:{${group}}`;
    return { leases: `${base}:leases`, state: `${base}:state` };
  }

  private clock(): string {
    const now = this.opts.now?.();
    return now === undefined ? '' : String(Math.round(now));
  }

  /** EVALSHA, loading the script on NOSCRIPT (after a Redis restart or on a fresh node). */
  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    const sha = sha1(script);
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(script, keys.length, ...keys, ...args);
    }
  }
}

const shas = new Map<string, string>();
function sha1(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}
