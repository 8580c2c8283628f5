/** OpenAPI paths of source management: list, add, discover, show, update, pause/resume, remove, crawl, re-extract, OPML. */
import { body, dateTime, errors, json, nullable, object, page, pageParams, pathParam, queryParam, ref, type JsonObject } from './common.js';

const idParam = pathParam('id', 'Source id.');

/** Component schemas of this area. */
export const sourceSchemas: Record<string, JsonObject> = {
  SourceView: {
    description: "A source's settings and fetch health (GET /api/sources items).",
    ...object(
      {
        id: { type: 'string' },
        url: { type: 'string', format: 'uri' },
        type: { type: 'string', enum: ['feed', 'html', 'sitemap', 'page'] },
        status: { type: 'string', enum: ['new', 'ok', 'error', 'gone'], description: 'Fetch state: new (never fetched), ok, error (failing), gone (410).' },
        origin: { type: 'string', enum: ['config', 'runtime'], description: 'sources.yaml (config wins) or added at run time.' },
        paused: { type: 'boolean' },
        lastFetchAt: nullable(dateTime),
        lastSuccessAt: nullable(dateTime),
        lastError: nullable(ref('ErrorInfo')),
        consecutiveFailures: { type: 'integer', minimum: 0 },
        nextCheckAt: nullable(dateTime),
        intervalMs: { type: 'integer', minimum: 0 },
        intervalSeconds: { type: 'integer', minimum: 0 },
        intervalReason: nullable({ type: 'string' }),
        adaptive: { type: 'boolean' },
        fullText: { type: 'boolean', description: "Each item's page is fetched and extracted (always for html and sitemap sources)." },
        fullTextStats: {
          description: 'Full-text sources: pages used and failed, the last failure, the extraction path last taken.',
          ...nullable(object({ ok: { type: 'integer' }, failed: { type: 'integer' }, lastError: nullable(ref('ErrorInfo')), lastMethod: nullable({ type: 'string' }) })),
        },
        notModifiedRate: nullable({ type: 'number', minimum: 0, maximum: 1 }),
        lastStatus: nullable({ type: 'integer' }),
        lastDurationMs: nullable({ type: 'number' }),
        lastBytes: nullable({ type: 'integer' }),
        lastItemCount: nullable({ type: 'integer' }),
        fetches: { type: 'integer', minimum: 0 },
        notModified: { type: 'integer', minimum: 0 },
        articles: { type: 'integer', minimum: 0, description: 'Articles stored (same as articleCount).' },
        articleCount: { type: 'integer', minimum: 0 },
        articlesPerDay: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 14, maxItems: 14, description: 'New articles per UTC day, last 14 days, oldest first (today last).' },
      },
    ),
  },
  SourceInput: {
    description: 'A source as in sources.yaml; `id` is derived from the host when omitted, `type` omitted + an HTML page URL runs feed autodiscovery.',
    ...object(
      {
        id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
        url: { type: 'string', format: 'uri' },
        type: { type: 'string', enum: ['feed', 'html', 'sitemap', 'page'] },
        interval: { type: ['string', 'number'], description: 'Duration ("15m") or seconds; omitted: adaptive.' },
        fullText: { type: 'boolean' },
        rules: { type: 'string', description: 'A rules.yaml entry name.' },
        categories: { type: 'array', items: { type: 'string' } },
        headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra request headers; stored, never shown.' },
        maxBytes: { type: ['string', 'number'] },
      },
      ['id', 'type', 'interval', 'fullText', 'rules', 'categories', 'headers', 'maxBytes'],
    ),
  },
  CrawlJob: object({ sourceId: { type: 'string' }, jobId: { type: 'string' } }),
};

const patchSchema: JsonObject = {
  type: 'object',
  description: 'Fields to change (as in SourceInput, without id); `null` clears an optional field (interval: back to adaptive).',
  properties: {
    url: { type: 'string', format: 'uri' },
    type: { type: 'string', enum: ['feed', 'html', 'sitemap', 'page'] },
    interval: { type: ['string', 'number', 'null'] },
    fullText: { type: ['boolean', 'null'] },
    rules: { type: ['string', 'null'] },
    categories: { type: ['array', 'null'], items: { type: 'string' } },
    headers: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    maxBytes: { type: ['string', 'number', 'null'] },
  },
};

const view = json('The source.', ref('SourceView'));

/** Paths of this area. */
export const sourcePaths: Record<string, JsonObject> = {
  '/api/sources': {
    get: {
      operationId: 'listSources',
      tags: ['sources'],
      summary: 'List sources',
      parameters: [
        queryParam('status', 'Only sources in this state.', { type: 'string', enum: ['ok', 'failing', 'gone', 'paused'] }),
        queryParam('origin', 'Only sources from sources.yaml or added at run time.', { type: 'string', enum: ['config', 'runtime'] }),
        ...pageParams,
      ],
      responses: { '200': page('Sources.', ref('SourceView')), ...errors(400) },
    },
    post: {
      operationId: 'addSource',
      tags: ['sources'],
      summary: 'Add a source (with feed autodiscovery when type is omitted and the URL is an HTML page)',
      requestBody: body(ref('SourceInput')),
      responses: { '201': json('The source added.', ref('SourceView')), ...errors(400, 409, 422) },
    },
  },
  '/api/sources/discover': {
    post: {
      operationId: 'discoverFeeds',
      tags: ['sources'],
      summary: 'Find the feeds a site offers (<link rel=alternate>, common paths) without adding any',
      requestBody: body(object({ url: { type: 'string', format: 'uri' } })),
      responses: {
        '200': json('Candidates, best first.', { type: 'array', items: object({ url: { type: 'string' }, type: { type: 'string', enum: ['rss', 'atom', 'json'] }, title: nullable({ type: 'string' }) }) }),
        ...errors(400, 422),
      },
    },
  },
  '/api/sources/{id}': {
    parameters: [idParam],
    get: { operationId: 'getSource', tags: ['sources'], summary: 'One source', responses: { '200': view, ...errors(404) } },
    patch: {
      operationId: 'updateSource',
      tags: ['sources'],
      summary: 'Change a run-time source (sources named in sources.yaml: 409 CONFIG_OWNED)',
      requestBody: body(patchSchema),
      responses: { '200': view, ...errors(400, 404, 409) },
    },
    delete: {
      operationId: 'removeSource',
      tags: ['sources'],
      summary: 'Remove a run-time source, keeping (default) or deleting its articles',
      parameters: [queryParam('articles', 'What happens to its stored articles.', { type: 'string', enum: ['keep', 'delete'], default: 'keep' })],
      responses: { '204': { description: 'Removed.' }, ...errors(400, 404, 409) },
    },
  },
  '/api/sources/{id}/pause': {
    parameters: [idParam],
    post: { operationId: 'pauseSource', tags: ['sources'], summary: 'Stop scheduled crawls of a source', responses: { '200': view, ...errors(404) } },
  },
  '/api/sources/{id}/resume': {
    parameters: [idParam],
    post: { operationId: 'resumeSource', tags: ['sources'], summary: 'Resume scheduled crawls of a source', responses: { '200': view, ...errors(404) } },
  },
  '/api/sources/{id}/crawl': {
    parameters: [idParam],
    post: {
      operationId: 'crawlSource',
      tags: ['sources'],
      summary: 'Crawl now, ignoring the conditional-GET validators',
      responses: { '202': json('Queued.', ref('CrawlJob')), ...errors(404) },
    },
  },
  '/api/sources/{id}/reextract': {
    parameters: [idParam],
    post: {
      operationId: 'reextractSource',
      tags: ['sources'],
      summary: "Extract a source's stored articles again (after its rules changed)",
      responses: { '202': json('Queued.', object({ sourceId: { type: 'string' }, jobId: { type: 'string' }, articles: { type: 'integer', minimum: 0 } })), ...errors(404) },
    },
  },
  '/api/crawl': {
    post: {
      operationId: 'crawlMany',
      tags: ['sources'],
      summary: 'Crawl several sources now (all active ones when `sources` is absent)',
      requestBody: { required: false, content: { 'application/json': { schema: object({ sources: { type: 'array', items: { type: 'string' } } }, ['sources']) } } },
      responses: { '202': json('Queued.', object({ jobs: { type: 'array', items: ref('CrawlJob') } })), ...errors(400, 404) },
    },
  },
  '/api/opml': {
    get: {
      operationId: 'exportOpml',
      tags: ['sources'],
      summary: 'Every source as OPML 2.0, our options in the feedmill namespace (https://feedmill.dev/ns/opml/1.0)',
      responses: { '200': { description: 'OPML document.', content: { 'text/x-opml': { schema: { type: 'string' } } } }, ...errors() },
    },
    post: {
      operationId: 'importOpml',
      tags: ['sources'],
      summary: 'Add the sources an OPML document lists (with our options when present)',
      requestBody: { required: true, content: { 'text/x-opml': { schema: { type: 'string' } }, 'application/xml': { schema: { type: 'string' } }, 'text/xml': { schema: { type: 'string' } }, 'application/octet-stream': { schema: { type: 'string' } } } },
      responses: {
        '200': json(
          'Ids added, and entries skipped with a code and reason (duplicates, invalid options).',
          object({
            added: { type: 'array', items: { type: 'string' } },
            skipped: { type: 'array', items: object({ url: { type: 'string' }, id: { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' } }, ['id']) },
          }),
        ),
        ...errors(400),
      },
    },
  },
};
