/** `feedmill feeds export` and `feedmill feeds tokens …`: static files for a CDN, and partner tokens from the CLI. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFeeds } from '../../../src/commands/feeds.js';
import { spawnCli } from '../../helpers/cli.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { parseXml } from '../../unit/syndicate/fixtures.js';
import { seed, seedArticle } from './seed.js';

let inst: Instance;
let out: string;

beforeAll(async () => {
  inst = await startInstance({
    feeds: [
      { id: 'all', title: 'All & everything', description: 'Every story' },
      { id: 'odd', title: 'Odd ones', filter: { categories: ['Odd'] }, content: 'summary' },
      { id: 'partner', title: 'Partner wire', access: 'token' },
    ],
  });
  await seed(inst.rt.deps.articles, Array.from({ length: 6 }, (_, i) => seedArticle(i + 1)));
  out = mkdtempSync(join(tmpdir(), 'feedmill-export-'));
});
afterAll(async () => {
  await inst?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('feeds export', () => {
  it('writes every public feed in every format (and compressed copies) plus an OPML list', async () => {
    const files = await exportFeeds(inst.config, inst.rt.deps.articles, out, { compress: true, baseUrl: 'https://cdn.example.com/news/' });
    expect(readdirSync(join(out, 'feeds')).sort()).toEqual(
      ['all', 'odd'].flatMap((id) => ['atom', 'json', 'rss'].flatMap((f) => [`${id}.${f}`, `${id}.${f}.br`, `${id}.${f}.gz`])).sort(),
    );
    expect(files).toContain(join(out, 'feeds.opml'));
    const atom = readFileSync(join(out, 'feeds', 'all.atom'), 'utf8');
    expect(parseXml(atom)).toHaveProperty('feed');
    expect(atom).toContain('<link rel="self" href="https://cdn.example.com/news/feeds/all.atom"/>');
    expect(atom).not.toContain('rel="next"');
    expect(gunzipSync(readFileSync(join(out, 'feeds', 'all.atom.gz'))).toString()).toBe(atom);
    const odd = JSON.parse(readFileSync(join(out, 'feeds', 'odd.json'), 'utf8')) as { items: unknown[] };
    expect(odd.items).toHaveLength(3);
    const opml = parseXml(readFileSync(join(out, 'feeds.opml'), 'utf8')).opml as { body: { outline: Record<string, string>[] } };
    expect(opml.body.outline.map((o) => [o['@_text'], o['@_xmlUrl']])).toEqual([
      ['All & everything', 'https://cdn.example.com/news/feeds/all.atom'],
      ['Odd ones', 'https://cdn.example.com/news/feeds/odd.atom'],
    ]);
  });

  it('--all includes token feeds', async () => {
    const dir = join(out, 'all');
    await exportFeeds(inst.config, inst.rt.deps.articles, dir, { all: true });
    expect(readdirSync(join(dir, 'feeds'))).toContain('partner.rss');
  });
});

describe('feeds tokens (CLI)', () => {
  it('create prints the secret once; list never shows it; revoke removes the token', async () => {
    const env = { ...inst.env, FEEDMILL_CONFIG_DIR: inst.configDir };
    const created = spawnCli(['feeds', 'tokens', 'create', '--name', 'Acme', '--feeds', 'partner', '--rate', '60'], env);
    expect(await created.exited, created.output()).toBe(0);
    const secret = /fmp_\w{8}_[\w-]{43}/.exec(created.output())?.[0];
    const id = /token (\w{8}) for Acme/.exec(created.output())?.[1];
    expect(secret).toBeDefined();
    const listed = spawnCli(['feeds', 'tokens', 'list', '--json'], env);
    expect(await listed.exited, listed.output()).toBe(0);
    expect(listed.output()).toContain('"name": "Acme"');
    expect(listed.output()).not.toContain(secret!);
    const revoked = spawnCli(['feeds', 'tokens', 'revoke', id!], env);
    expect(await revoked.exited, revoked.output()).toBe(0);
    const again = spawnCli(['feeds', 'tokens', 'revoke', id!], env);
    expect(await again.exited).toBe(2);
    expect(again.output()).toContain(`no token "${id}"`);
    const bad = spawnCli(['feeds', 'tokens', 'create', '--name', 'X', '--feeds', 'nope'], env);
    expect(await bad.exited).toBe(2);
  }, 60_000);
});
