/** One sources.yaml entry (validated by sourceSchema) → the Source the pipeline reads; shared by the config loader and runtime sources. */
import type { z } from 'zod';
import type { Source } from '../model/source.js';
import type { sourceSchema } from './schema.js';

/** A validated sources.yaml entry. */
export type SourceEntry = z.output<typeof sourceSchema>;

/** Shortest operator interval accepted (a shorter one would hammer publishers). */
export const MIN_SOURCE_INTERVAL_MS = 30_000;

/** Maps a validated entry to a Source; `defaultIntervalMs` applies when the entry sets no interval (adaptive). */
export function toSource(s: SourceEntry, defaultIntervalMs: number): Source {
  return {
    id: s.id,
    url: s.url,
    type: s.type,
    intervalMs: s.interval ?? defaultIntervalMs,
    adaptive: s.interval === undefined,
    // Listing pages and sitemaps only name articles: their pages are always fetched and extracted.
    fullText: s.type === 'html' || s.type === 'sitemap' ? true : s.fullText,
    ...(s.rules !== undefined ? { rules: s.rules } : {}),
    categories: s.categories,
    headers: s.headers,
    ...(s.maxBytes !== undefined ? { maxBytes: s.maxBytes } : {}),
  };
}
