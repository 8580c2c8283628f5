/**
 * GET /: a small discovery page listing the public feeds with their formats, and `<link rel="alternate">`
 * tags so feed readers pointed at the site find them (RSS Autodiscovery); GET /feeds.opml: the same list as
 * OPML 2.0 for readers' import.
 */
import type { FastifyInstance } from 'fastify';
import { FEED_FORMATS, feedUrl, renderOpml } from '../syndicate/index.js';
import type { ServerDeps } from './deps.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const;
const LABELS = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

/** Registers GET / and GET /feeds.opml. */
export function registerIndexRoute(app: FastifyInstance, deps: Pick<ServerDeps, 'config'>): void {
  const base = deps.config.server.baseUrl;
  const feeds = deps.config.feeds.filter((f) => f.access === 'public');
  const links = feeds
    .flatMap((f) =>
      FEED_FORMATS.map((fmt) => `<link rel="alternate" type="${TYPES[fmt]}" title="${esc(f.title)}" href="${esc(feedUrl(base, f.id, fmt))}">`),
    )
    .join('\n');
  const rows = feeds
    .map(
      (f) =>
        `<li><strong>${esc(f.title)}</strong>${f.description ? ` — ${esc(f.description)}` : ''}: ` +
        FEED_FORMATS.map((fmt) => `<a href="${esc(feedUrl(base, f.id, fmt))}">${LABELS[fmt]}</a>`).join(' · ') +
        '</li>',
    )
    .join('\n');
  const page =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>feedmill feeds</title>\n${links}\n` +
    `<link rel="outline" type="text/x-opml" title="All feeds (OPML)" href="${esc(`${base}/feeds.opml`)}">\n</head>` +
    `<body><h1>Feeds</h1><ul>\n${rows}\n</ul><p><a href="${esc(`${base}/feeds.opml`)}">All feeds as OPML</a></p></body></html>`;

  const created = new Date();
  app.get('/', async (_req, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(page));
  app.get('/feeds.opml', async (_req, reply) => {
    const opml = renderOpml(
      'feedmill feeds',
      feeds.map((f) => ({ title: f.title, ...(f.description ? { description: f.description } : {}), xmlUrl: feedUrl(base, f.id, 'atom'), htmlUrl: `${base}/` })),
      created,
    );
    return reply.header('content-type', 'text/x-opml; charset=utf-8').send(opml);
  });
}
