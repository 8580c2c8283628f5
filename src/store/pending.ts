/** Items waiting for their article job: jobs carry only the key, the item waits here (bounded by a TTL). */
import type { Redis } from 'ioredis';
import type { ArticleDraft } from '../model/article.js';
import { storeKeys, type StoreKeys } from './keys.js';

/** What the fetch stage hands to the article stage. */
export interface PendingItem {
  sourceId: string;
  itemKey: string;
  fingerprint: string;
  draft: ArticleDraft;
  /** Feed-level site name/link, used when the item has none. */
  siteName?: string;
  siteUrl?: string;
}

/** Pending items live a week: long enough for any retry, short enough to bound memory. */
const PENDING_TTL_S = 7 * 24 * 3600;

/** Stores and reads pending items. */
export class PendingStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** Saves items under their job keys, in one round trip. */
  async putMany(entries: readonly { key: string; item: PendingItem }[]): Promise<void> {
    if (entries.length === 0) return;
    const pipe = this.redis.pipeline();
    for (const e of entries) pipe.set(this.k.pending(e.key), JSON.stringify(e.item), 'EX', PENDING_TTL_S);
    await pipe.exec();
  }

  /** The item waiting under a key. */
  async get(key: string): Promise<PendingItem | undefined> {
    const raw = await this.redis.get(this.k.pending(key));
    return raw ? (JSON.parse(raw) as PendingItem) : undefined;
  }

  /** Drops an item once its article is stored. */
  async delete(key: string): Promise<void> {
    await this.redis.unlink(this.k.pending(key));
  }
}
