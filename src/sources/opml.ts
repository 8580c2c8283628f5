/**
 * OPML 2.0 (http://opml.org/spec2.opml) of the sources we crawl: export and import, our per-source options carried in
 * the namespace `xmlns:feedmill="https://feedmill.dev/ns/opml/1.0"` (id, type, interval, fullText, rules, categories).
 * Folders (outlines that only hold outlines) are categories: export files a source under its first category; import
 * gives a source the titles of the folders it sits in. Request headers are never exported (they may hold secrets).
 */
import type { Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Source, SourceType } from '../model/source.js';
import { refuseEntityDeclarations } from '../parse/detect.js';
import { escapeXmlAttr, escapeXmlText, oneLine } from '../syndicate/text.js';

/** Namespace of feedmill's per-source options in OPML. */
export const FEEDMILL_OPML_NS = 'https://feedmill.dev/ns/opml/1.0';

/** One source read from an OPML file: what an add request needs. */
export interface OpmlSource {
  id?: string;
  url: string;
  title?: string;
  type?: SourceType;
  /** As written ("15m", "3600s"); absent: adaptive. */
  interval?: string;
  fullText?: boolean;
  rules?: string;
  categories: string[];
}

const TYPES: readonly SourceType[] = ['feed', 'html', 'sitemap', 'page'];

/** A lossless duration: the largest unit that divides it exactly ("90s", "25m", "36h"). */
export function exactDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function outline(s: Source, indent: string): string {
  const title = escapeXmlAttr(oneLine(s.id));
  const where = s.type === 'feed' ? `type="rss" xmlUrl="${escapeXmlAttr(s.url)}"` : `type="link" url="${escapeXmlAttr(s.url)}"`;
  const opts = [
    `feedmill:id="${escapeXmlAttr(s.id)}"`,
    `feedmill:type="${s.type}"`,
    ...(s.adaptive ? [] : [`feedmill:interval="${exactDuration(s.intervalMs)}"`]),
    `feedmill:fullText="${s.fullText}"`,
    ...(s.rules !== undefined ? [`feedmill:rules="${escapeXmlAttr(s.rules)}"`] : []),
    ...(s.categories.length > 0 ? [`feedmill:categories="${escapeXmlAttr(s.categories.join(','))}"`] : []),
  ];
  return `${indent}<outline text="${title}" title="${title}" ${where} ${opts.join(' ')}/>`;
}

/** Renders `sources` as OPML 2.0 with our options; sources with categories sit in a folder named after the first one. */
export function renderSourcesOpml(sources: readonly Source[], created: Date, title = 'feedmill sources'): string {
  const loose: string[] = [];
  const folders = new Map<string, string[]>();
  for (const s of sources) {
    const folder = s.categories[0];
    if (folder === undefined) loose.push(outline(s, '    '));
    else folders.set(folder, [...(folders.get(folder) ?? []), outline(s, '      ')]);
  }
  const body = [...loose];
  for (const [name, lines] of folders) {
    const t = escapeXmlAttr(oneLine(name));
    body.push(`    <outline text="${t}" title="${t}">`, ...lines, '    </outline>');
  }
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0" xmlns:feedmill="${FEEDMILL_OPML_NS}">\n  <head>\n` +
    `    <title>${escapeXmlText(oneLine(title))}</title>\n    <dateCreated>${created.toUTCString()}</dateCreated>\n` +
    `  </head>\n  <body>\n${body.join('\n')}\n  </body>\n</opml>\n`
  );
}

function children(el: Element | Document, name: string): Element[] {
  return el.children.filter((c): c is Element => c.type === 'tag' && (c as Element).name.toLowerCase() === name);
}

function readEntry(el: Element, ns: string, folders: readonly string[]): OpmlSource | undefined {
  const a = el.attribs;
  const opt = (name: string): string | undefined => a[`${ns}:${name}`]?.trim() || undefined;
  const url = (a.xmlUrl ?? a.xmlurl ?? (a.type?.toLowerCase() === 'link' ? a.url : undefined))?.trim();
  if (!url) return undefined;
  const type = opt('type');
  const fullText = opt('fullText');
  const title = (a.title ?? a.text)?.trim();
  const listed = (opt('categories') ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  return {
    url,
    categories: [...new Set([...folders, ...listed])],
    ...(opt('id') ? { id: opt('id') } : {}),
    ...(title ? { title } : {}),
    ...(type && (TYPES as readonly string[]).includes(type) ? { type: type as SourceType } : {}),
    ...(opt('interval') ? { interval: opt('interval') } : {}),
    ...(fullText === 'true' || fullText === 'false' ? { fullText: fullText === 'true' } : {}),
    ...(opt('rules') ? { rules: opt('rules') } : {}),
  };
}

function walk(el: Element, ns: string, folders: readonly string[], out: OpmlSource[]): void {
  for (const o of children(el, 'outline')) {
    const entry = readEntry(o, ns, folders);
    if (entry) out.push(entry);
    else {
      const name = (o.attribs.title ?? o.attribs.text ?? '').trim();
      walk(o, ns, name ? [...folders, name] : folders, out);
    }
  }
}

/** The sources listed in an OPML document (any version), folders as categories; throws on a document that is not OPML. */
export function parseSourcesOpml(text: string): OpmlSource[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const rootAt = trimmed.search(/<opml[\s>]/i);
  if (rootAt === -1) throw new Error('not an OPML document (no <opml> element)');
  refuseEntityDeclarations(trimmed.slice(0, rootAt));
  const doc = parseDocument(trimmed, { xmlMode: true });
  const opml = children(doc, 'opml')[0];
  const body = opml && children(opml, 'body')[0];
  if (!opml || !body) throw new Error('not an OPML document (no <opml><body>)');
  // Our options are found by namespace, whatever prefix the file bound it to.
  const bound = Object.entries(opml.attribs).find(([k, v]) => k.startsWith('xmlns:') && v === FEEDMILL_OPML_NS);
  const ns = bound ? bound[0].slice('xmlns:'.length) : 'feedmill';
  const out: OpmlSource[] = [];
  walk(body, ns, [], out);
  return out;
}
