/**
 * Console sessions. The cookie holds `v1.<expiry ms>.<nonce>.<mac>`: the MAC is an HMAC keyed by
 * HMAC(operator token, instance secret), so the token itself never leaves the server, changing the token
 * ends every session, and every server process of the instance (sharing the secret in Redis) accepts it.
 * Logout revokes the nonce in Redis until its expiry. The CSRF token is derived from the same key and nonce.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'feedmill_admin';

/** Default session lifetime: a working day. */
export const SESSION_TTL_MS = 12 * 3600_000;

/** A verified session. */
export interface Session {
  nonce: string;
  expiresAt: number;
  /** The value forms must echo in their `_csrf` field. */
  csrf: string;
}

function mac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Issues, verifies and revokes console sessions for one instance. */
export class AdminSessions {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly token: string,
    private readonly ttlMs = SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The signing key: HMAC(token, secret); the secret is created once per instance and kept in Redis. */
  private signingKey(): Promise<Buffer> {
    this.key ??= this.loadSecret().then(
      (secret) => createHmac('sha256', secret).update(this.token).digest(),
      (err: unknown) => {
        // Not cached: the next request retries once Redis answers again.
        this.key = undefined;
        throw err;
      },
    );
    return this.key;
  }

  private async loadSecret(): Promise<string> {
    const k = `${this.prefix}:admin:secret`;
    await this.redis.set(k, randomBytes(32).toString('base64url'), 'NX');
    const secret = await this.redis.get(k);
    if (!secret) throw new Error('admin: session secret missing in Redis');
    return secret;
  }

  /** A new session's cookie value and expiry. */
  async issue(): Promise<{ value: string; expiresAt: number }> {
    const key = await this.signingKey();
    const expiresAt = this.now() + this.ttlMs;
    const nonce = randomBytes(16).toString('base64url');
    return { value: `v1.${expiresAt}.${nonce}.${mac(key, `${expiresAt}.${nonce}`)}`, expiresAt };
  }

  /** The session a cookie value stands for, or undefined when it is forged, expired or revoked. */
  async verify(value: string | undefined): Promise<Session | undefined> {
    const m = value?.match(/^v1\.(\d{1,15})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/);
    if (!m) return undefined;
    const [, exp, nonce, sig] = m as unknown as [string, string, string, string];
    const key = await this.signingKey();
    if (!sameString(sig, mac(key, `${exp}.${nonce}`))) return undefined;
    const expiresAt = Number(exp);
    if (expiresAt <= this.now()) return undefined;
    if ((await this.redis.exists(this.revokedKey(nonce))) === 1) return undefined;
    return { nonce, expiresAt, csrf: mac(key, `csrf.${nonce}`) };
  }

  /** True when `given` is the session's CSRF token (constant-time). */
  checkCsrf(session: Session, given: unknown): boolean {
    return typeof given === 'string' && sameString(given, session.csrf);
  }

  /** Ends a session before its expiry (logout). */
  async revoke(session: Session): Promise<void> {
    const ttl = Math.max(1, session.expiresAt - this.now());
    await this.redis.set(this.revokedKey(session.nonce), '1', 'PX', ttl);
  }

  private revokedKey(nonce: string): string {
    return `${this.prefix}:admin:revoked:${nonce}`;
  }
}

/** The value of cookie `name` in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value for a session (or its removal when `value` is empty). */
export function sessionCookie(value: string, opts: { expiresAt?: number; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/admin', 'HttpOnly', 'SameSite=Strict'];
  if (opts.secure) parts.push('Secure');
  if (value && opts.expiresAt) parts.push(`Expires=${new Date(opts.expiresAt).toUTCString()}`);
  else parts.push('Max-Age=0');
  return parts.join('; ');
}
