/** Shared inputs for the syndicate tests: the tricky articles, two feed definitions, a fixed context. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Article } from '../../../src/model/article.js';
import type { FeedDefinition } from '../../../src/model/source.js';
import type { RenderContext } from '../../../src/syndicate/index.js';

/** Folder of the golden files. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/syndicate');

/** The tricky articles (newest first), read fresh for every caller. */
export function articles(): Article[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'articles.json'), 'utf8')) as Article[];
}

/** One article with the given fields over a plain, valid base. */
export function article(over: Partial<Article> = {}): Article {
  return {
    id: 'art-1',
    url: 'https://example.com/a/1',
    sourceId: 'src',
    title: 'Title',
    summary: 'Summary.',
    authors: [],
    categories: [],
    enclosures: [],
    wordCount: 1,
    publishedAt: '2024-05-01T00:00:00.000Z',
    fetchedAt: '2024-05-01T01:00:00.000Z',
    contentHash: 'h',
    fingerprint: '0000000000000000',
    clusterId: 'art-1',
    ...over,
  };
}

/** A feed definition; `content` picks full HTML or summaries. */
export function feedDef(content: 'full' | 'summary', over: Partial<FeedDefinition> = {}): FeedDefinition {
  return {
    id: content === 'full' ? 'world' : 'world-brief',
    title: 'World & Markets',
    description: 'Everything <important> from our sources',
    filter: {},
    limit: 50,
    content,
    access: 'public',
    ...over,
  };
}

/** The fixed render context that keeps golden files deterministic. */
export const CTX: RenderContext = {
  baseUrl: 'http://localhost:8080',
  updatedAt: new Date('2024-06-01T12:00:00.000Z'),
  hub: 'https://hub.example.com/',
};

/** Parses XML with a real parser after checking it is well-formed; numeric references decoded. */
export function parseXml(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    htmlEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => ['item', 'entry', 'link', 'atom:link', 'author', 'category', 'dc:creator', 'enclosure',
      'media:content'].includes(name),
  });
  return parser.parse(xml) as Record<string, unknown>;
}

/** Characters XML 1.0 forbids, raw or as numeric character references (the parser above lets refs through). */
export function illegalXmlChars(xml: string): string[] {
  const raw = xml.match(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu) ?? [];
  const refs = [...xml.matchAll(/&#(x[0-9a-f]+|[0-9]+);/gi)]
    .map((m) => m[1] ?? '')
    .map((n) => (/^x/i.test(n) ? parseInt(n.slice(1), 16) : parseInt(n, 10)))
    .filter((c) => !(c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000))
    .map((c) => `&#${c};`);
  return [...raw, ...refs];
}
