/** Secrets never reach the logs: tokens in URLs, auth headers, per-source headers. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../src/runtime/logger.js';
import { redactedUrl } from '../../src/server/feed-access.js';

describe('log redaction', () => {
  it('blanks tokens in URLs', () => {
    expect(redactedUrl('/feeds/p.rss?limit=5&token=s3cret&x=1')).toBe('/feeds/p.rss?limit=5&token=[redacted]&x=1');
    expect(redactedUrl('/api/sources?TOKEN=abc')).toBe('/api/sources?TOKEN=[redacted]');
  });

  it('blanks auth headers, cookies and per-source headers', () => {
    let out = '';
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.warn({ req: { headers: { authorization: 'Bearer op', cookie: 'sid=1' } }, source: { headers: { Cookie: 'paywall=1' } }, token: 't' }, 'x');
    expect(out).not.toMatch(/Bearer op|sid=1|paywall=1|"token":"t"/);
  });
});
