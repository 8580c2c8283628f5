/** Articles written straight into the store, for syndication tests that do not need a crawl. */
import type { Article } from '../../../src/model/article.js';
import type { ArticleStore } from '../../../src/store/index.js';

/** An article `n` minutes after 2026-03-01T00:00Z, with the given fields over a plain base. */
export function seedArticle(n: number, over: Partial<Article> = {}): Article {
  const id = over.id ?? `art-${String(n).padStart(4, '0')}`;
  const at = new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString();
  return {
    id,
    url: `https://news.example.com/story/${n}`,
    sourceId: 'wire',
    title: `Story ${n}`,
    summary: `Summary of story ${n}.`,
    contentHtml: `<p>Body of story ${n}. ${'Lorem ipsum dolor sit amet. '.repeat(4)}</p>`,
    contentText: `Body of story ${n}.`,
    authors: [{ name: 'Desk' }],
    categories: [n % 2 === 0 ? 'Even' : 'Odd'],
    enclosures: [],
    wordCount: 20,
    publishedAt: at,
    fetchedAt: at,
    contentHash: `h${n}`,
    fingerprint: '0000000000000000',
    clusterId: id,
    language: 'en',
    ...over,
  };
}

/** Saves `articles` in order. */
export async function seed(store: ArticleStore, articles: readonly Article[]): Promise<void> {
  for (const a of articles) await store.save(a);
}
