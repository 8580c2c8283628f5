/**
 * JSON errors of the operator API: `{ "error": { "code": "STABLE_CODE", "message": "…" } }`. Routes send them
 * with `sendError` or throw an `ApiError`; one error handler turns validation failures, unknown /api routes and
 * unexpected errors into the same shape, so clients classify by `code`, never by message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES } from '../model/errors.js';

/** Codes of the API's own errors (the stable fetch/parse codes of `ERROR_CODES` may also appear). */
export const API_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'CONFIG_OWNED',
  'NO_TOKEN_CONFIGURED',
  'DISCOVERY_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;

/** Every code an API error body may carry: the API's own plus the stable pipeline codes (a source's fetch error). */
export const ALL_ERROR_CODES: readonly string[] = [...new Set<string>([...API_ERROR_CODES, ...ERROR_CODES])];

/** One of the API's own error codes. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The JSON body of every API error. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** An error a route throws to answer `status` with `code`; the error handler sends it as JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | (typeof ERROR_CODES)[number],
    message: string,
    /** Extra response headers (e.g. `www-authenticate`, `retry-after`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 400 BAD_REQUEST naming the offending field: message `"<field>: <problem>"`. */
export function badRequest(field: string, problem: string): ApiError {
  return new ApiError(400, 'BAD_REQUEST', `${field}: ${problem}`);
}

/** A 404 NOT_FOUND with `message`. */
export function notFound(message: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', message);
}

/** The JSON body of an error. */
export function errorBody(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/** Sends `{ error: { code, message } }` with `status` (and extra headers); returns the reply for `return sendError(…)`. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers(headers).send(errorBody(code, message));
}

/** True for a request under /api (the JSON error shape applies there only). */
export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** "limit: must be <= 1000" from a Fastify/Ajv validation error, naming the field. */
export function validationMessage(err: Pick<FastifyError, 'validation' | 'validationContext' | 'message'>): string {
  const first = (err.validation as ValidationItem[] | undefined)?.[0];
  if (!first) return err.message;
  const missing = first.params?.missingProperty;
  const extra = first.params?.additionalProperty;
  const path = (first.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const field = [path, typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : ''].filter(Boolean).join('.');
  const where = field || err.validationContext || 'request';
  return `${where}: ${first.message ?? 'is invalid'}`;
}

// Fastify's own 4xx errors (bad JSON, wrong content type, body too large) keep their status with a stable code.
function clientErrorCode(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'BAD_REQUEST';
}

function apiErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ApiError) return sendError(reply, err.status, err.code, err.message, err.headers);
  if (err.validation) return sendError(reply, 400, 'BAD_REQUEST', validationMessage(err));
  const status = err.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return sendError(reply, status, clientErrorCode(status), err.message);
  // The route pattern, not the raw URL: a `?token=` query must never reach the logs.
  req.log.error({ err, method: req.method, route: req.routeOptions.url }, 'api request failed');
  return sendError(reply, 500, 'INTERNAL', 'internal error');
}

/**
 * Installs the /api error conventions on the root app (call before registering routes): an error handler
 * that answers /api requests with the JSON shape and leaves every other route to Fastify's default, and a
 * 404 NOT_FOUND JSON answer for unknown routes under /api.
 */
export function registerApiErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // Rethrowing hands the error to Fastify's default handler (feeds, health and the console keep theirs).
    if (!isApiUrl(req.url)) throw err;
    return apiErrorHandler(err, req, reply);
  });
  app.register(
    async (api) => {
      api.setNotFoundHandler((req, reply) => sendError(reply, 404, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
    },
    { prefix: '/api' },
  );
}
