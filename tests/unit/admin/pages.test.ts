/** The console's pages escape everything that comes from sources, articles and errors (hostile strings stay text). */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { addPage, EMPTY_ADD_FORM } from '../../../src/server/admin/add-page.js';
import { barChart, sparkline } from '../../../src/server/admin/charts.js';
import { escapeHtml, html, raw } from '../../../src/server/admin/html.js';
import { loginPage } from '../../../src/server/admin/layout.js';
import type { OverviewData, SourceData, SourceRow } from '../../../src/server/admin/model.js';
import { overviewPage } from '../../../src/server/admin/overview-page.js';
import { sourcePage } from '../../../src/server/admin/source-page.js';
import { vectors } from '../../helpers/xss.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</title><svg onload=alert(1)>',
  ...vectors.slice(0, 200).map((v) => v.payload),
];

function row(evil: string): SourceRow {
  return {
    id: 'evil',
    url: 'javascript:alert(1)',
    type: 'feed',
    status: evil,
    paused: false,
    origin: 'runtime',
    lastFetchAt: null,
    lastSuccessAt: evil,
    lastError: { code: evil, message: evil, at: evil },
    consecutiveFailures: 2,
    nextCheckAt: null,
    intervalSeconds: 60,
    fullText: true,
    articlesPerDay: [0, 1, 2],
    articleCount: 3,
  };
}

function pages(evil: string): string[] {
  const overview: OverviewData = {
    sources: [row(evil)],
    queues: [{ name: evil, waiting: 1, active: 0, delayed: 0, failed: 0, completed: 0, paused: false, oldestWaitingMs: 5 }],
    errors: [{ at: evil, sourceId: evil, code: evil, message: evil }],
    feeds: [{ id: evil, title: evil, access: 'public', requests: 1, notModified: 0, subscribers: 2 }],
    crawlingPaused: false,
  };
  const source: SourceData = {
    source: row(evil),
    fetches: [{ at: evil, status: 200, code: evil, durationMs: 12, bytes: 100, items: 1, new: 1, updated: 0, path: evil }],
    articles: [{ id: 'a', title: evil, url: 'javascript:alert(2)', publishedAt: evil, fetchedAt: null }],
    extraction: { lastMethod: evil, ok: 1, failed: 1, lastError: { code: evil, message: evil } },
    schedule: null,
  };
  const ctx = { csrf: evil, notice: { text: evil } };
  return [
    overviewPage(overview, ctx).value,
    sourcePage(source, ctx).value,
    addPage({ ...EMPTY_ADD_FORM, url: evil, id: evil, interval: evil }, ctx, evil).value,
    loginPage({ next: evil, error: evil }).value,
  ];
}

describe('console pages', () => {
  it.each(HOSTILE.map((p) => [p]))('keep %j as text', (evil) => {
    for (const page of pages(evil)) {
      const $ = load(page);
      expect($('script:not([src])').length).toBe(0);
      $('*').each((_, el) => {
        for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) expect(name).not.toMatch(/^on/i);
      });
      $('a[href]').each((_, a) => expect($(a).attr('href')).not.toMatch(/^\s*javascript:/i));
    }
  });

  it('escape in text and attributes, and let fragments through', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html`<b title="${'"x"'}">${'<i>'}${raw('<i>ok</i>')}${[1, html`<br>`]}${null}</b>`.value).toBe('<b title="&quot;x&quot;">&lt;i&gt;<i>ok</i>1<br></b>');
  });
});

describe('charts', () => {
  it('draw one point per day and say the figures in the title', () => {
    const svg = sparkline([0, 2, 4], 'per day').value;
    expect(svg).toContain('points="0,23 60,12 120,1"');
    expect(svg).toContain('<title>per day: 0, 2, 4 (total 6)</title>');
  });

  it('draw failed fetches in the error colour, scaled to the slowest', () => {
    const svg = barChart([{ value: 100, title: 'a', failed: false }, { value: 50, title: 'b', failed: true }], 'durations').value;
    expect(svg.match(/<rect/g)).toHaveLength(2);
    expect(svg).toContain('class="bad"');
    expect(svg).toContain('height="68"');
    expect(svg).toContain('height="34"');
  });
});
