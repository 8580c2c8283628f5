import { describe, expect, it } from 'vitest';
import { FeedmillError } from '../../../src/model/errors.js';
import { parseRetryAfter, statusError, transportError } from '../../../src/fetch/errors.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 01 May 2024 12:01:30 GMT', 90_000],
    ['Wednesday, 01-May-24 12:00:10 GMT', 10_000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    [undefined, undefined],
  ])('%j → %s', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

describe('statusError', () => {
  it.each([
    [429, undefined, 'RATE_LIMITED', true, 'fetch: too many requests (429)'],
    [503, '30', 'RATE_LIMITED', true, 'fetch: service unavailable (503)'],
    [503, undefined, 'HTTP_5XX', true, 'fetch: service unavailable (503)'],
    [410, undefined, 'GONE', false, 'fetch: gone (410)'],
    [404, undefined, 'HTTP_4XX', false, 'fetch: not found (404)'],
    [403, undefined, 'HTTP_4XX', false, 'fetch: forbidden (403)'],
    [408, undefined, 'HTTP_4XX', true, 'fetch: request timeout (408)'],
    [500, undefined, 'HTTP_5XX', true, 'fetch: internal server error (500)'],
    [599, undefined, 'HTTP_5XX', true, 'fetch: unexpected status (599)'],
    [300, undefined, 'BAD_URL', false, 'fetch: unfollowable response multiple choices (300)'],
  ])('%d (Retry-After %j) → %s', (status, retryAfter, code, retryable, message) => {
    const err = statusError(status, retryAfter, NOW);
    expect(err).toMatchObject({ stage: 'fetch', code, retryable, status, message });
  });

  it('carries Retry-After as milliseconds on 429 and 503', () => {
    expect(statusError(429, '7', NOW).retryAfterMs).toBe(7000);
    expect(statusError(503, 'Wed, 01 May 2024 12:00:05 GMT', NOW).retryAfterMs).toBe(5000);
  });
});

describe('transportError', () => {
  const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

  it.each([
    ['ENOTFOUND', 'DNS', true],
    ['EAI_AGAIN', 'DNS', true],
    ['ECONNREFUSED', 'CONNECT', true],
    ['ECONNRESET', 'CONNECT', true],
    ['UND_ERR_SOCKET', 'CONNECT', true],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT', true],
    ['CERT_HAS_EXPIRED', 'TLS', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS', false],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS', false],
    ['UND_ERR_HEADERS_OVERFLOW', 'TOO_LARGE', false],
    ['HPE_INVALID_CONSTANT', 'CONNECT', true],
    ['SOMETHING_ELSE', 'INTERNAL', false],
  ])('%s → %s', (code, expected, retryable) => {
    expect(transportError(withCode(code))).toMatchObject({ code: expected, retryable });
  });

  it('finds the code in a cause chain and inside an AggregateError (happy eyeballs)', () => {
    const agg = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'all failed');
    expect(transportError(new Error('fetch failed', { cause: agg })).code).toBe('CONNECT');
  });

  it('passes a FeedmillError from the guard through unchanged', () => {
    const blocked = new FeedmillError('fetch', 'BLOCKED_ADDRESS', 'address 10.0.0.1 is not allowed: private network');
    expect(transportError(new Error('wrapped', { cause: blocked }))).toBe(blocked);
  });

  it('never copies the original message (it may quote a header value)', () => {
    const err = transportError(withCode('UND_ERR_INVALID_ARG', 'invalid header Cookie: session=SECRET'));
    expect(err.message).not.toContain('SECRET');
    expect(err.message).toBe('fetch: request failed (UND_ERR_INVALID_ARG)');
  });
});
