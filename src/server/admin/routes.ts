/** The console's pages (GET) and actions (POST forms, answered with a 303 back to a page so reloads never resubmit). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addPage, EMPTY_ADD_FORM, type AddForm } from './add-page.js';
import { csrfOf } from './guard.js';
import { html, pathPart } from './html.js';
import { page, type PageContext } from './layout.js';
import { operatorError, type ConsoleOps } from './ops.js';
import { overviewPage } from './overview-page.js';
import { sourcePage } from './source-page.js';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
type IdParams = { Params: { id: string } };

/** Messages shown after an action's redirect (`?done=<key>`); fixed texts, so nothing from the URL is echoed. */
const DONE: Record<string, string> = {
  added: 'Source added; its first crawl is queued.',
  crawl: 'Crawl queued. This page shows the result once the fetch has run (reload).',
  crawlAll: 'Crawl of every active source queued.',
  paused: 'Source paused: no scheduled fetches until resumed.',
  resumed: 'Source resumed.',
  reextract: 'Re-extraction of the stored articles queued.',
  removed: 'Source removed.',
  crawlingPaused: 'All crawling paused.',
  crawlingResumed: 'Crawling resumed.',
};

function ctxOf(req: FastifyRequest): PageContext {
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  const csrf = csrfOf(req);
  const text = typeof done === 'string' ? DONE[done] : undefined;
  return { ...(csrf ? { csrf } : {}), ...(text ? { notice: { text } } : {}) };
}

function send(reply: FastifyReply, status: number, body: { value: string }): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body.value);
}

function sourcePath(id: string, done: string): string {
  return `/admin/sources/${pathPart(id)}?done=${done}`;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** The add form as posted. */
export function readAddForm(body: unknown): AddForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return { url: str(b.url), id: str(b.id), type: str(b.type), interval: str(b.interval), fullText: b.fullText === '1' || b.fullText === 'on' };
}

/** Runs an action; a refusal becomes an error page with its status, a fault goes to Fastify's error handler. */
async function act(req: FastifyRequest, reply: FastifyReply, run: () => Promise<string>): Promise<FastifyReply> {
  try {
    return reply.redirect(await run(), 303);
  } catch (err) {
    const refused = operatorError(err);
    if (!refused) throw err;
    return send(reply, refused.status, page('Not done', ctxOf(req), html`<p class="flash error" role="alert"><span class="code">${refused.code}</span> ${refused.message}</p><p><a href="/admin">Back to the overview</a></p>`));
  }
}

/** Registers the pages and actions; `csrf` guards every POST. */
export function registerConsoleRoutes(scope: FastifyInstance, ops: ConsoleOps, csrf: Guard): void {
  const overview = async (req: FastifyRequest, reply: FastifyReply) => send(reply, 200, overviewPage(await ops.overview(), ctxOf(req)));
  scope.get('/admin', overview);
  scope.get('/admin/', overview);

  scope.get('/admin/sources/new', async (req, reply) => send(reply, 200, addPage(EMPTY_ADD_FORM, ctxOf(req))));

  scope.get<IdParams>('/admin/sources/:id', async (req, reply) => {
    const data = await ops.source(req.params.id);
    if (!data) return send(reply, 404, page('No such source', ctxOf(req), html`<p>There is no source "${req.params.id}". <a href="/admin">Back to the overview</a></p>`));
    return send(reply, 200, sourcePage(data, ctxOf(req)));
  });

  scope.post('/admin/sources', { preHandler: csrf }, async (req, reply) => {
    const form = readAddForm(req.body);
    try {
      const id = await ops.add(form);
      return reply.redirect(sourcePath(id, 'added'), 303);
    } catch (err) {
      const refused = operatorError(err);
      if (!refused) throw err;
      return send(reply, refused.status, addPage(form, ctxOf(req), `${refused.code}: ${refused.message}`));
    }
  });

  const sourceAction = (name: string, run: (id: string, body: Record<string, unknown>) => Promise<string>) =>
    scope.post<IdParams>(`/admin/sources/:id/${name}`, { preHandler: csrf }, async (req, reply) =>
      act(req, reply, () => run(req.params.id, (req.body ?? {}) as Record<string, unknown>)),
    );
  sourceAction('crawl', async (id) => (await ops.crawl(id), sourcePath(id, 'crawl')));
  sourceAction('pause', async (id) => (await ops.pause(id), sourcePath(id, 'paused')));
  sourceAction('resume', async (id) => (await ops.resume(id), sourcePath(id, 'resumed')));
  sourceAction('reextract', async (id) => (await ops.reextract(id), sourcePath(id, 'reextract')));
  sourceAction('remove', async (id, body) => (await ops.remove(id, body.articles === 'delete'), '/admin?done=removed'));

  scope.post('/admin/crawl', { preHandler: csrf }, async (req, reply) => act(req, reply, async () => (await ops.crawlAll(), '/admin?done=crawlAll')));
  scope.post('/admin/crawling/pause', { preHandler: csrf }, async (req, reply) =>
    act(req, reply, async () => (await ops.setCrawlingPaused(true), '/admin?done=crawlingPaused')),
  );
  scope.post('/admin/crawling/resume', { preHandler: csrf }, async (req, reply) =>
    act(req, reply, async () => (await ops.setCrawlingPaused(false), '/admin?done=crawlingResumed')),
  );
}
