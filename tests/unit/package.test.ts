/** The package entry point exports the contract functions (DESIGN "Interfaces"): extractArticle and parseFeed. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle, parseFeed } from '../../src/index.js';

describe('package exports', () => {
  it('extractArticle(html, { url }) gives the canonical article of the seed page', () => {
    const html = readFileSync('demo/site/hstoday/2015/04/dhs-opens-cyber-dialogue-with-china/index.html', 'utf8');
    const a = extractArticle(html, { url: 'http://www.hstoday.us/2015/04/dhs-opens-cyber-dialogue-with-china/' });
    expect(a).toMatchObject({ title: 'DHS Opens Cyber Dialogue with China', siteName: 'Homeland Security Today', publishedAt: '2015-04-14T14:42:00.000Z' });
    expect(a.contentText).toContain('will visit Washington in September.');
  });

  it('parseFeed(body, { url, contentType }) gives { format, feed, items }', async () => {
    const body = Buffer.from('<rss version="2.0"><channel><title>T</title><link>https://e.com/</link><description>d</description>' +
      '<item><title>A &amp; B</title><link>https://e.com/a?utm_source=x</link><guid>g1</guid></item></channel></rss>');
    const out = await parseFeed(body, { url: 'https://e.com/feed', contentType: 'application/rss+xml' });
    expect(out.format).toBe('rss-2.0');
    expect(out.feed.title).toBe('T');
    expect(out.items).toEqual([expect.objectContaining({ title: 'A & B', url: 'https://e.com/a', guid: 'g1' })]);
  });

  it('the built package.json points at the compiled entry', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; bin: Record<string, string> };
    expect(pkg.main).toBe('./dist/src/index.js');
    expect(pkg.bin.feedmill).toBe('./bin/feedmill.js');
  });

  it('loads on a Node without require() of ES modules, as Node 20.18 (the engines minimum) is', () => {
    // Two dependencies of dependencies require() packages that went ES-module-only (content-disposition 3 under the
    // console's @fastify/static, cookie 2 under fastify's inject); package.json's overrides keep CommonJS versions.
    const code = `
const { main } = await import('./src/cli.ts');
const { buildApp } = await import('./src/server/app.ts');
await import('./src/server/admin/board.ts');
const app = (await import('fastify')).default();
const res = await app.inject({ url: '/' });
console.log(typeof main, typeof buildApp, res.statusCode);`;
    const out = spawnSync(process.execPath, ['--no-experimental-require-module', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(out.stderr).not.toMatch(/ERR_REQUIRE_ESM/);
    expect(out.stdout.trim()).toBe('function function 404');
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node).toBe('>=20.18.1');
  });
});
