/** `feedmill extract` and `feedmill parse`: one page or feed document from a file or URL, printed as canonical JSON. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { decodeText } from '../fetch/charset.js';
import { createFetcher } from '../fetch/index.js';
import { fetcherOptions } from '../runtime/fetcher-options.js';
import { extractArticle } from '../extract/index.js';
import { parseFeed } from '../parse/index.js';
import type { GlobalOptions } from './context.js';

/** Options of `extract` and `parse`. */
export interface InspectOptions extends GlobalOptions {
  url?: string;
  contentType?: string;
  json?: boolean;
}

interface Loaded {
  body: Buffer;
  url?: string;
  contentType?: string;
}

function fetcherFromConfig(opts: GlobalOptions) {
  const dir = resolve(opts.config ?? process.env.FEEDMILL_CONFIG_DIR ?? './config');
  if (!existsSync(dir)) {
    const allowPrivate = /^(1|true|yes|on)$/i.test(process.env.FEEDMILL_ALLOW_PRIVATE_NETWORKS ?? '');
    const allow = (process.env.FEEDMILL_FETCH_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return createFetcher({ allowPrivateNetworks: allowPrivate, allow });
  }
  return createFetcher(fetcherOptions(loadConfig(dir).fetch));

}

/** Reads a file or fetches a URL (through the same fetcher and limits as the workers). */
async function load(target: string, opts: InspectOptions): Promise<Loaded> {
  if (/^https?:\/\//i.test(target)) {
    const fetcher = fetcherFromConfig(opts);
    try {
      const res = await fetcher.fetch(target);
      return { body: res.body, url: opts.url ?? res.url, ...(res.contentType ? { contentType: opts.contentType ?? res.contentType } : {}) };
    } finally {
      await fetcher.close();
    }
  }
  const body = readFileSync(target);
  const contentType = opts.contentType ?? (/\.txt$/i.test(target) ? 'text/plain' : undefined);
  return { body, ...(opts.url ? { url: opts.url } : {}), ...(contentType ? { contentType } : {}) };
}

function print(value: unknown, json: boolean | undefined): void {
  process.stdout.write(`${JSON.stringify(value, null, json ? 0 : 2)}\n`);
}

/** `feedmill extract FILE|URL`: the canonical article JSON of one page (HTML or plain text). */
export async function extractCommand(target: string, opts: InspectOptions): Promise<void> {
  const page = await load(target, opts);
  const article = extractArticle(decodeText(page.body, page.contentType), {
    ...(page.url ? { url: page.url } : {}),
    ...(page.contentType ? { contentType: page.contentType } : {}),
  });
  print(article, opts.json);
}

/** `feedmill parse FILE|URL`: `{ format, feed, items }` of one feed document. */
export async function parseCommand(target: string, opts: InspectOptions): Promise<void> {
  const doc = await load(target, opts);
  const parsed = await parseFeed(doc.body, {
    ...(doc.url ? { url: doc.url } : {}),
    ...(doc.contentType ? { contentType: doc.contentType } : {}),
  });
  print(parsed, opts.json);
}
