/** OpenAPI paths of stored articles: the search list and one article with its identity keys, cluster and revisions. */
import { dateTime, errors, json, nullable, object, page, pageParams, pathParam, queryParam, ref, type JsonObject } from './common.js';

const isoInstant = { type: 'string', description: 'ISO 8601 date (midnight UTC) or date-time (UTC when no offset).' };

/** Component schemas of this area. */
export const articleSchemas: Record<string, JsonObject> = {
  ArticleSummary: object({
    id: { type: 'string' },
    url: { type: 'string' },
    title: { type: 'string' },
    sourceId: { type: 'string' },
    siteName: nullable({ type: 'string' }),
    publishedAt: nullable(dateTime),
    fetchedAt: dateTime,
    updatedAt: nullable(dateTime),
    clusterId: { type: 'string' },
  }),
  Article: {
    description: 'The canonical article (DESIGN "Canonical article").',
    ...object(
      {
        id: { type: 'string' },
        url: { type: 'string' },
        sourceId: { type: 'string' },
        guid: { type: 'string' },
        title: { type: 'string' },
        summary: { type: 'string' },
        contentHtml: { type: 'string' },
        contentText: { type: 'string' },
        authors: { type: 'array', items: object({ name: { type: 'string' }, url: { type: 'string' }, email: { type: 'string' } }, ['url', 'email']) },
        publishedAt: dateTime,
        updatedAt: dateTime,
        fetchedAt: dateTime,
        language: { type: 'string' },
        categories: { type: 'array', items: { type: 'string' } },
        image: object({ url: { type: 'string' }, alt: { type: 'string' }, width: { type: 'number' }, height: { type: 'number' } }, ['alt', 'width', 'height']),
        enclosures: { type: 'array', items: object({ url: { type: 'string' }, type: { type: 'string' }, length: { type: 'number' } }, ['length']) },
        siteName: { type: 'string' },
        siteUrl: { type: 'string' },
        wordCount: { type: 'integer', minimum: 0 },
        contentHash: { type: 'string' },
        fingerprint: { type: 'string' },
        clusterId: { type: 'string' },
      },
      ['guid', 'summary', 'contentHtml', 'contentText', 'publishedAt', 'updatedAt', 'language', 'image', 'siteName', 'siteUrl'],
    ),
  },
  ArticleDetail: object({
    article: ref('Article'),
    keys: object({ guid: nullable({ type: 'string' }), url: nullable({ type: 'string' }), hash: nullable({ type: 'string' }) }),
    cluster: object({
      id: { type: 'string' },
      members: {
        type: 'array',
        items: object({ id: { type: 'string' }, sourceId: { type: 'string' }, siteName: nullable({ type: 'string' }), url: { type: 'string' }, title: { type: 'string' }, publishedAt: nullable(dateTime) }),
      },
    }),
    revisions: { type: 'array', items: object({ title: { type: 'string' }, contentHash: { type: 'string' }, at: dateTime }) },
  }),
};

/** Paths of this area. */
export const articlePaths: Record<string, JsonObject> = {
  '/api/articles': {
    get: {
      operationId: 'searchArticles',
      tags: ['articles'],
      summary: 'Stored articles, newest first (published time, else first fetched)',
      description:
        '`source` and the time range are read off the time-ordered index; `cluster` and `q` are applied while scanning, at most 2000 entries per request, so a page may hold fewer than `limit` items while a `Link: rel="next"` still leads on. `X-Total-Count` is sent only without `cluster` and `q`.',
      parameters: [
        queryParam('source', 'Only articles of this source.'),
        queryParam('cluster', 'Only articles of this near-duplicate cluster (its clusterId).'),
        queryParam('since', 'Sort time at or after this instant.', isoInstant),
        queryParam('until', 'Sort time before this instant.', isoInstant),
        queryParam('q', 'Words that must all appear in title, summary or text (case-insensitive; at most 10 words).'),
        ...pageParams,
      ],
      responses: { '200': page('Article summaries (no bodies).', ref('ArticleSummary')), ...errors(400) },
    },
  },
  '/api/articles/{id}': {
    parameters: [pathParam('id', 'Article id.')],
    get: {
      operationId: 'getArticle',
      tags: ['articles'],
      summary: 'One article with its identity keys, its cluster members and its revisions',
      responses: { '200': json('The article.', ref('ArticleDetail')), ...errors(404) },
    },
  },
};
