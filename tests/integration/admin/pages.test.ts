/** Console pages and actions over real HTTP on a real instance (bearer auth; the session rules are in auth.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/http.js';
import { startInstance, type Instance } from '../../helpers/instance.js';

const TOKEN = 'console-pages-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
let inst: Instance;
let site: TestServer;

beforeAll(async () => {
  site = await startServer({
    '/': (_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>No feed here</title><p>nothing</p>');
    },
  });
  inst = await startInstance({ http: true, env: { FEEDMILL_ADMIN_TOKEN: TOKEN }, sources: [{ id: 'configured', url: `${site.url}/configured.xml` }] });
});
afterAll(async () => {
  await inst?.close();
  await site?.close();
});

function post(path: string, fields: Record<string, string> = {}): Promise<Response> {
  return fetch(`${inst.url!}${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function page(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${inst.url!}${path}`, { headers: auth });
  return { status: res.status, html: await res.text() };
}

describe('add-source form', () => {
  it('shows the refusal and keeps what was typed when no feed is found', async () => {
    const res = await post('/admin/sources', { url: `${site.url}/`, id: 'nofeed' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('DISCOVERY_FAILED');
    expect(html).toContain(`value="${site.url}/"`);
    expect(await inst.rt.serverDeps.registry.get('nofeed')).toBeUndefined();
  });

  it('refuses a malformed interval naming the field', async () => {
    const res = await post('/admin/sources', { url: `${site.url}/x.xml`, type: 'feed', interval: 'soon' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/BAD_REQUEST: interval/);
  });

  it('adds a source with an explicit type and goes to its page', async () => {
    const res = await post('/admin/sources', { url: `${site.url}/feed.xml`, id: 'added', type: 'feed', interval: '15m', fullText: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/sources/added?done=added');
    const s = await inst.rt.serverDeps.registry.get('added');
    expect(s).toMatchObject({ origin: 'runtime', type: 'feed', fullText: true, intervalMs: 900_000 });
    const p = await page('/admin/sources/added');
    expect(p.status).toBe(200);
    expect(p.html).toContain('<h1>Source added</h1>');
    expect(p.html).toContain('Remove with articles');
  });
});

describe('source actions', () => {
  it('pause and resume', async () => {
    expect((await post('/admin/sources/added/pause')).headers.get('location')).toBe('/admin/sources/added?done=paused');
    expect((await inst.rt.serverDeps.registry.get('added'))?.paused).toBe(true);
    const p = await page('/admin/sources/added?done=paused');
    expect(p.html).toContain('Source paused');
    expect(p.html).toContain('>Resume</button>');
    await post('/admin/sources/added/resume');
    expect((await inst.rt.serverDeps.registry.get('added'))?.paused).toBe(false);
  });

  it('crawl now queues a fetch', async () => {
    const before = await inst.rt.serverDeps.queues.fetch.getJobCounts('waiting');
    expect((await post('/admin/sources/added/crawl')).status).toBe(303);
    const after = await inst.rt.serverDeps.queues.fetch.getJobCounts('waiting');
    expect(after.waiting).toBe((before.waiting ?? 0) + 1);
  });

  it('a sources.yaml source has no remove button, and removing it is refused (409 CONFIG_OWNED)', async () => {
    expect((await page('/admin/sources/configured')).html).not.toContain('Remove');
    const res = await post('/admin/sources/configured/remove');
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('CONFIG_OWNED');
  });

  it('remove takes a runtime source away', async () => {
    expect((await post('/admin/sources/added/remove', { articles: 'delete' })).headers.get('location')).toBe('/admin?done=removed');
    expect(await inst.rt.serverDeps.registry.get('added')).toBeUndefined();
    expect((await page('/admin/sources/added')).status).toBe(404);
    expect((await post('/admin/sources/added/crawl')).status).toBe(404);
  });

  it('the overview lists the configured source', async () => {
    const p = await page('/admin?done=removed');
    expect(p.html).toContain('Source removed.');
    expect(p.html).toContain('data-source="configured"');
  });
});
