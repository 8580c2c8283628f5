/** Captured-style pages of common layouts → expected article fields (tests/fixtures/pages/*.expected.json). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, type ExtractOptions } from '../../../src/extract/index.js';

interface Expected {
  input: string;
  options: ExtractOptions;
  method: string;
  title: string;
  authors: string[];
  publishedAt: string | null;
  headerDate?: string;
  siteName?: string;
  siteUrl?: string;
  url?: string;
  language?: string;
  firstParagraph: string;
  lastParagraph: string;
  contains: string[];
  notContains: string[];
}

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'pages');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => [f.replace('.expected.json', ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expected] as const);

describe('extractArticle on captured pages', () => {
  it('has the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(cases)('%s', (_name, exp) => {
    const article = extractArticle(readFileSync(join(dir, exp.input), 'utf8'), exp.options);
    const paragraphs = (article.contentText ?? '').split(/\n\n+/);

    it('reports the extraction method', () => {
      expect(article.extraction.method).toBe(exp.method);
    });
    it('finds the metadata', () => {
      expect(article.title).toBe(exp.title);
      expect(article.authors.map((a) => a.name)).toEqual(exp.authors);
      expect(article.publishedAt ?? null).toBe(exp.publishedAt);
      expect(article.headerDate).toBe(exp.headerDate);
      if (exp.siteName !== undefined) expect(article.siteName).toBe(exp.siteName);
      if (exp.siteUrl !== undefined) expect(article.siteUrl).toBe(exp.siteUrl);
      if (exp.url !== undefined) expect(article.url).toBe(exp.url);
      if (exp.language !== undefined) expect(article.language).toBe(exp.language);
    });
    it('keeps the body from its first to its last paragraph', () => {
      expect(paragraphs[0]).toBe(exp.firstParagraph);
      expect(paragraphs.at(-1)).toBe(exp.lastParagraph);
      for (const s of exp.contains) expect(article.contentText).toContain(s);
    });
    it('leaves the page furniture out', () => {
      for (const s of exp.notContains) expect(article.contentText).not.toContain(s);
    });
  });
});
