/** Errors with a stable code and a retryable flag; classify by code, never by message. */

/** Every stable error code feedmill reports (fetch, parse, extract, config). */
export const ERROR_CODES = [
  'TIMEOUT',
  'TOO_LARGE',
  'BLOCKED_ADDRESS',
  'BAD_SCHEME',
  'BAD_URL',
  'TOO_MANY_REDIRECTS',
  'DNS',
  'CONNECT',
  'TLS',
  'HTTP_4XX',
  'HTTP_5XX',
  'RATE_LIMITED',
  'GONE',
  'NOT_A_FEED',
  'PARSE_ERROR',
  'EMPTY',
  'DECODE',
  'ROBOTS',
  'EXTRACT_FAILED',
  'CONFIG',
  'INTERNAL',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Pipeline stage an error came from; messages start with it ("fetch: …"). */
export type Stage = 'fetch' | 'parse' | 'extract' | 'normalize' | 'store' | 'publish' | 'config';

/** Base class of every expected failure in feedmill. */
export class FeedmillError extends Error {
  readonly code: ErrorCode;
  readonly stage: Stage;
  readonly retryable: boolean;
  /** HTTP status when the error came from a response. */
  readonly status?: number;
  /** Milliseconds the server asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs?: number;

  constructor(
    stage: Stage,
    code: ErrorCode,
    message: string,
    opts: { retryable?: boolean; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`${stage}: ${message}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FeedmillError';
    this.stage = stage;
    this.code = code;
    this.retryable = opts.retryable ?? false;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The JSON shape of an error stored on a source or returned by the API. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  at: string;
  status?: number;
}

/** Turns anything thrown into an ErrorInfo; unknown errors become INTERNAL. */
export function toErrorInfo(err: unknown, at: Date = new Date()): ErrorInfo {
  if (err instanceof FeedmillError) {
    const info: ErrorInfo = { code: err.code, message: err.message, at: at.toISOString() };
    if (err.status !== undefined) info.status = err.status;
    return info;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `internal: ${message}`, at: at.toISOString() };
}

/** Not a failure: the job should run again later (host over its politeness budget, Retry-After in force). */
export class Deferred extends Error {
  constructor(
    /** How long to wait before the job runs again. */
    readonly delayMs: number,
    reason: string,
  ) {
    super(`deferred ${delayMs} ms: ${reason}`);
    this.name = 'Deferred';
  }
}
