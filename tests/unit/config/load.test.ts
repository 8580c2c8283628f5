import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseDuration, parseSize } from '../../../src/config/index.js';
import { problemsOf, writeConfigDir, type ConfigDir } from '../../helpers/config.js';

let cfg: ConfigDir | undefined;
afterEach(() => cfg?.cleanup());

describe('units', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    [90, 90_000],
    ['90', 90_000],
    ['soon', undefined],
  ] as const)('duration %s → %s ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });
  it.each([
    ['15MiB', 15 * 1024 * 1024],
    ['512KiB', 512 * 1024],
    ['1kb', 1000],
    [2048, 2048],
    ['big', undefined],
  ] as const)('size %s → %s bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });
});

describe('loadConfig', () => {
  it('gives every option a default when the files are empty', () => {
    cfg = writeConfigDir({});
    const c = loadConfig(cfg.dir, {});
    expect(c.redis.prefix).toBe('feedmill');
    expect(c.server.port).toBe(8080);
    expect(c.server.baseUrl).toBe('http://localhost:8080');
    expect(c.fetch.timeoutMs).toBe(20_000);
    expect(c.fetch.maxBytes).toBe(15 * 1024 * 1024);
    expect(c.fetch.allowPrivateNetworks).toBe(false);
    expect(c.sources).toEqual([]);
    expect(Object.isFrozen(c) && Object.isFrozen(c.fetch)).toBe(true);
  });

  it('server.processes: a number, or auto for one per core', () => {
    cfg = writeConfigDir({});
    expect(loadConfig(cfg.dir, {}).server.processes).toBe(1);
    cfg.cleanup();
    cfg = writeConfigDir({ settings: { server: { processes: 'auto' } } });
    expect(loadConfig(cfg.dir, {}).server.processes).toBe(availableParallelism());
    cfg.cleanup();
    cfg = writeConfigDir({ settings: { server: { processes: 'many' } } });
    const dir = cfg.dir;
    expect(problemsOf(() => loadConfig(dir, {})).join('\n')).toMatch(/server\.processes/);
  });

  it('publish.renderShare: a share of one core above 0 and at most 1, 0.1 by default', () => {
    cfg = writeConfigDir({});
    expect(loadConfig(cfg.dir, {}).publish).toEqual({ debounceMs: 1000, renderShare: 0.1 });
    cfg.cleanup();
    cfg = writeConfigDir({ settings: { publish: { renderShare: 1 } } });
    expect(loadConfig(cfg.dir, {}).publish.renderShare).toBe(1);
    for (const bad of [0, 1.5, 'half']) {
      cfg.cleanup();
      cfg = writeConfigDir({ settings: { publish: { renderShare: bad } } });
      const dir = cfg.dir;
      expect(problemsOf(() => loadConfig(dir, {})).join('\n')).toMatch(/feedmill\.yaml: publish\.renderShare/);
    }
  });

  it('workers.threads: auto is one per core and says so; a number is kept as given', () => {
    cfg = writeConfigDir({});
    expect(loadConfig(cfg.dir, {}).workers).toMatchObject({ threads: availableParallelism(), autoThreads: true });
    expect(loadConfig(cfg.dir, { FEEDMILL_THREADS: '2' }).workers).toMatchObject({ threads: 2, autoThreads: false });
    expect(loadConfig(cfg.dir, { FEEDMILL_THREADS: '0' }).workers).toMatchObject({ threads: 0, autoThreads: false });
  });

  it('reads sources and feeds with their defaults', () => {
    cfg = writeConfigDir({
      sources: [{ id: 'a', url: 'https://example.com/feed.xml', interval: '10m' }],
      feeds: [{ id: 'all', title: 'All' }],
    });
    const c = loadConfig(cfg.dir, {});
    expect(c.sources[0]).toMatchObject({ id: 'a', type: 'feed', intervalMs: 600_000, fullText: false, categories: [], headers: {} });
    expect(c.feeds[0]).toMatchObject({ id: 'all', limit: 50, content: 'full', access: 'public', filter: {} });
  });

  it('applies environment overrides', () => {
    cfg = writeConfigDir({ settings: { fetch: { allow: ['10.0.0.0/8'] } } });
    const c = loadConfig(cfg.dir, {
      REDIS_URL: 'redis://r:6380',
      PORT: '9090',
      FEEDMILL_REDIS_PREFIX: 'x',
      FEEDMILL_ADMIN_TOKEN: 'secret',
      FEEDMILL_ALLOW_PRIVATE_NETWORKS: '1',
      FEEDMILL_FETCH_ALLOW: '127.0.0.1:8081, intranet.local',
      LOG_LEVEL: 'debug',
    });
    expect(c.redis.url).toBe('redis://r:6380');
    expect(c.server.port).toBe(9090);
    expect(c.redis.prefix).toBe('x');
    expect(c.server.adminToken).toBe('secret');
    expect(c.fetch.allowPrivateNetworks).toBe(true);
    expect(c.fetch.allow).toEqual(['10.0.0.0/8', '127.0.0.1:8081', 'intranet.local']);
    expect(c.log.level).toBe('debug');
  });

  it('reports every problem at once, each with its file and path', () => {
    cfg = writeConfigDir({
      settings: { fetch: { timeout: 'soon', bogus: 1 } },
      sources: [
        { id: 'a', url: 'ftp://example.com/' },
        { id: 'a', url: 'https://example.com/', interval: '5s', type: 'podcast' },
      ],
      feeds: [{ id: 'f', title: 'F', filter: { sources: ['nope'] } }],
    });
    const problems = problemsOf(() => loadConfig(cfg!.dir, {}));
    const text = problems.join('\n');
    expect(text).toMatch(/feedmill\.yaml: fetch\.timeout: not a duration/);
    expect(text).toMatch(/feedmill\.yaml: fetch: Unrecognized key.*bogus/);
    expect(text).toMatch(/sources\.yaml: sources\[0\]\.url: must be an absolute http\(s\) URL/);
    expect(text).toMatch(/sources\.yaml: sources\[1\]\.type/);
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate ids and too-short intervals; a feed may name a source sources.yaml lacks (a runtime one)', () => {
    cfg = writeConfigDir({
      sources: [
        { id: 'a', url: 'https://example.com/a' },
        { id: 'a', url: 'https://example.com/b', interval: '5s' },
      ],
      feeds: [{ id: 'f', title: 'F', filter: { sources: ['nope'] } }],
    });
    const text = problemsOf(() => loadConfig(cfg!.dir, {})).join('\n');
    expect(text).toMatch(/sources\[1\]\.id: duplicate id "a"/);
    expect(text).toMatch(/sources\[1\]\.interval: at least 30s/);
    expect(text).not.toMatch(/nope/);
    cfg.cleanup();
    cfg = writeConfigDir({ sources: [{ id: 'a', url: 'https://example.com/a' }], feeds: [{ id: 'f', title: 'F', filter: { sources: ['a', 'added-later'] } }] });
    expect(loadConfig(cfg.dir, {}).feeds[0]!.filter.sources).toEqual(['a', 'added-later']);
  });

  it('reports YAML syntax errors with the file name', () => {
    cfg = writeConfigDir({ raw: { 'sources.yaml': 'sources: [\n  - id: a\n' } });
    const text = problemsOf(() => loadConfig(cfg!.dir, {})).join('\n');
    expect(text).toMatch(/sources\.yaml: /);
  });

  it('names the missing folder', () => {
    expect(problemsOf(() => loadConfig('/nonexistent/feedmill-config', {})).join()).toMatch(/config folder not found/);
  });

  it('loads the shipped config/ and demo/config templates', () => {
    expect(loadConfig('config', {}).feeds.map((f) => f.id)).toEqual(['all']);
  });
});
