/** The article store: canonical articles as JSON plus identity indexes and time-ordered lists (Redis). */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Article } from '../model/article.js';
import type { LshIndex } from '../dedup/lsh.js';
import { storeKeys, type StoreKeys } from './keys.js';
import { decodeArticle, encodeArticle } from './codec.js';
import { addClusterMember, addRevisionPush, moveToCluster, readClusterMembers, readRevisions, type Revision } from './clusters.js';
import { applyRetention, type RetentionOptions, type RetentionResult } from './retention.js';

/** Keys an article can be found by. */
export interface IdentityLookup {
  sourceId: string;
  guid?: string;
  url?: string;
  contentHash?: string;
}

/** What each identity index holds for one lookup's keys, before any precedence is applied. */
export interface IdentityHits {
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

/** The first hit in precedence order: source+guid, URL, content hash. */
export function firstHit(hits: IdentityHits): string | undefined {
  return hits.guid ?? hits.url ?? hits.contentHash;
}

/** Reads and writes canonical articles. */
export class ArticleStore {
  private readonly k: StoreKeys;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.k = storeKeys(prefix);
  }

  /** One article by id. */
  async get(id: string): Promise<Article | undefined> {
    const raw = await this.redis.getBuffer(this.k.article(id));
    return raw ? decodeArticle(raw) : undefined;
  }

  /** Several articles by id, in order; missing ones are skipped. */
  async getMany(ids: readonly string[]): Promise<Article[]> {
    return (await this.getEach(ids)).filter((a): a is Article => a !== undefined);
  }

  /** Several articles by id, one MGET: the article or undefined at each id's position. */
  async getEach(ids: readonly string[]): Promise<(Article | undefined)[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mgetBuffer(...ids.map((id) => this.k.article(id)));
    return raws.map((r) => (r === null ? undefined : decodeArticle(r)));
  }

  /** The id of a stored article matching any identity key, in precedence order: source+guid, URL, content hash. */
  async findId(look: IdentityLookup): Promise<string | undefined> {
    const [hits] = await this.findHits([look]);
    return hits ? firstHit(hits) : undefined;
  }

  /** What each identity index holds for each lookup, in one round trip (three HMGETs). */
  async findHits(looks: readonly IdentityLookup[]): Promise<IdentityHits[]> {
    if (looks.length === 0) return [];
    const pipe = this.redis.pipeline();
    // '\u0000' is never a stored field: it stands for a key the lookup does not have.
    pipe.hmget(this.k.guidIndex, ...looks.map((l) => (l.guid ? guidField(l.sourceId, l.guid) : '\u0000')));
    pipe.hmget(this.k.urlIndex, ...looks.map((l) => l.url ?? '\u0000'));
    // Content hashes identify within one source only: the same text elsewhere is a near-duplicate, not the same item.
    pipe.hmget(this.k.hashIndex, ...looks.map((l) => (l.contentHash ? guidField(l.sourceId, l.contentHash) : '\u0000')));
    const res = (await pipe.exec()) ?? [];
    const cols = res.map(([err, val]) => {
      if (err) throw err;
      return val as (string | null)[];
    });
    return looks.map((_, i) => {
      const hits: IdentityHits = {};
      const [guid, url, hash] = cols.map((c) => c[i]);
      if (guid) hits.guid = guid;
      if (url) hits.url = url;
      if (hash) hits.contentHash = hash;
      return hits;
    });
  }

  /** Upserts an article and its indexes in one transaction. */
  async save(article: Article): Promise<void> {
    const multi = this.redis.multi();
    this.addSave(multi, article);
    await multi.exec();
  }

  /** Appends an article's upsert (body, timelines, identity indexes, cluster membership) to a transaction or pipeline. */
  addSave(tx: ChainableCommander, article: Article, json = JSON.stringify(article)): void {
    const t = sortTime(article);
    tx.set(this.k.article(article.id), encodeArticle(json));
    tx.zadd(this.k.timeline, t, article.id);
    tx.zadd(this.k.bySource(article.sourceId), t, article.id);
    if (article.guid) tx.hset(this.k.guidIndex, guidField(article.sourceId, article.guid), article.id);
    tx.hset(this.k.urlIndex, article.url, article.id);
    if (article.contentHash) tx.hsetnx(this.k.hashIndex, guidField(article.sourceId, article.contentHash), article.id);
    addClusterMember(tx, this.k, article);
  }

  /** Appends "this was the article's previous version" to a transaction (history capped, newest first). */
  addRevision(tx: ChainableCommander, id: string, rev: Revision): void {
    addRevisionPush(tx, this.k, id, rev);
  }

  /** An article's previous versions, newest first. */
  async revisions(id: string): Promise<Revision[]> {
    return readRevisions(this.redis, this.k, id);
  }

  /** Member ids of each cluster by first-seen time, at most `limit` per cluster, in one round trip. */
  async clusterMembers(clusterIds: readonly string[], limit: number): Promise<Map<string, string[]>> {
    return readClusterMembers(this.redis, this.k, clusterIds, limit);
  }

  /** Adds each article to its cluster's member index (first-seen score kept when present), one pipelined round trip. */
  async indexClusters(articles: readonly Article[]): Promise<void> {
    if (articles.length === 0) return;
    const pipe = this.redis.pipeline();
    for (const a of articles) addClusterMember(pipe, this.k, a);
    for (const [err] of (await pipe.exec()) ?? []) if (err) throw err;
  }

  /** Moves `id`, still alone in its own cluster, into `targetId`'s cluster if `accept(target)` holds (clusters.ts moveToCluster). */
  async joinCluster(id: string, targetId: string, accept: (target: Article) => boolean): Promise<{ moved: Article; target: Article } | undefined> {
    return moveToCluster(this.redis, this.k, id, targetId, accept);
  }

  /** Number of articles in a cluster's member index. */
  async clusterSize(clusterId: string): Promise<number> {
    return this.redis.zcard(this.k.cluster(clusterId));
  }

  /** For each key (an item's guid or URL within `sourceId`): whether retention deleted it (one HMGET on the tombstones). */
  async tombstoned(sourceId: string, keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const vals = await this.redis.hmget(this.k.tomb, ...keys.map((key) => guidField(sourceId, key)));
    return vals.map((v) => v !== null);
  }

  /** One bounded retention pass over this store (retention.ts): deletes what is over the limits and tombstones it. */
  async retain(opts: RetentionOptions, lsh: Pick<LshIndex, 'remove'>): Promise<RetentionResult> {
    return applyRetention(this.redis, this.prefix, opts, lsh);
  }

  /** A transaction on the store's connection, for batch writes that span the stores of one instance. */
  multi(): ChainableCommander {
    return this.redis.multi();
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
