/**
 * Rendered outbound feeds: the bytes (identity, gzip, brotli), their ETag and Last-Modified, served as they
 * are; plus the lock that keeps renders of one feed from running in parallel across processes.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { storeKeys, type StoreKeys } from './keys.js';

/** One rendered (feed, format). */
export interface RenderedEntry {
  body: string;
  etag: string;
  contentType: string;
  lastModified: string;
  /** The body gzip-compressed, when the publish stage produced it. */
  gzip?: Buffer;
  /** The body brotli-compressed, when the publish stage produced it. */
  br?: Buffer;
}

/** One rendered (feed, format) as bytes, ready to be written to a socket. */
export interface RenderedBytes {
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  contentType: string;
  lastModified: string;
}

const FIELDS = ['body', 'etag', 'type', 'lastModified', 'gz', 'br'] as const;

// Compare-and-delete, so a lock that expired and was taken by someone else is never released by us.
const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Reads and writes rendered feeds. */
export class RenderedStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** The rendered bytes of a feed in one format (identity body as text). */
  async get(feedId: string, format: string): Promise<RenderedEntry | undefined> {
    const b = await this.getBytes(feedId, format);
    if (!b) return undefined;
    const entry: RenderedEntry = { body: b.identity.toString('utf8'), etag: b.etag, contentType: b.contentType, lastModified: b.lastModified };
    if (b.gzip) entry.gzip = b.gzip;
    if (b.br) entry.br = b.br;
    return entry;
  }

  /** The rendered bytes of a feed in one format, every stored encoding as a Buffer. */
  async getBytes(feedId: string, format: string): Promise<RenderedBytes | undefined> {
    const [body, etag, type, lastModified, gz, br] = await this.redis.hmgetBuffer(
      this.k.rendered(feedId),
      ...FIELDS.map((f) => `${format}:${f}`),
    );
    if (body == null || !etag?.length || !type?.length || !lastModified?.length) return undefined;
    const out: RenderedBytes = { identity: body, etag: etag.toString(), contentType: type.toString(), lastModified: lastModified.toString() };
    if (gz?.length) out.gzip = gz;
    if (br?.length) out.br = br;
    return out;
  }

  /** Pub/sub channel on which every put announces the feed id it changed. */
  changesChannel(): string {
    return `${this.k.rendered('')}changes`;
  }

  /** The ETag currently stored for a feed format, without the body (the cheap freshness check). */
  async etag(feedId: string, format: string): Promise<string | undefined> {
    return (await this.redis.hget(this.k.rendered(feedId), `${format}:etag`)) ?? undefined;
  }

  /** Stores a rendered format and its compressed variants in one write (readers never see a mix). */
  async put(feedId: string, format: string, entry: RenderedEntry): Promise<void> {
    const key = this.k.rendered(feedId);
    const multi = this.redis.multi();
    // Variants of the previous render must not outlive it.
    multi.hdel(key, `${format}:gz`, `${format}:br`);
    multi.hset(key, {
      [`${format}:body`]: entry.body,
      [`${format}:etag`]: entry.etag,
      [`${format}:type`]: entry.contentType,
      [`${format}:lastModified`]: entry.lastModified,
      ...(entry.gzip ? { [`${format}:gz`]: entry.gzip } : {}),
      ...(entry.br ? { [`${format}:br`]: entry.br } : {}),
    });
    // Servers holding a copy in memory reload it when they hear this (see changesChannel).
    multi.publish(this.changesChannel(), feedId);
    await multi.exec();
  }

  /** The render pace of each feed (ms; 0 when none is recorded): the least wait before its next render. */
  async paces(feedIds: readonly string[]): Promise<number[]> {
    if (feedIds.length === 0) return [];
    const raw = await this.redis.hmget(this.k.renderPace, ...feedIds);
    return raw.map((v) => Number(v ?? 0) || 0);
  }

  /** Records a feed's render pace (ms). */
  async setPace(feedId: string, ms: number): Promise<void> {
    await this.redis.hset(this.k.renderPace, feedId, String(Math.round(ms)));
  }

  /** Takes the render lock of a feed for `ttlMs`; returns its token, or undefined when someone else holds it. */
  async lock(feedId: string, ttlMs: number): Promise<string | undefined> {
    const token = randomBytes(12).toString('base64url');
    const ok = await this.redis.set(`${this.k.rendered(feedId)}:lock`, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : undefined;
  }

  /** Releases the render lock if it is still ours. */
  async unlock(feedId: string, token: string): Promise<void> {
    await this.redis.eval(UNLOCK, 1, `${this.k.rendered(feedId)}:lock`, token);
  }
}
