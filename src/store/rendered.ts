/** Rendered outbound feeds: the bytes, their ETag and Last-Modified, served as they are. */
import type { Redis } from 'ioredis';
import { storeKeys, type StoreKeys } from './keys.js';

/** One rendered (feed, format). */
export interface RenderedEntry {
  body: string;
  etag: string;
  contentType: string;
  lastModified: string;
}

/** Reads and writes rendered feeds. */
export class RenderedStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** The rendered bytes of a feed in one format. */
  async get(feedId: string, format: string): Promise<RenderedEntry | undefined> {
    const [body, etag, contentType, lastModified] = await this.redis.hmget(
      this.k.rendered(feedId),
      `${format}:body`,
      `${format}:etag`,
      `${format}:type`,
      `${format}:lastModified`,
    );
    if (body == null || !etag || !contentType || !lastModified) return undefined;
    return { body, etag, contentType, lastModified };
  }

  /** The ETag currently stored for a feed format, without the body. */
  async etag(feedId: string, format: string): Promise<string | undefined> {
    return (await this.redis.hget(this.k.rendered(feedId), `${format}:etag`)) ?? undefined;
  }

  /** Stores a rendered format. */
  async put(feedId: string, format: string, entry: RenderedEntry): Promise<void> {
    await this.redis.hset(this.k.rendered(feedId), {
      [`${format}:body`]: entry.body,
      [`${format}:etag`]: entry.etag,
      [`${format}:type`]: entry.contentType,
      [`${format}:lastModified`]: entry.lastModified,
    });
  }
}
