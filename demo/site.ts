/** The offline demo news site: three outlets and their feeds (demo/site/) on one loopback HTTP server, `{{BASE}}` substituted. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Format of a demo feed. */
export type DemoFeedType = 'rss' | 'atom' | 'json';

/** One outlet's feed on the demo site. */
export interface DemoFeed {
  /** Source id the demo config uses for this outlet. */
  id: string;
  /** URL path of the feed on the demo server (append to `DemoSite.url`). */
  path: string;
  type: DemoFeedType;
  /** Outlet name as the feed titles it. */
  title: string;
  /** URL path of the outlet's home page (an HTML listing of its articles). */
  home: string;
  /** Items carry only a short description: the article page must be fetched (`fullText: true`). */
  summaryOnly: boolean;
}

/** The demo site's feeds, one per outlet. */
export const DEMO_FEEDS: readonly DemoFeed[] = Object.freeze([
  { id: 'hstoday', path: '/hstoday/feed/', type: 'rss', title: 'Homeland Security Today', home: '/hstoday/', summaryOnly: true },
  { id: 'harbor', path: '/harbor/atom.xml', type: 'atom', title: 'The Harbor Ledger', home: '/harbor/', summaryOnly: false },
  { id: 'civic', path: '/civic/feed.json', type: 'json', title: 'Civic Wire', home: '/civic/', summaryOnly: false },
]);

/** URL paths of the stories the demo and integration tests reason about. */
export const DEMO_STORIES = Object.freeze({
  /** The seed story (summary-only in the hstoday feed; its item link carries utm_* tracking parameters). */
  seed: '/hstoday/2015/04/dhs-opens-cyber-dialogue-with-china/',
  /** One wire story, three outlets: civic's original, harbor's copy (rewritten lede), hstoday's copy (trimmed ending). */
  wireCopies: Object.freeze([
    '/civic/article/storm-power-outage-calder-valley-electric-5b1f7c2e9a0d4e6f8c3b2a1d0e9f8a7b',
    '/harbor/news/local/storm-leaves-210000-without-power/article_8c1d4e2a-e86b-11e4-9a3c-0f5d2b7e4c11.html',
    '/hstoday/2015/04/severe-storm-knocks-out-power-for-210000-in-calder-valley/',
  ]),
  /** Same utility, same day, different facts: must stay its own cluster. */
  sameTopicDistinct: '/harbor/news/local/mercy-harbor-hospital-generators-storm/article_b47e0c9d-e87a-11e4-8f21-3e9a6c5d1b02.html',
});

/** A running demo site. */
export interface DemoSite {
  /** Base URL, e.g. http://127.0.0.1:PORT (what `{{BASE}}` becomes). */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Requests answered so far (any method, any status). */
  hits: () => number;
}

/** Options of `startDemoSite`. */
export interface DemoSiteOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Directory served; default demo/site next to this file. */
  root?: string;
}

/** Directory the demo site is served from (demo/site), the default `root`. */
export const DEMO_ROOT = ((): string => {
  // From source this file sits beside site/; compiled, it runs from dist/demo/ and the content stays in demo/site.
  const here = path.dirname(fileURLToPath(import.meta.url));
  return existsSync(path.join(here, 'site')) ? path.join(here, 'site') : path.resolve(here, '..', '..', 'demo', 'site');
})();

/** RFC 4287 §7 / RSS Advisory Board / JSON Feed 1.1 media types. */
const FEED_CONTENT_TYPES: Record<DemoFeedType, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const UTF8 = '; charset=utf-8';
const CONTENT_TYPES: Record<string, string> = {
  '.html': `text/html${UTF8}`, '.xml': `application/xml${UTF8}`, '.json': `application/json${UTF8}`,
  '.txt': `text/plain${UTF8}`, '.md': `text/markdown${UTF8}`, '.css': `text/css${UTF8}`, '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.mp3': 'audio/mpeg',
};

/** Files tried, in order, when a directory is requested (WordPress serves its feed at /feed/). */
const INDEX_FILES = ['index.html', 'index.xml', 'index.json'];

/** Used when a file names no date of its own (images, audio, the generated index). */
const FALLBACK_MODIFIED = Date.UTC(2015, 3, 1);

/** A resolved response, before conditional-request handling. */
interface Entity {
  status: 200;
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: number;
}

type Resolution = Entity | { status: 301; location: string } | { status: 403 | 404 };

/** Starts the demo site; absolute URLs in its files (`{{BASE}}`) point back at it. */
export async function startDemoSite(opts: DemoSiteOptions = {}): Promise<DemoSite> {
  const host = opts.host ?? '127.0.0.1';
  const root = await realpath(opts.root ?? DEMO_ROOT);
  let hits = 0;
  let base = '';
  const server = http.createServer((req, res) => {
    hits += 1;
    handle(root, base, req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${urlHost(host)}:${port}`;
  return {
    url: base,
    port,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A wildcard listen address is not something a client can fetch: advertise loopback instead. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function handle(root: string, base: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': `text/plain${UTF8}` }).end('method not allowed\n');
    return;
  }
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const result = rawPath === '/' ? indexEntity(base) : await resolve(root, base, rawPath, q === -1 ? '' : rawUrl.slice(q));
  if (result.status === 301) {
    res.writeHead(301, { Location: result.location, 'Content-Length': 0 }).end();
    return;
  }
  if (result.status !== 200) {
    const text = result.status === 403 ? 'forbidden\n' : 'not found\n';
    res.writeHead(result.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(method === 'HEAD' ? undefined : text);
    return;
  }
  const validators = {
    ETag: result.etag,
    'Last-Modified': new Date(result.lastModified).toUTCString(),
    'Cache-Control': 'public, max-age=0, must-revalidate',
  };
  if (notModified(req.headers, result)) {
    res.writeHead(304, validators).end();
    return;
  }
  res.writeHead(200, { ...validators, 'Content-Type': result.contentType, 'Content-Length': result.body.length });
  res.end(method === 'HEAD' ? undefined : result.body);
}

/** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since; If-None-Match uses weak comparison (§8.8.3.2). */
function notModified(headers: http.IncomingHttpHeaders, entity: Entity): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const mine = entity.etag.replace(/^W\//, '');
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === mine);
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && entity.lastModified <= since;
}

/** Maps a raw request path to a file under root; any `..`, dot-file, encoded slash or NUL segment is refused. */
async function resolve(root: string, base: string, rawPath: string, query: string): Promise<Resolution> {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { status: 403 };
    }
    if (seg.startsWith('.') || /[/\\\0]/.test(seg)) return { status: 403 };
    segments.push(seg);
  }
  const target = path.join(root, ...segments);
  if (!isInside(root, target)) return { status: 403 };
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory()) {
    // Relative links in an index page only resolve against a path that ends in '/'.
    if (!rawPath.endsWith('/')) return { status: 301, location: `${rawPath}/${query}` };
    for (const name of INDEX_FILES) {
      const entity = await load(root, base, path.join(target, name), rawPath);
      if (entity) return entity;
    }
    return { status: 404 };
  }
  if (info?.isFile()) return (await load(root, base, target, rawPath)) ?? { status: 404 };
  // Extension-less article URLs (/civic/article/slug-id) are stored as slug-id.html.
  if (path.extname(target) === '') return (await load(root, base, `${target}.html`, rawPath)) ?? { status: 404 };
  return { status: 404 };
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Reads one file and builds its entity; symlinks leading out of root count as missing. */
async function load(root: string, base: string, file: string, urlPath: string): Promise<Entity | null> {
  const real = await realpath(file).catch(() => null);
  if (real === null || !isInside(root, real)) return null;
  const info = await stat(real);
  if (!info.isFile()) return null;
  const feed = DEMO_FEEDS.find((f) => f.path === urlPath);
  const contentType = feed ? FEED_CONTENT_TYPES[feed.type] : (CONTENT_TYPES[path.extname(real)] ?? 'application/octet-stream');
  const raw = await readFile(real);
  if (!isText(contentType)) return entity(raw, contentType, FALLBACK_MODIFIED);
  const text = raw.toString('utf8').replaceAll('{{BASE}}', base);
  return entity(Buffer.from(text, 'utf8'), contentType, lastModifiedOf(text, contentType));
}

function isText(contentType: string): boolean {
  return contentType.includes('charset=utf-8') || contentType === 'image/svg+xml';
}

/** Strong ETag over the served bytes: stable across restarts on the same base URL (RFC 9110 §8.8.3). */
function entity(body: Buffer, contentType: string, lastModified: number): Entity {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { status: 200, body, contentType, etag, lastModified: Math.floor(lastModified / 1000) * 1000 };
}

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const RFC822_DATE = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UT|[+-]\d{4})/g;
const HTML_MODIFIED = /<meta\s+property="article:(?:modified|published)_time"\s+content="([^"]+)"/;

/**
 * A fixed date per file, read from its content so it survives restarts and checkouts: a page's
 * article:modified_time (else published_time), a feed's newest date of any kind.
 */
function lastModifiedOf(text: string, contentType: string): number {
  if (contentType.startsWith('text/html')) {
    const meta = HTML_MODIFIED.exec(text)?.[1];
    const at = meta === undefined ? NaN : Date.parse(meta);
    return Number.isNaN(at) ? FALLBACK_MODIFIED : at;
  }
  const dates = [...(text.match(ISO_DATE) ?? []), ...(text.match(RFC822_DATE) ?? [])]
    .map((d) => Date.parse(d))
    .filter((d) => !Number.isNaN(d));
  return dates.length === 0 ? FALLBACK_MODIFIED : Math.max(...dates);
}

/** `GET /`: the outlets and their feeds, generated from DEMO_FEEDS so it never drifts from them. */
function indexEntity(base: string): Entity {
  const rows = DEMO_FEEDS.map(
    (f) =>
      `<li><a href="${base}${f.home}">${escapeHtml(f.title)}</a> — <a href="${base}${f.path}">${f.type.toUpperCase()} feed</a>` +
      `${f.summaryOnly ? ' (summaries only)' : ' (full content)'}</li>`,
  ).join('\n');
  const links = DEMO_FEEDS.map(
    (f) => `<link rel="alternate" type="${FEED_CONTENT_TYPES[f.type].split(';')[0] ?? ''}" title="${escapeHtml(f.title)}" href="${base}${f.path}">`,
  ).join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>feedmill demo news site</title>
${links}
</head>
<body>
<h1>feedmill demo news site</h1>
<p>Three fictional outlets served offline for the feedmill demo and integration tests. All stories are invented.</p>
<ul>
${rows}
</ul>
</body>
</html>
`;
  return entity(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8', FALLBACK_MODIFIED);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
