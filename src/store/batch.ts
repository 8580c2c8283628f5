/**
 * Article-stage writes of one job batched into one transaction, with reads that see them: an item later in the
 * batch finds what an earlier one stored exactly as if each had been written at once (the identity indexes'
 * HSET/HSETNX semantics are replayed in memory), while Redis sees three round trips per batch instead of
 * several per item.
 */
import type { ChainableCommander } from 'ioredis';
import type { Article } from '../model/article.js';
import { firstHit, type ArticleStore, type IdentityHits, type IdentityLookup } from './articles.js';
import { articleJson, type BodySource } from './body-json.js';
import type { Revision } from './clusters.js';
import type { FetchHistoryStore } from './history.js';
import type { PendingStore } from './pending.js';
import type { SourceStateStore } from './sources.js';

/** The stores a batch reads from and commits to (all on one Redis, as every instance's are). */
export interface BatchStores {
  articles: ArticleStore;
  sources: SourceStateStore;
  pending: PendingStore;
  /** Articles-per-day counters, incremented in the batch's transaction (absent: not counted). */
  history?: FetchHistoryStore;
}

const field = (sourceId: string, value: string): string => `${sourceId}\n${value}`;

/** Writes of another store committed in the batch's transaction, ahead of the articles (the near-duplicate index). */
export interface TxPart {
  /** Appends its commands to the transaction; returns how many. */
  appendTo(tx: ChainableCommander): number;
  /** Gets the replies of those commands once the transaction ran. */
  committed(replies: readonly unknown[]): void;
}

/** Identity lookups and article reads for a batch of items, and the writes they lead to, committed once. */
export class ArticleBatch {
  /** Articles saved in this batch, latest version by id. */
  private readonly saved = new Map<string, Article>();
  /** Index writes of this batch, keyed like the Redis fields: guid and URL overwrite, content hash keeps the first. */
  private readonly guids = new Map<string, string>();
  private readonly urls = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  /** Articles read before any write, by id (undefined: indexed but not stored). */
  private readonly loaded = new Map<string, Article | undefined>();
  private readonly saves: { article: Article; json: string; revision?: Revision }[] = [];
  private readonly seen = new Map<string, Map<string, string>>();
  private readonly done: string[] = [];
  /** New articles per "sourceId\nday" (UTC day of first fetch). */
  private readonly newPerDay = new Map<string, number>();

  private constructor(
    private readonly stores: BatchStores,
    private readonly looks: readonly IdentityLookup[],
    private readonly hits: readonly IdentityHits[],
  ) {}

  /** Reads the identity indexes for every lookup and the articles they point at (two round trips). */
  static async open(stores: BatchStores, looks: readonly IdentityLookup[]): Promise<ArticleBatch> {
    const hits = await stores.articles.findHits(looks);
    const batch = new ArticleBatch(stores, looks, hits);
    const ids = [...new Set(hits.map(firstHit).filter((id): id is string => id !== undefined))];
    const articles = await stores.articles.getEach(ids);
    ids.forEach((id, i) => batch.loaded.set(id, articles[i]));
    return batch;
  }

  /** The stored article matching lookup `i` (as given to `open`), counting this batch's writes so far. */
  findId(i: number): string | undefined {
    const look = this.looks[i];
    const hits = this.hits[i];
    if (!look || !hits) return undefined;
    // Same precedence as ArticleStore.findId: source+guid, URL, content hash.
    const guid = look.guid ? (this.guids.get(field(look.sourceId, look.guid)) ?? hits.guid) : undefined;
    const url = look.url !== undefined ? (this.urls.get(look.url) ?? hits.url) : undefined;
    const hash = look.contentHash ? (hits.contentHash ?? this.hashes.get(field(look.sourceId, look.contentHash))) : undefined;
    return guid || url || hash || undefined;
  }

  /** One article by id: this batch's latest version, else the store's. */
  async get(id: string): Promise<Article | undefined> {
    const own = this.saved.get(id);
    if (own) return own;
    if (this.loaded.has(id)) return this.loaded.get(id);
    return this.stores.articles.get(id);
  }

  /** Several articles by id, in order, missing ones skipped (like ArticleStore.getMany), reading Redis once at most. */
  async getMany(ids: readonly string[]): Promise<Article[]> {
    const missing = ids.filter((id) => !this.saved.has(id));
    const fetched = new Map<string, Article | undefined>();
    const read = await this.stores.articles.getEach(missing);
    missing.forEach((id, i) => fetched.set(id, read[i]));
    return ids.map((id) => this.saved.get(id) ?? fetched.get(id)).filter((a): a is Article => a !== undefined);
  }

  /**
   * Queues an upsert of `article` and makes it visible to the batch's later reads; `body`: its pending item's body
   * JSON; `revision`: the version it replaces, pushed onto the article's history in the same transaction.
   */
  save(article: Article, body?: BodySource, revision?: Revision): void {
    this.saved.set(article.id, article);
    if (article.guid) this.guids.set(field(article.sourceId, article.guid), article.id);
    this.urls.set(article.url, article.id);
    const hashKey = field(article.sourceId, article.contentHash);
    if (article.contentHash && !this.hashes.has(hashKey)) this.hashes.set(hashKey, article.id);
    this.saves.push({ article, json: articleJson(article, body), ...(revision ? { revision } : {}) });
  }

  /** Counts `article` (stored for the first time) in its source's articles-per-day counter at commit. */
  countNew(article: Article): void {
    const key = field(article.sourceId, article.fetchedAt.slice(0, 10));
    this.newPerDay.set(key, (this.newPerDay.get(key) ?? 0) + 1);
  }

  /** Queues "this version of the item was processed" and the removal of its pending copy. */
  finish(sourceId: string, itemKey: string, fingerprint: string, pendingKey: string): void {
    let bySource = this.seen.get(sourceId);
    if (!bySource) this.seen.set(sourceId, (bySource = new Map()));
    bySource.set(itemKey, fingerprint);
    this.done.push(pendingKey);
  }

  /**
   * Writes everything queued in one MULTI: `part`'s writes (the near-duplicate index: an article is never stored
   * without its index entries, nor indexed without being stored), article upserts in order, seen marks, pending deletes.
   */
  async commit(part?: TxPart): Promise<void> {
    const tx = this.stores.articles.multi();
    const own = part?.appendTo(tx) ?? 0;
    // Nothing to write: the MULTI is dropped unsent (ioredis queues a transaction's commands until exec).
    if (own === 0 && this.saves.length === 0 && this.done.length === 0) return;
    for (const s of this.saves) {
      this.stores.articles.addSave(tx, s.article, s.json);
      if (s.revision) this.stores.articles.addRevision(tx, s.article.id, s.revision);
    }
    for (const [sourceId, entries] of this.seen) this.stores.sources.addMarkSeen(tx, sourceId, entries);
    for (const [key, n] of this.newPerDay) {
      const [sourceId = '', day = ''] = key.split('\n');
      this.stores.history?.addArticlesPerDay(tx, sourceId, day, n);
    }
    this.stores.pending.addDelete(tx, this.done);
    const results = await tx.exec();
    // exec() resolves null when the transaction was discarded, and per-command errors come back in the tuples.
    if (results === null) throw new Error('store: article batch transaction was aborted');
    for (const [err] of results) if (err) throw err;
    part?.committed(results.slice(0, own).map(([, v]) => v));
  }
}
