/** GET /: a small discovery page listing the public feeds, with <link rel="alternate"> tags for feed readers. */
import type { FastifyInstance } from 'fastify';
import { feedUrl } from '../syndicate/index.js';
import type { ServerDeps } from './deps.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const;

/** Registers GET /. */
export function registerIndexRoute(app: FastifyInstance, deps: Pick<ServerDeps, 'config'>): void {
  app.get('/', async (_req, reply) => {
    const base = deps.config.server.baseUrl;
    const feeds = deps.config.feeds.filter((f) => f.access === 'public');
    const links = feeds
      .flatMap((f) =>
        (['rss', 'atom', 'json'] as const).map(
          (fmt) => `<link rel="alternate" type="${TYPES[fmt]}" title="${esc(f.title)}" href="${esc(feedUrl(base, f.id, fmt))}">`,
        ),
      )
      .join('\n');
    const rows = feeds
      .map(
        (f) =>
          `<li><strong>${esc(f.title)}</strong>${f.description ? ` — ${esc(f.description)}` : ''}: ` +
          (['rss', 'atom', 'json'] as const).map((fmt) => `<a href="${esc(feedUrl(base, f.id, fmt))}">${fmt.toUpperCase()}</a>`).join(' · ') +
          '</li>',
      )
      .join('\n');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>feedmill feeds</title>\n${links}\n</head>` +
        `<body><h1>Feeds</h1><ul>\n${rows}\n</ul></body></html>`);
  });
}
