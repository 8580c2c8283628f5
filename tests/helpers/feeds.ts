/** Builds small RSS documents for tests, and a loopback "publisher" whose feed can change between crawls. */
import { createHash } from 'node:crypto';
import { startServer, type Route, type TestServer } from './http.js';

/** One item of a generated feed. */
export interface TestItem {
  guid?: string;
  link: string;
  title: string;
  body: string;
  pubDate?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with content:encoded bodies. */
export function rss(title: string, link: string, items: readonly TestItem[]): string {
  const body = items
    .map(
      (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>` +
        (i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : '') +
        `<pubDate>${i.pubDate ?? 'Mon, 02 Mar 2026 10:00:00 GMT'}</pubDate>` +
        `<description>${esc(i.body.slice(0, 120))}</description>` +
        `<content:encoded><![CDATA[<p>${i.body}</p>]]></content:encoded></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
    `<channel><title>${esc(title)}</title><link>${esc(link)}</link><description>test</description>\n${body}\n</channel></rss>`;
}

/** A loopback publisher: `feeds[path]` is served with an ETag and 304s; change it between crawls. */
export interface Publisher extends TestServer {
  feeds: Record<string, string>;
}

/** Starts a publisher serving `feeds` (path → RSS text) plus any extra routes. */
export async function startPublisher(feeds: Record<string, string>, extra: Record<string, Route> = {}): Promise<Publisher> {
  const state: Record<string, string> = { ...feeds };
  // Feeds are looked up per request, so tests may add or change them after the server started.
  const routes: Record<string, Route> = {
    ...extra,
    '*': (req, res) => {
      const body = state[(req.url ?? '').split('?')[0] ?? ''];
      if (body === undefined) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.setHeader('etag', etag);
      res.end(body);
    },
  };
  const server = await startServer(routes);
  return Object.assign(server, { feeds: state });
}

/** `n` distinct items with ~`words` words each. */
export function makeItems(base: string, n: number, words = 120, tag = 'story'): TestItem[] {
  return Array.from({ length: n }, (_, i) => ({
    guid: `${tag}-${i}`,
    link: `${base}/${tag}/${i}`,
    title: `${tag} number ${i} headline`,
    body: Array.from({ length: words }, (_, w) => `${tag}${i}word${(w * 7 + i) % 97}`).join(' '),
    pubDate: new Date(Date.UTC(2026, 2, 1, 10, i)).toUTCString(),
  }));
}
