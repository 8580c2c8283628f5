/** One pass over the parsed page collecting the metadata carriers: meta, link, JSON-LD, title, time, h1, itemprop. */
import type { Document, Element } from 'domhandler';
import { descendants, rawText, textOf } from './dom.js';

/** Everything metadata extraction reads, gathered in one walk so later steps do not re-scan the tree. */
export interface Inventory {
  /** `<meta>` values by lower-cased name / property / itemprop / http-equiv, in document order. */
  meta: Map<string, string[]>;
  /** `<link rel>` hrefs by lower-cased rel token. */
  links: Map<string, string[]>;
  jsonLd: string[];
  title?: string;
  lang?: string;
  times: Element[];
  h1s: Element[];
  /** Title-like elements in document order: h1–h3, itemprop=headline, class names with "title"/"headline". */
  headings: Element[];
  /** Elements carrying microdata `itemprop` (other than `<meta>`). */
  itemprops: Element[];
  elements: Element[];
}

const TITLE_CLASS = /(?:^|[\s_-])(?:title|headline|heading)(?:$|[\s_-])/i;

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Walks the document once. */
export function takeInventory(doc: Document): Inventory {
  const inv: Inventory = { meta: new Map(), links: new Map(), jsonLd: [], times: [], h1s: [], headings: [], itemprops: [], elements: [] };
  for (const el of descendants(doc)) {
    inv.elements.push(el);
    const a = el.attribs;
    switch (el.name) {
      case 'meta': {
        const content = a.content ?? a.value;
        if (content === undefined) break;
        for (const k of [a.name, a.property, a.itemprop, a['http-equiv']]) {
          if (k) for (const key of k.toLowerCase().split(/\s+/)) push(inv.meta, key, content.trim());
        }
        break;
      }
      case 'link':
        if (a.rel && a.href) for (const r of a.rel.toLowerCase().split(/\s+/)) push(inv.links, r, a.href.trim());
        break;
      case 'script':
        if ((a.type ?? '').toLowerCase().includes('ld+json')) inv.jsonLd.push(rawText(el.children[0] ?? el));
        break;
      case 'title':
        if (inv.title === undefined && !isInSvg(el)) inv.title = textOf(el);
        break;
      case 'html':
        // The first <html>: documents pasted into the page nest more of them.
        if (inv.lang === undefined && (a.lang || a['xml:lang'])) inv.lang = (a.lang || a['xml:lang'] || '').trim();
        break;
      case 'time':
        inv.times.push(el);
        break;
      case 'h1':
        inv.h1s.push(el);
        break;
      default:
        break;
    }
    if (a.itemprop !== undefined && el.name !== 'meta') inv.itemprops.push(el);
    if (el.name === 'h1' || el.name === 'h2' || el.name === 'h3' || (a.itemprop ?? '').toLowerCase() === 'headline' || TITLE_CLASS.test(a.class ?? '')) inv.headings.push(el);
  }
  return inv;
}

function isInSvg(el: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p.type === 'tag' && p.name === 'svg') return true;
  return false;
}

/** First non-empty meta value among the keys, with the key that gave it. */
export function firstMeta(inv: Inventory, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    for (const value of inv.meta.get(key) ?? []) if (value !== '') return { key, value };
  }
  return undefined;
}
