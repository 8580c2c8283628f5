import { describe, expect, it } from 'vitest';
import { FeedmillError, toErrorInfo } from '../../src/model/errors.js';

describe('errors', () => {
  it('prefixes messages with the stage and keeps code and status', () => {
    const err = new FeedmillError('fetch', 'RATE_LIMITED', 'too many requests (429)', { status: 429, retryable: true });
    expect(err.message).toBe('fetch: too many requests (429)');
    const info = toErrorInfo(err, new Date('2026-01-01T00:00:00Z'));
    expect(info).toEqual({ code: 'RATE_LIMITED', message: 'fetch: too many requests (429)', at: '2026-01-01T00:00:00.000Z', status: 429 });
  });
  it('turns unknown errors into INTERNAL', () => {
    expect(toErrorInfo(new Error('boom')).code).toBe('INTERNAL');
  });
});
