/**
 * Fuzzing with generated inputs (fast-check): the feed parser adapter, the extractor and the sanitizer never crash with
 * anything but a coded FeedmillError, never hang, and the sanitizer never lets script-capable markup through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';
import { FeedmillError } from '../../src/model/errors.js';
import { sanitizeHtml } from '../../src/normalize/index.js';
import { parseFeed } from '../../src/parse/index.js';
import { problems } from '../helpers/xss.js';

/** Fragments attackers and broken publishers actually send, recombined at random. */
const FRAGMENTS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>', '<iframe src="javascript:alert(1)">', '<math><mi xlink:href="javascript:1">',
  '<style>@import "//evil"</style>', '<div style="background:url(javascript:1)">', '<!--', '-->', '<![CDATA[', ']]>',
  '<p>', '</p>', '<b>', '</i>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<template><script>',
  '&lt;script&gt;', '&amp;lt;', '&#0;', '\u0000', '\uFEFF', '\uD800', '"', "'", '<', '>', '&', 'text ', '<br/>', '<object data=x>',
  '<form action="javascript:1"><button>', '<base href="javascript:/">', '<meta http-equiv="refresh" content="0;url=javascript:1">',
];

const soup = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 40 }).map((a) => a.join(''));

const xmlish = fc
  .tuple(
    fc.constantFrom('<?xml version="1.0"?>', '', '\uFEFF', '<?xml version="1.0" encoding="windows-1252"?>'),
    fc.constantFrom('<rss version="2.0"><channel>', '<feed xmlns="http://www.w3.org/2005/Atom">', '<rdf:RDF>', '<rss>', '{"version":"https://jsonfeed.org/version/1.1","items":['),
    fc.array(fc.oneof(fc.constantFrom('<item>', '</item>', '<entry>', '</entry>', '<title>', '</title>', '<link>', '</link>',
      '<description>', '</description>', '<guid>', '</guid>', '<pubDate>', '</pubDate>', '<!DOCTYPE x [<!ENTITY a "b">]>', '&a;', '&amp;', '{"id":1}', ','), soup), { maxLength: 30 }),
  )
  .map(([decl, root, body]) => `${decl}${root}${body.join('')}`);

function expectCodedOrOk(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FeedmillError);
  }
}

describe('fuzz', () => {
  it('sanitizeHtml never lets script-capable markup through and is idempotent', () => {
    fc.assert(
      fc.property(soup, (html) => {
        const out = sanitizeHtml(html, { baseUrl: 'https://news.example/a' });
        expect(problems(out)).toEqual([]);
        expect(sanitizeHtml(out, { baseUrl: 'https://news.example/a' })).toBe(out);
      }),
      { numRuns: 400 },
    );
  });

  it('parseFeed returns or throws a coded error, never anything else, and its output is safe', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(xmlish, fc.string({ maxLength: 200 })), async (doc) => {
        try {
          const parsed = await parseFeed(doc, { url: 'https://news.example/feed.xml' });
          for (const item of parsed.items) {
            expect(problems(item.contentHtml ?? '')).toEqual([]);
            expect(item.title).not.toMatch(/<[a-z!/?]/i);
            if (item.url !== undefined) expect(item.url).toMatch(/^https?:\/\//);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(FeedmillError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parseFeed refuses random bytes with a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await parseFeed(Buffer.from(bytes), {}).then(
          () => undefined,
          (err: unknown) => expect(err).toBeInstanceOf(FeedmillError),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('extractArticle never throws on tag soup and returns sanitized content', () => {
    fc.assert(
      fc.property(soup, fc.constantFrom('text/html', 'text/plain'), (html, contentType) => {
        expectCodedOrOk(() => {
          const a = extractArticle(`<html><body><article>${html}</article></body></html>`, { url: 'https://news.example/a', contentType });
          expect(problems(a.contentHtml ?? '')).toEqual([]);
          expect(a.title).not.toMatch(/<[a-z!/?]/i);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('pathological nesting and huge attribute soup finish (no catastrophic backtracking)', async () => {
    const deep = '<div>'.repeat(5000) + 'x' + '</div>'.repeat(5000);
    const attrs = `<p ${'a="b" '.repeat(20_000)}>x</p>`;
    const entities = '&amp;'.repeat(100_000);
    for (const html of [deep, attrs, entities]) {
      expect(problems(sanitizeHtml(html))).toEqual([]);
      expectCodedOrOk(() => extractArticle(html, { url: 'https://news.example/a' }));
    }
    const nestedXml = `<rss version="2.0"><channel>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</channel></rss>`;
    await parseFeed(nestedXml, {}).catch((err: unknown) => expect(err).toBeInstanceOf(FeedmillError));
  }, 60_000);
});
