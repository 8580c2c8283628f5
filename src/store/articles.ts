/** The article store: canonical articles as JSON plus identity indexes and time-ordered lists (Redis). */
import type { Redis } from 'ioredis';
import type { Article } from '../model/article.js';
import { storeKeys, type StoreKeys } from './keys.js';

/** Keys an article can be found by. */
export interface IdentityLookup {
  sourceId: string;
  guid?: string;
  url?: string;
  contentHash?: string;
}

/** Time an article sorts by in feeds: published, else first fetched. */
export function sortTime(a: Pick<Article, 'publishedAt' | 'fetchedAt'>): number {
  const t = Date.parse(a.publishedAt ?? a.fetchedAt);
  return Number.isFinite(t) ? t : 0;
}

function guidField(sourceId: string, guid: string): string {
  return `${sourceId}\n${guid}`;
}

/** Reads and writes canonical articles. */
export class ArticleStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** One article by id. */
  async get(id: string): Promise<Article | undefined> {
    const raw = await this.redis.get(this.k.article(id));
    return raw ? (JSON.parse(raw) as Article) : undefined;
  }

  /** Several articles by id, in order; missing ones are skipped. */
  async getMany(ids: readonly string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.k.article(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Article);
  }

  /** The id of a stored article matching any identity key, in precedence order: source+guid, URL, content hash. */
  async findId(look: IdentityLookup): Promise<string | undefined> {
    const pipe = this.redis.pipeline();
    pipe.hget(this.k.guidIndex, look.guid ? guidField(look.sourceId, look.guid) : '\u0000');
    pipe.hget(this.k.urlIndex, look.url ?? '\u0000');
    // Content hashes identify within one source only: the same text elsewhere is a near-duplicate, not the same item.
    pipe.hget(this.k.hashIndex, look.contentHash ? guidField(look.sourceId, look.contentHash) : '\u0000');
    const res = (await pipe.exec()) ?? [];
    for (const [err, val] of res) {
      if (err) throw err;
      if (typeof val === 'string' && val) return val;
    }
    return undefined;
  }

  /** Upserts an article and its indexes in one transaction. */
  async save(article: Article): Promise<void> {
    const t = sortTime(article);
    const multi = this.redis.multi();
    multi.set(this.k.article(article.id), JSON.stringify(article));
    multi.zadd(this.k.timeline, t, article.id);
    multi.zadd(this.k.bySource(article.sourceId), t, article.id);
    if (article.guid) multi.hset(this.k.guidIndex, guidField(article.sourceId, article.guid), article.id);
    multi.hset(this.k.urlIndex, article.url, article.id);
    if (article.contentHash) multi.hsetnx(this.k.hashIndex, guidField(article.sourceId, article.contentHash), article.id);
    await multi.exec();
  }

  /** Newest-first article ids of the whole store (or one source), from `offset`. */
  async recentIds(offset: number, count: number, sourceId?: string): Promise<string[]> {
    const key = sourceId ? this.k.bySource(sourceId) : this.k.timeline;
    return this.redis.zrevrange(key, offset, offset + count - 1);
  }

  /** Number of stored articles (all, or of one source). */
  async count(sourceId?: string): Promise<number> {
    return this.redis.zcard(sourceId ? this.k.bySource(sourceId) : this.k.timeline);
  }
}
