/** OpenAPI paths that need no operator token: feeds, discovery, health, metrics and this document. */
import { json, object, pathParam, type JsonObject } from './common.js';

const open: JsonObject[] = [];
// Feed errors share the shape of API errors, with the feed codes (FORBIDDEN, RATE_LIMITED, NOT_READY) too.
const feedError: JsonObject = object({ error: object({ code: { type: 'string' }, message: { type: 'string' } }) });
const text = (description: string, type: string): JsonObject => ({ description, content: { [type]: { schema: { type: 'string' } } } });

/** Paths of this area. */
export const publicPaths: Record<string, JsonObject> = {
  '/api/openapi.json': {
    get: { operationId: 'openapi', tags: ['meta'], summary: 'This document', security: open, responses: { '200': json('OpenAPI 3.1 document.', { type: 'object' }) } },
  },
  '/feeds/{file}': {
    parameters: [pathParam('file', 'Feed id and format: `news.rss`, `news.atom` or `news.json`.')],
    get: {
      operationId: 'feed',
      tags: ['feeds'],
      summary: 'An outbound feed (ETag/304, gzip/br); narrowing `limit`, `category`, `q`, `since`; paging `before`, `after`',
      description: 'Feeds with `access: token` need a partner token or the operator token (`Authorization: Bearer` or `?token=`). See the README, "Outbound feeds".',
      security: open,
      responses: {
        '200': {
          description: 'The feed.',
          content: { 'application/rss+xml': { schema: { type: 'string' } }, 'application/atom+xml': { schema: { type: 'string' } }, 'application/feed+json': { schema: { type: 'object' } } },
        },
        '304': { description: 'Not modified.' },
        '400': json('Malformed narrowing or paging parameter (BAD_REQUEST).', feedError),
        '401': json('Token missing, unknown or revoked (UNAUTHORIZED).', feedError),
        '403': json('Token not scoped to this feed (FORBIDDEN).', feedError),
        '404': json('No such feed (NOT_FOUND).', feedError),
        '429': json('Over the token rate (RATE_LIMITED, Retry-After).', feedError),
        '503': json('Feed not rendered yet (NOT_READY, Retry-After).', feedError),
      },
    },
  },
  '/': { get: { operationId: 'discovery', tags: ['feeds'], summary: 'Discovery page of the public feeds', security: open, responses: { '200': text('HTML page.', 'text/html') } } },
  '/feeds.opml': { get: { operationId: 'feedsOpml', tags: ['feeds'], summary: 'The public feeds as OPML 2.0', security: open, responses: { '200': text('OPML.', 'text/x-opml') } } },
  '/healthz': {
    get: {
      operationId: 'healthz',
      tags: ['health'],
      summary: 'Liveness',
      security: open,
      responses: {
        '200': json(
          'The process answers.',
          object({
            status: { type: 'string', const: 'ok' },
            uptimeSeconds: { type: 'integer' },
            rssBytes: { type: 'integer' },
            eventLoopDelayMs: object({ p50: { type: 'number' }, p99: { type: 'number' }, max: { type: 'number' } }),
          }),
        ),
      },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      tags: ['health'],
      summary: 'Readiness: Redis answers',
      security: open,
      responses: {
        '200': json('Ready.', object({ status: { type: 'string' }, redis: { type: 'string' } })),
        '503': json('Redis does not answer.', object({ status: { type: 'string' }, redis: { type: 'string' } })),
      },
    },
  },
  '/metrics': { get: { operationId: 'metrics', tags: ['health'], summary: 'Prometheus metrics', security: open, responses: { '200': text('Prometheus text format.', 'text/plain') } } },
};
