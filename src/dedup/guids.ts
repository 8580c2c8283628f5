/**
 * GUIDs a feed document can be trusted with. Identity tries source + GUID first, so a feed that gives two stories
 * the same GUID would have the second overwrite the first (and the two flip-flop on every crawl). Within one
 * document: an item whose GUID repeats is keyed by its link instead; and when more than a small share of the
 * items have a missing or repeated GUID, the whole document is keyed by links (a feed that gets GUIDs wrong that
 * often cannot be trusted with the rest either). Links are only used when they are unique in the document.
 */
import { createHash } from 'node:crypto';
import type { ArticleDraft } from '../model/article.js';

/** Share of a document's items with a missing or repeated GUID above which every item is keyed by its link. */
export const GUID_FALLBACK_SHARE = 0.2;

function counts(values: readonly (string | undefined)[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** A repeated GUID made unique by the item's title, for items without a unique link to fall back on. */
function disambiguated(guid: string, title: string): string {
  return `${guid}#${createHash('sha256').update(title, 'utf8').digest('hex').slice(0, 12)}`;
}

/**
 * The items with GUIDs identity can rely on: a repeated GUID is dropped (the item is then found by its link) or,
 * without a unique link, suffixed with a hash of the title; above GUID_FALLBACK_SHARE bad GUIDs, every item with a
 * unique link loses its GUID. Items are returned in order; healthy documents come back unchanged (same objects).
 */
export function withUsableGuids(items: readonly ArticleDraft[]): ArticleDraft[] {
  const guids = counts(items.map((d) => d.guid));
  const urls = counts(items.map((d) => d.url));
  const repeated = (d: ArticleDraft): boolean => d.guid !== undefined && (guids.get(d.guid) ?? 0) > 1;
  const bad = items.filter((d) => !d.guid || repeated(d)).length;
  if (bad === 0) return [...items];
  const byLinks = bad / items.length > GUID_FALLBACK_SHARE;
  return items.map((d) => {
    if (!d.guid || (!byLinks && !repeated(d))) return d;
    const { guid, ...rest } = d;
    if (d.url !== undefined && urls.get(d.url) === 1) return rest;
    return repeated(d) ? { ...rest, guid: disambiguated(guid, d.title) } : d;
  });
}
