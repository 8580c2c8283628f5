/**
 * Reads a feed's articles from the store, one page at a time. The timeline is a sorted set read newest
 * first (score desc, then id desc), so a page boundary is a keyset cursor (sort time, id): a page "older
 * than" a cursor does not shift when new articles arrive, which is what makes RFC 5005 paged walks reach
 * every item exactly once. A cursor also carries the offset where it was last seen, so a deep page starts
 * reading there instead of at the top (checked, and redone from the top when the hint is stale).
 */
import type { Article } from '../model/article.js';
import type { FeedDefinition } from '../model/source.js';
import { sortTime, type ArticleStore } from '../store/index.js';
import { foldRepeats, matchesFilter, matchesNarrowing, type FeedNarrowing } from './filter.js';

const WINDOW = 200;
/** Timeline entries one request reads at most (bounds the work of a deep or very selective page). */
export const MAX_SCAN = 5000;

/** A position in a feed's timeline: sort time (ms), article id, and the offset it was last seen at. */
export interface Cursor {
  time: number;
  id: string;
  offset: number;
}

/** `cursor` as an opaque URL-safe string. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.time}.${c.offset}.${c.id}`, 'utf8').toString('base64url');
}

/** The cursor in an opaque string, or undefined when it is not one of ours. */
export function decodeCursor(s: string): Cursor | undefined {
  const m = /^(-?\d{1,16})\.(\d{1,9})\.(.+)$/s.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m || !/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return undefined;
  return { time: Number(m[1]), offset: Number(m[2]), id: m[3] ?? '' };
}

/** >0 when `a` comes before (is newer than) `b` in the timeline, <0 when after, 0 when the same entry. */
function order(a: { time: number; id: string }, b: { time: number; id: string }): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.id === b.id ? 0 : a.id > b.id ? 1 : -1;
}

/** What one page read asks for. */
export interface PageRequest {
  /** Items per page. */
  limit: number;
  /** Only items older than this cursor (the "next" page). */
  before?: Cursor;
  /** Only items newer than this cursor, the nearest ones ("previous"); 'start': the oldest page ("last"). */
  after?: Cursor | 'start';
  narrowing?: FeedNarrowing;
  nowMs?: number;
  maxScan?: number;
}

/** One page of a feed, newest first, with the cursors of its neighbours. */
export interface FeedPage {
  articles: Article[];
  /** Where the next (older) page starts; undefined when nothing older is left. */
  older?: Cursor;
  /** Where the previous (newer) page starts; undefined on the newest page. */
  newer?: Cursor;
}

interface Entry {
  offset: number;
  id: string;
  article?: Article;
}

function cursorOf(e: Entry & { article: Article }): Cursor {
  return { time: sortTime(e.article), id: e.id, offset: e.offset };
}

/** The timeline a feed reads: the per-source one when the feed has exactly one source. */
class Timeline {
  constructor(
    private readonly store: ArticleStore,
    private readonly sourceId: string | undefined,
  ) {}

  async window(offset: number, count: number): Promise<Entry[]> {
    if (count <= 0) return [];
    const ids = await this.store.recentIds(offset, count, this.sourceId);
    const byId = new Map((await this.store.getMany(ids)).map((a) => [a.id, a]));
    return ids.map((id, i) => {
      const article = byId.get(id);
      return article ? { offset: offset + i, id, article } : { offset: offset + i, id };
    });
  }

  count(): Promise<number> {
    return this.store.count(this.sourceId);
  }
}

/** Keeps the articles a feed carries, folding repeats across the whole read (not just one window). */
class Picker {
  private readonly seenClusters = new Set<string>();
  private readonly seenUrls = new Set<string>();
  constructor(
    private readonly def: FeedDefinition,
    private readonly store: ArticleStore,
    private readonly req: PageRequest,
    private readonly nowMs: number,
  ) {}

  /** The entries of one window the feed keeps, in the order given. */
  async pick(entries: (Entry & { article: Article })[]): Promise<(Entry & { article: Article })[]> {
    const matching = entries.filter(
      (e) => matchesFilter(this.def.filter, e.article, this.nowMs) && matchesNarrowing(this.req.narrowing, e.article),
    );
    const mode = this.def.dedupe ?? 'cluster';
    if (mode === 'off') return matching;
    if (mode === 'url') return matching.filter((e) => this.first(this.seenUrls, e.article.url));
    // A story is carried by its cluster's first article wherever that one sits in the timeline, so a
    // member is dropped when the head is in the feed too; pages then never carry one story twice.
    const headIds = [...new Set(matching.filter((e) => e.id !== e.article.clusterId).map((e) => e.article.clusterId))];
    const heads = new Map((await this.store.getMany(headIds)).map((a) => [a.id, a]));
    const headInFeed = (clusterId: string): boolean => {
      const h = heads.get(clusterId);
      return h !== undefined && matchesFilter(this.def.filter, h, this.nowMs);
    };
    const kept = matching.filter((e) => e.id === e.article.clusterId || !headInFeed(e.article.clusterId));
    const folded = new Set(foldRepeats(kept.map((e) => e.article), 'cluster'));
    return kept.filter((e) => folded.has(e.article) && this.first(this.seenClusters, e.article.clusterId));
  }

  private first(seen: Set<string>, key: string): boolean {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }
}

/** The oldest sort time the feed and request accept (maxAge, since), when bounded. */
function lowerBound(def: FeedDefinition, req: PageRequest, nowMs: number): number | undefined {
  const bounds = [
    def.filter.maxAgeMs !== undefined ? nowMs - def.filter.maxAgeMs : undefined,
    req.narrowing?.sinceMs,
  ].filter((b): b is number => b !== undefined);
  return bounds.length > 0 ? Math.max(...bounds) : undefined;
}

type Full = Entry & { article: Article };
const hasArticle = (e: Entry): e is Full => e.article !== undefined;

/** Offset of the first entry strictly older than `c` (the hint is checked; redone from the top when stale). */
async function insertionPoint(tl: Timeline, c: Cursor, maxScan: number): Promise<number> {
  let start = c.offset;
  for (let read = 0; read < maxScan; ) {
    const win = await tl.window(start, WINDOW);
    read += win.length;
    const firstReal = win.find(hasArticle);
    // Entries before the hint may have gone: when the hint already lands past the cursor, start over.
    if (start > 0 && (win.length === 0 || (firstReal && order(cursorOf(firstReal), c) < 0))) {
      start = 0;
      continue;
    }
    const hit = win.find((e) => hasArticle(e) && order(cursorOf(e), c) < 0);
    if (hit) return hit.offset;
    if (win.length < WINDOW) return start + win.length;
    start += WINDOW;
  }
  return start;
}

/** Reads toward older items from `start`, keeping up to limit+1 (the extra one says an older page exists). */
async function scanOlder(tl: Timeline, picker: Picker, start: number, req: PageRequest, low: number | undefined, maxScan: number) {
  const kept: Full[] = [];
  let last: Full | undefined;
  let exhausted = false;
  for (let offset = start, read = 0; kept.length <= req.limit && read < maxScan; ) {
    const count = Math.min(WINDOW, maxScan - read);
    const raw = await tl.window(offset, count);
    read += raw.length;
    offset += raw.length;
    const win = raw.filter(hasArticle);
    // The timeline is sorted by time: once an entry is below the lower bound, so is everything after it.
    const inRange = low === undefined ? win : win.filter((e) => sortTime(e.article) >= low);
    for (const e of await picker.pick(inRange)) if (kept.length <= req.limit) kept.push(e);
    if (win.length > 0) last = win[win.length - 1];
    if (raw.length < count || inRange.length < win.length) {
      exhausted = true;
      break;
    }
  }
  return { kept, last, exhausted };
}

/**
 * One page of a feed: its filter, the request's narrowing and the feed's dedupe applied; newest first.
 * Without a cursor this is the newest page (the subscription document).
 */
export async function selectPage(def: FeedDefinition, store: ArticleStore, req: PageRequest): Promise<FeedPage> {
  const nowMs = req.nowMs ?? Date.now();
  const maxScan = req.maxScan ?? MAX_SCAN;
  const onlySource = def.filter.sources?.length === 1 ? def.filter.sources[0] : undefined;
  const tl = new Timeline(store, onlySource);
  const picker = new Picker(def, store, req, nowMs);
  const low = lowerBound(def, req, nowMs);
  if (req.after !== undefined) return selectNewer(tl, picker, req, low, maxScan);

  const start = req.before ? await insertionPoint(tl, req.before, maxScan) : 0;
  const { kept, last, exhausted } = await scanOlder(tl, picker, start, req, low, maxScan);
  const articles = kept.slice(0, req.limit);
  const page: FeedPage = { articles: articles.map((e) => e.article) };
  const tail = articles[articles.length - 1];
  if (kept.length > req.limit && tail) page.older = cursorOf(tail);
  else if (!exhausted && last) page.older = cursorOf(last);
  const head = articles[0];
  if (req.before) page.newer = head ? cursorOf(head) : req.before;
  return page;
}

/** The `limit` items just newer than the cursor (or the oldest ones), read from the cursor toward the top. */
async function selectNewer(tl: Timeline, picker: Picker, req: PageRequest, low: number | undefined, maxScan: number): Promise<FeedPage> {
  const after = req.after ?? 'start';
  let end = after === 'start' ? await tl.count() : await insertionPoint(tl, after, maxScan);
  const kept: Full[] = [];
  let read = 0;
  let stoppedAt: Full | undefined;
  while (end > 0 && kept.length <= req.limit && read < maxScan) {
    const from = Math.max(0, end - WINDOW);
    const win = (await tl.window(from, end - from)).filter(hasArticle).reverse();
    read += end - from;
    const fresh = win.filter((e) => (after === 'start' || order(cursorOf(e), after) > 0) && (low === undefined || sortTime(e.article) >= low));
    // Picking in nearest-first order; the page is shown newest first afterwards.
    for (const e of await picker.pick(fresh)) if (kept.length <= req.limit) kept.push(e);
    if (win.length > 0) stoppedAt = win[win.length - 1];
    end = from;
  }
  const articles = kept.slice(0, req.limit).reverse();
  const page: FeedPage = { articles: articles.map((e) => e.article) };
  const newest = articles[0];
  if (kept.length > req.limit && newest) page.newer = cursorOf(newest);
  else if (end > 0 && stoppedAt) page.newer = cursorOf(stoppedAt);
  const oldest = articles[articles.length - 1];
  if (after !== 'start') page.older = oldest ? cursorOf(oldest) : after;
  return page;
}

/** Newest-first articles of a feed after its filter and dedupe, at most `def.limit` (the subscription document). */
export async function selectArticles(def: FeedDefinition, store: ArticleStore, maxScan = MAX_SCAN): Promise<Article[]> {
  return (await selectPage(def, store, { limit: def.limit, maxScan })).articles;
}
