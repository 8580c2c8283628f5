/**
 * Golden files: the tricky articles rendered in every format, full and summary feeds, byte for byte.
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/syndicate` rewrites them (review the diff before committing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEED_FORMATS, renderFeed } from '../../../src/syndicate/index.js';
import { articles, CTX, feedDef, FIXTURES } from './fixtures.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

const CASES = (['full', 'summary'] as const).flatMap((content) =>
  FEED_FORMATS.map((format) => ({ content, format, file: `${content}.${format}` })),
);

describe('golden files', () => {
  it.each(CASES)('$file matches the golden file', ({ content, format, file }) => {
    const { body } = renderFeed(feedDef(content), articles(), format, CTX);
    const path = join(FIXTURES, file);
    if (UPDATE) writeFileSync(path, body);
    expect(existsSync(path), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(body).toBe(readFileSync(path, 'utf8'));
  });

  it.each(FEED_FORMATS)('%s renders the same bytes twice (deterministic)', (format) => {
    const a = renderFeed(feedDef('full'), articles(), format, CTX).body;
    const b = renderFeed(feedDef('full'), articles(), format, CTX).body;
    expect(a).toBe(b);
  });
});
