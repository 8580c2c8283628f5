/**
 * Partner tokens for `access: token` feeds. A token is shown once, at creation; Redis keeps only its
 * SHA-256 (a random 256-bit secret needs no slow hash: there is nothing to brute-force), the feeds it may
 * read, and its per-minute request budget. Keys: `P:tok:h:<sha256>` (record), `P:tok:ids` (id → sha256),
 * `P:tok:rl:<sha256>:<minute>` (fixed-window request counter).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A partner token as operators see it (never the secret). */
export interface PartnerToken {
  id: string;
  name: string;
  /** Feed ids this token may read; `*` means every token feed. */
  feeds: string[];
  /** Requests per minute allowed. */
  ratePerMinute: number;
  createdAt: string;
}

/** What a request with a token may do. */
export type TokenCheck =
  | { ok: true; token: PartnerToken; remaining: number }
  | { ok: false; reason: 'unknown' | 'scope' }
  | { ok: false; reason: 'rate'; retryAfterSeconds: number; token: PartnerToken };

/** Default budget of a new token. */
export const DEFAULT_RATE_PER_MINUTE = 600;

const TOKEN_SHAPE = /^fmp_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/;

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Creates, lists, revokes and checks partner tokens. */
export class TokenStore {
  private readonly base: string;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.base = `${prefix}:tok`;
  }

  /** A new token for `feeds`; the returned secret is not stored anywhere and cannot be shown again. */
  async create(opts: { name: string; feeds: string[]; ratePerMinute?: number; now?: Date }): Promise<{ secret: string; token: PartnerToken }> {
    const id = randomBytes(5).toString('hex').slice(0, 8);
    const secret = `fmp_${id}_${randomBytes(32).toString('base64url')}`;
    const token: PartnerToken = {
      id,
      name: opts.name,
      feeds: [...new Set(opts.feeds)],
      ratePerMinute: opts.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE,
      createdAt: (opts.now ?? new Date()).toISOString(),
    };
    const hash = sha256(secret);
    await this.redis.multi().set(`${this.base}:h:${hash}`, JSON.stringify(token)).hset(`${this.base}:ids`, id, hash).exec();
    return { secret, token };
  }

  /** Every token, oldest first. */
  async list(): Promise<PartnerToken[]> {
    const hashes = Object.values(await this.redis.hgetall(`${this.base}:ids`));
    if (hashes.length === 0) return [];
    const raws = await this.redis.mget(...hashes.map((h) => `${this.base}:h:${h}`));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as PartnerToken)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Revokes a token by id; false when there is no such token. */
  async revoke(id: string): Promise<boolean> {
    const hash = await this.redis.hget(`${this.base}:ids`, id);
    if (!hash) return false;
    await this.redis.multi().del(`${this.base}:h:${hash}`).hdel(`${this.base}:ids`, id).exec();
    return true;
  }

  /**
   * Checks a presented secret for one feed and counts the request against the token's budget, in one
   * round trip (fixed one-minute windows: simple, and at most twice the budget across a boundary).
   */
  async check(secret: string | undefined, feedId: string, nowMs: number = Date.now()): Promise<TokenCheck> {
    if (!secret || !TOKEN_SHAPE.test(secret)) return { ok: false, reason: 'unknown' };
    const hash = sha256(secret);
    const minute = Math.floor(nowMs / 60_000);
    const rl = `${this.base}:rl:${hash}:${minute}`;
    const res = await this.redis.multi().get(`${this.base}:h:${hash}`).incr(rl).pexpire(rl, 61_000).exec();
    const raw = res?.[0]?.[1];
    if (typeof raw !== 'string') return { ok: false, reason: 'unknown' };
    const token = JSON.parse(raw) as PartnerToken;
    if (!token.feeds.includes('*') && !token.feeds.includes(feedId)) return { ok: false, reason: 'scope' };
    const used = Number(res?.[1]?.[1] ?? 0);
    if (used > token.ratePerMinute) {
      return { ok: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * 60_000 - nowMs) / 1000)), token };
    }
    return { ok: true, token, remaining: token.ratePerMinute - used };
  }
}
