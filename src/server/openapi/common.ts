/** Shared pieces of the OpenAPI document: JSON types, the error schema, pagination parameters and headers, security. */
import { ALL_ERROR_CODES } from '../errors.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../pagination.js';

/** A JSON value (the document is plain data). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object: a schema, an operation, a response… */
export type JsonObject = { [key: string]: Json };

/** `{ $ref }` to a component schema. */
export function ref(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** A nullable variant of a schema (OpenAPI 3.1 is JSON Schema 2020-12: `type: [T, 'null']` or a oneOf). */
export function nullable(schema: JsonObject): JsonObject {
  return { anyOf: [schema, { type: 'null' }] };
}

/** An ISO 8601 date-time string. */
export const dateTime: JsonObject = { type: 'string', format: 'date-time' };

/** An object schema with every listed property required. */
export function object(properties: Record<string, JsonObject>, optional: readonly string[] = []): JsonObject {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return { type: 'object', properties, required };
}

/** A JSON response with `description` and `schema`, plus extra response headers. */
export function json(description: string, schema: JsonObject, headers: Record<string, JsonObject> = {}): JsonObject {
  const out: JsonObject = { description, content: { 'application/json': { schema } } };
  if (Object.keys(headers).length > 0) out.headers = headers;
  return out;
}

/** A JSON array response of a list route, with the pagination headers. */
export function page(description: string, item: JsonObject): JsonObject {
  return json(description, { type: 'array', items: item }, { Link: { $ref: '#/components/headers/Link' }, 'X-Total-Count': { $ref: '#/components/headers/XTotalCount' } });
}

/** References to the shared error responses for these statuses. */
export function errors(...statuses: (400 | 401 | 404 | 409 | 422 | 503)[]): Record<string, JsonObject> {
  const names = { 400: 'BadRequest', 401: 'Unauthorized', 404: 'NotFound', 409: 'Conflict', 422: 'DiscoveryFailed', 503: 'NoTokenConfigured' } as const;
  // Every operator route can answer 401 and 503 (token) and 500.
  const all = new Set<number>([...statuses, 401, 503]);
  const out: Record<string, JsonObject> = {};
  for (const s of [...all].sort()) out[String(s)] = { $ref: `#/components/responses/${names[s as keyof typeof names]}` };
  out['500'] = { $ref: '#/components/responses/Internal' };
  return out;
}

/** A JSON request body. */
export function body(schema: JsonObject, description?: string): JsonObject {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

/** A path parameter. */
export function pathParam(name: string, description: string): JsonObject {
  return { name, in: 'path', required: true, description, schema: { type: 'string' } };
}

/** A query parameter. */
export function queryParam(name: string, description: string, schema: JsonObject = { type: 'string' }): JsonObject {
  return { name, in: 'query', required: false, description, schema };
}

/** The `limit` and `cursor` parameters of every list. */
export const pageParams: Json[] = [{ $ref: '#/components/parameters/Limit' }, { $ref: '#/components/parameters/Cursor' }];

function errorResponse(description: string, codes: string[]): JsonObject {
  return json(description, { allOf: [ref('Error'), { properties: { error: { properties: { code: { enum: codes } } } } }] });
}

/** Components every area shares: the error schema and responses, pagination parameters and headers, security. */
export const commonComponents: JsonObject = {
  schemas: {
    Error: {
      type: 'object',
      description: 'Every API error. Classify by `code`, never by `message`.',
      properties: {
        error: object({ code: { type: 'string', enum: [...ALL_ERROR_CODES] }, message: { type: 'string' } }),
      },
      required: ['error'],
    },
    ErrorInfo: {
      ...object({ code: { type: 'string' }, message: { type: 'string' }, at: dateTime, status: { type: 'integer' } }, ['status']),
      description: 'A stored fetch, parse or extraction error; `code` is one of the stable pipeline codes.',
    },
  },
  parameters: {
    Limit: queryParam('limit', `Page size (default ${DEFAULT_PAGE_LIMIT}).`, { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT }),
    Cursor: queryParam('cursor', 'Opaque cursor from a `Link: rel="next"` header.', { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }),
  },
  headers: {
    Link: { description: '`<URL>; rel="next"` while more remain.', schema: { type: 'string' } },
    XTotalCount: { description: 'Items across all pages, when cheap to know.', schema: { type: 'integer', minimum: 0 } },
  },
  responses: {
    BadRequest: errorResponse('Malformed request; the message names the field (`limit: must be between 1 and 1000`).', ['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']),
    Unauthorized: errorResponse('Missing or wrong operator token.', ['UNAUTHORIZED']),
    NotFound: errorResponse('No such resource (or route).', ['NOT_FOUND']),
    Conflict: errorResponse('The change conflicts with the current state (e.g. a source named in sources.yaml).', ['CONFLICT', 'CONFIG_OWNED']),
    DiscoveryFailed: errorResponse('No feed could be found at the URL.', ['DISCOVERY_FAILED']),
    NoTokenConfigured: errorResponse('No operator token is configured: the operator API is off.', ['NO_TOKEN_CONFIGURED']),
    Internal: errorResponse('Unexpected error (logged; the message is generic).', ['INTERNAL']),
  },
  securitySchemes: {
    bearer: { type: 'http', scheme: 'bearer', description: 'The operator token: FEEDMILL_ADMIN_TOKEN, FEEDMILL_ADMIN_TOKEN_FILE or server.adminTokenFile.' },
    queryToken: { type: 'apiKey', in: 'query', name: 'token', description: 'The operator token as `?token=`, for clients that cannot send headers.' },
  },
};
