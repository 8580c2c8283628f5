/**
 * Subscriber counts that feed aggregators put in their User-Agent ("Feedly/1.0 (…; 42 subscribers; …)",
 * "NewsBlur Feed Fetcher - 7 subscribers - …"), recorded per feed for operators: the only audience figure a
 * feed publisher gets from hosted readers. Redis: `P:subs:<feed>` HASH reader key → {"count","at"}.
 */
import type { Redis } from 'ioredis';

/** One aggregator's report. */
export interface SubscriberReport {
  /** Aggregator name ("Feedly", "Inoreader", "NewsBlur Feed Fetcher"). */
  reader: string;
  count: number;
  /** The aggregator's own id for our feed, when it gives one (one reader may poll several URLs of a feed). */
  feedRef?: string;
}

/** A recorded report with its time. */
export interface SubscriberEntry extends SubscriberReport {
  at: string;
}

const COUNT = /(\d[\d,]*)\s+(?:subscribers?|readers?)\b/i;
const FEED_REF = /feed-?id[=:]\s*([\w-]+)/i;
/** Product tokens that never name the aggregator (browser compatibility noise). */
const NOISE = /^(mozilla|compatible|applewebkit|khtml|gecko|safari|chrome|like)$/i;

/** The aggregator and its subscriber count in a User-Agent, or undefined when it reports none. */
export function parseSubscribers(userAgent: string | undefined): SubscriberReport | undefined {
  if (!userAgent || userAgent.length > 512) return undefined;
  const m = COUNT.exec(userAgent);
  if (!m) return undefined;
  const count = Number((m[1] ?? '').replace(/,/g, ''));
  if (!Number.isSafeInteger(count)) return undefined;
  // Product tokens ("Name/1.0") stand at the start or after a space, "(" or ";", never inside a URL.
  const products = [...userAgent.matchAll(/(?:^|[\s(;])([A-Za-z][\w.-]*)\/\d[\w.]*/g)]
    .map((p) => p[1] ?? '')
    .filter((p) => !NOISE.test(p));
  const lead = userAgent.replace(FEED_REF, '').split(/\s+[-(;]|[(;]/)[0]?.trim() ?? '';
  const reader = (products[0] ?? lead.replace(/\/.*$/, '')).slice(0, 64) || 'unknown';
  const ref = FEED_REF.exec(userAgent)?.[1];
  return ref ? { reader, count, feedRef: ref } : { reader, count };
}

/** Records and reads subscriber counts; writes at most once per (feed, reader) per `minIntervalMs` unless the count changed. */
export class SubscriberStore {
  private readonly last = new Map<string, { count: number; at: number }>();
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly minIntervalMs = 10 * 60_000,
  ) {}

  private key(feedId: string): string {
    return `${this.prefix}:subs:${feedId}`;
  }

  /** Records the report in a User-Agent, if any; returns it. Cheap to call on every request. */
  async record(feedId: string, userAgent: string | undefined, now: Date = new Date()): Promise<SubscriberReport | undefined> {
    const report = parseSubscribers(userAgent);
    if (!report) return undefined;
    const field = report.feedRef ? `${report.reader}#${report.feedRef}` : report.reader;
    const memo = `${feedId}\n${field}`;
    const prev = this.last.get(memo);
    if (prev && prev.count === report.count && now.getTime() - prev.at < this.minIntervalMs) return report;
    this.last.set(memo, { count: report.count, at: now.getTime() });
    if (this.last.size > 10_000) this.last.clear();
    const entry: SubscriberEntry = { ...report, at: now.toISOString() };
    await this.redis.hset(this.key(feedId), field, JSON.stringify(entry));
    return report;
  }

  /** Every aggregator's latest report for a feed, and their sum. */
  async get(feedId: string): Promise<{ total: number; readers: SubscriberEntry[] }> {
    const raw = await this.redis.hgetall(this.key(feedId));
    const readers = Object.values(raw)
      .map((v) => JSON.parse(v) as SubscriberEntry)
      .sort((a, b) => b.count - a.count || a.reader.localeCompare(b.reader));
    return { total: readers.reduce((n, r) => n + r.count, 0), readers };
  }
}
