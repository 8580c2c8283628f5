/** Items waiting for their article job: jobs carry only the key, the item waits here (bounded by a TTL). */
import type { ChainableCommander, Redis } from 'ioredis';
import type { ArticleDraft } from '../model/article.js';
import { readWithBodies, writeWithBodies, type BodySource } from './body-json.js';
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

/** A pending item as read back, with its body fields' JSON text for the stored article to reuse. */
export interface PendingRead {
  item: PendingItem;
  body: BodySource;
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
    for (const e of entries) pipe.set(this.k.pending(e.key), encode(e.item), 'EX', PENDING_TTL_S);
    await pipe.exec();
  }

  /** The item waiting under a key. */
  async get(key: string): Promise<PendingItem | undefined> {
    const raw = await this.redis.get(this.k.pending(key));
    return raw ? decode(raw).item : undefined;
  }

  /** The items waiting under several keys, one MGET: the item (and its body JSON) or undefined at each key's position. */
  async getMany(keys: readonly string[]): Promise<(PendingRead | undefined)[]> {
    if (keys.length === 0) return [];
    const raws = await this.redis.mget(...keys.map((k) => this.k.pending(k)));
    return raws.map((r) => (r === null ? undefined : decode(r)));
  }

  /** Appends the removal of items whose articles are stored to a transaction or pipeline. */
  addDelete(tx: ChainableCommander, keys: readonly string[]): void {
    if (keys.length > 0) tx.unlink(...keys.map((k) => this.k.pending(k)));
  }

  /** Drops an item once its article is stored. */
  async delete(key: string): Promise<void> {
    await this.redis.unlink(this.k.pending(key));
  }
}

/** The item with its body fields on lines of their own (see body-json.ts). */
function encode(item: PendingItem): string {
  const { contentHtml, contentText, summary, ...rest } = item.draft;
  return writeWithBodies({ ...item, draft: rest }, { contentHtml, contentText, summary });
}

/** Reads either layout: body fields on their own lines, or one JSON value (items stored by earlier versions). */
function decode(raw: string): PendingRead {
  const split = readWithBodies<PendingItem>(raw);
  if (!split) return { item: JSON.parse(raw) as PendingItem, body: { values: {}, json: {} } };
  const item = { ...split.head, draft: { ...split.head.draft, ...split.values } };
  return { item, body: { values: split.values, json: split.json } };
}
