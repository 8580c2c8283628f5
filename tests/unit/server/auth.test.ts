import { describe, expect, it } from 'vitest';
import { tokenMatches } from '../../../src/server/auth.js';
import { formatSummary } from '../../../src/commands/summary.js';

describe('tokenMatches', () => {
  it.each([
    ['secret', 'secret', true],
    ['secret', 'secreT', false],
    ['', 'secret', false],
    [undefined, 'secret', false],
    ['secret', undefined, false],
  ])('%s vs %s → %s', (given, expected, ok) => {
    expect(tokenMatches(given, expected)).toBe(ok);
  });
});

describe('formatSummary', () => {
  it('aligns columns and adds totals', () => {
    const out = formatSummary([
      { sourceId: 'a', status: 'ok', items: 3, new: 2, updated: 1, unchanged: 0, duplicate: 0, errors: 0 },
      { sourceId: 'bb', status: 'error', errorCode: 'TIMEOUT', items: 0, new: 0, updated: 0, unchanged: 0, duplicate: 0, errors: 1 },
    ]);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^source\s+status\s+items\s+new\s+updated\s+unchanged\s+duplicate\s+errors$/);
    expect(lines[2]).toMatch(/^bb\s+error \(TIMEOUT\)\s+0\s+0\s+0\s+0\s+0\s+1$/);
    expect(lines[3]).toMatch(/^total\s+3\s+2\s+1\s+0\s+0\s+1$/);
  });
});
