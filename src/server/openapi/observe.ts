/** OpenAPI paths of observability: fetch history, recent errors, queues, crawl pause, schedules, outbound feeds. */
import { dateTime, errors, json, nullable, object, page, pageParams, pathParam, type JsonObject } from './common.js';

/** Component schemas of this area. */
export const observeSchemas: Record<string, JsonObject> = {
  FetchRecord: object(
    {
      at: dateTime,
      status: nullable({ type: 'integer' }),
      code: nullable({ type: 'string' }),
      durationMs: { type: 'number', minimum: 0 },
      bytes: { type: 'integer', minimum: 0 },
      items: { type: 'integer', minimum: 0 },
      new: { type: 'integer', minimum: 0 },
      updated: { type: 'integer', minimum: 0 },
      path: { type: 'string', description: 'Extraction path taken (full-text sources).' },
    },
    ['path'],
  ),
  ErrorRecord: object({ at: dateTime, sourceId: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } }),
  QueueCounts: object({
    name: { type: 'string' },
    waiting: { type: 'integer', minimum: 0 },
    active: { type: 'integer', minimum: 0 },
    delayed: { type: 'integer', minimum: 0 },
    failed: { type: 'integer', minimum: 0 },
    completed: { type: 'integer', minimum: 0 },
    paused: { type: 'boolean', description: 'Paused globally: no worker takes its jobs.' },
    oldestWaitingMs: nullable({ type: 'number', minimum: 0 }),
  }),
  CrawlingState: object({ paused: { type: 'boolean' } }),
  Schedule: object({ sourceId: { type: 'string' }, everyMs: { type: 'integer', minimum: 0 }, nextRunAt: nullable(dateTime) }),
  FeedView: {
    description: 'An outbound feed with its request counts and subscribers.',
    ...object(
      {
        id: { type: 'string' },
        title: { type: 'string' },
        access: { type: 'string', enum: ['public', 'token'] },
        formats: { type: 'array', items: { type: 'string', enum: ['rss', 'atom', 'json'] } },
        urls: object({ rss: { type: 'string' }, atom: { type: 'string' }, json: { type: 'string' } }),
        requests: { type: 'integer', minimum: 0 },
        notModified: { type: 'integer', minimum: 0 },
        subscribers: {
          description: 'Subscribers reported by feed readers: the total and, per reader, the latest report.',
          anyOf: [
            { type: 'integer', minimum: 0 },
            object({
              total: { type: 'integer', minimum: 0 },
              readers: { type: 'array', items: object({ reader: { type: 'string' }, count: { type: 'integer' }, feedRef: { type: 'string' }, at: dateTime }, ['feedRef']) },
            }),
          ],
        },
      },
      ['formats', 'urls', 'requests', 'notModified'],
    ),
  },
};

const list = (description: string, item: string): JsonObject => page(description, { $ref: `#/components/schemas/${item}` });
const crawling = json('Whether scheduled and queued crawls are paused.', { $ref: '#/components/schemas/CrawlingState' });

/** Paths of this area. */
export const observePaths: Record<string, JsonObject> = {
  '/api/sources/{id}/fetches': {
    parameters: [pathParam('id', 'Source id.')],
    get: {
      operationId: 'sourceFetches',
      tags: ['observe'],
      summary: "A source's recent fetches, newest first (statuses, timings, sizes, items)",
      parameters: [...pageParams],
      responses: { '200': list('Fetches.', 'FetchRecord'), ...errors(400, 404) },
    },
  },
  '/api/errors': {
    get: { operationId: 'recentErrors', tags: ['observe'], summary: 'Recent fetch errors across sources, newest first', parameters: [...pageParams], responses: { '200': list('Errors.', 'ErrorRecord'), ...errors(400) } },
  },
  '/api/queues': {
    get: { operationId: 'queues', tags: ['observe'], summary: 'Job counts per queue', responses: { '200': json('Queues.', { type: 'array', items: { $ref: '#/components/schemas/QueueCounts' } }), ...errors() } },
  },
  '/api/crawling': {
    get: { operationId: 'crawlingState', tags: ['observe'], summary: 'Whether crawling is paused', responses: { '200': crawling, ...errors() } },
  },
  '/api/crawling/pause': {
    post: { operationId: 'pauseCrawling', tags: ['observe'], summary: 'Pause all crawling (fetch queue)', responses: { '200': crawling, ...errors() } },
  },
  '/api/crawling/resume': {
    post: { operationId: 'resumeCrawling', tags: ['observe'], summary: 'Resume crawling', responses: { '200': crawling, ...errors() } },
  },
  '/api/schedules': {
    get: { operationId: 'schedules', tags: ['observe'], summary: 'Per-source schedules with their next run', parameters: [...pageParams], responses: { '200': list('Schedules.', 'Schedule'), ...errors(400) } },
  },
  '/api/feeds': {
    get: {
      operationId: 'listFeeds',
      tags: ['observe'],
      summary: 'Outbound feeds with their URLs, request counts and subscribers',
      responses: { '200': json('Feeds.', { type: 'array', items: { $ref: '#/components/schemas/FeedView' } }), ...errors() },
    },
  },
};
