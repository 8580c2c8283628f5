/** Crawl progress display: the redrawn bar on a TTY, plain lines otherwise; and the schedules table. */
import { describe, expect, it } from 'vitest';
import { formatSchedules } from '../../../src/commands/control.js';
import { barLine, CrawlProgress, type ProgressStream } from '../../../src/commands/progress.js';
import type { SourceSummary } from '../../../src/commands/summary.js';

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { text: '', isTTY, columns: 200, write: (chunk: string) => (s.text += chunk) };
  return s;
}

const summary = (over: Partial<SourceSummary>): SourceSummary => ({
  sourceId: 'daily',
  status: 'ok',
  items: 4,
  new: 3,
  updated: 1,
  unchanged: 0,
  duplicate: 0,
  errors: 0,
  ...over,
});

describe('CrawlProgress', () => {
  it('on a TTY redraws one bar in place with sources, articles, errors and elapsed time', () => {
    let now = 0;
    const out = stream(true);
    const p = new CrawlProgress(out, 2, () => now);
    now = 1000;
    p.articles(['new', 'new', 'new', 'updated']);
    now = 1200;
    p.source(summary({}));
    now = 2500;
    p.articles(['error']);
    p.source(summary({ sourceId: 'broken', status: 'error', errorCode: 'HTTP_4XX', items: 0, new: 0, updated: 0, errors: 1 }));
    p.finish();
    const frames = out.text.split('\r\x1b[2K').filter(Boolean);
    expect(frames[0]).toBe(`crawl ${'░'.repeat(24)} 0/2 sources · 0 new · 0 updated · 0 errors · 0.0s`);
    expect(frames.at(-1)).toBe(`crawl ${'█'.repeat(24)} 2/2 sources · 3 new · 1 updated · 2 errors · 2.5s\n`);
    // No plain lines on a terminal: every write is a redraw.
    expect(out.text).not.toMatch(/^crawl: /m);
  });

  it('without a TTY writes one line per finished source and a closing line, no control characters', () => {
    let now = 0;
    const out = stream(false);
    const p = new CrawlProgress(out, 2, () => now);
    p.articles(['new', 'duplicate', 'unchanged']);
    now = 1500;
    p.source(summary({ new: 1, duplicate: 1, updated: 0, items: 3, unchanged: 1 }));
    now = 65_000;
    p.source(summary({ sourceId: 'broken', status: 'error', errorCode: 'TIMEOUT', items: 0, new: 0, updated: 0, errors: 1 }));
    p.finish();
    expect(out.text).toBe(
      'crawl: 1/2 daily ok, 3 items, 1 new, 0 updated, 1 duplicate, 0 errors (1.5s)\n' +
        'crawl: 2/2 broken error TIMEOUT, 0 items, 0 new, 0 updated, 0 duplicate, 1 error (1m05s)\n' +
        'crawl: done, 2/2 sources, 2 new (1 duplicate), 0 updated, 1 error in 1m05s\n',
    );
  });

  it('fills the bar in proportion to the sources done', () => {
    const line = barLine({ sources: 4, done: 1, new: 0, updated: 0, duplicate: 0, errors: 1 }, 0);
    expect(line).toContain(`${'█'.repeat(6)}${'░'.repeat(18)} 1/4 sources`);
    expect(line).toContain('1 error ·');
  });
});

describe('formatSchedules', () => {
  it('lists each source with its interval, next run and how far off it is, and says when crawling is paused', () => {
    const now = Date.parse('2026-03-05T12:00:00Z');
    const text = formatSchedules(
      [
        { sourceId: 'daily', everyMs: 900_000, nextRunAt: '2026-03-05T12:05:00.000Z' },
        { sourceId: 'late', everyMs: 3_600_000, nextRunAt: '2026-03-05T11:58:00.000Z' },
        { sourceId: 'none', everyMs: 60_000, nextRunAt: null },
      ],
      true,
      now,
    );
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^crawling is paused/);
    expect(lines[1]).toMatch(/^source\s+every\s+next run$/);
    expect(lines[2]).toMatch(/^daily\s+15m\s+2026-03-05T12:05:00.000Z\s+in 5m$/);
    expect(lines[3]).toMatch(/^late\s+60m\s+2026-03-05T11:58:00.000Z\s+2m ago$/);
    expect(lines[4]).toMatch(/^none\s+60s\s+-\s+-$/);
  });
});
