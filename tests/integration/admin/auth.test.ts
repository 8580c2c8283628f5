/** Console auth rules over real HTTP (no browser): sign-in form, cookie flags, CSRF refusal, bearer access, logout, Bull Board behind the guard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlingPaused } from '../../../src/queue/inspect.js';
import { startInstance, type Instance } from '../../helpers/instance.js';

const TOKEN = 'console-test-token-0123456789';
let inst: Instance;
let base: string;

beforeAll(async () => {
  inst = await startInstance({ http: true, env: { FEEDMILL_ADMIN_TOKEN: TOKEN }, feeds: [{ id: 'all', title: 'All', limit: 10 }] });
  base = inst.url!;
});
afterAll(async () => {
  await inst?.close();
});

function form(fields: Record<string, string>): { method: string; headers: Record<string, string>; body: string; redirect: 'manual' } {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' };
}

/** Signs in through the form; returns the Set-Cookie header and the cookie pair to send back. */
async function signIn(extraHeaders: Record<string, string> = {}): Promise<{ setCookie: string; cookie: string }> {
  const f = form({ token: TOKEN, next: '/admin' });
  const res = await fetch(`${base}/admin/login`, { ...f, headers: { ...f.headers, ...extraHeaders } });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { setCookie, cookie: setCookie.split(';')[0]! };
}

async function csrfOf(cookie: string): Promise<string> {
  const html = await (await fetch(`${base}/admin`, { headers: { cookie } })).text();
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  expect(m).not.toBeNull();
  return m![1]!;
}

describe('console sign-in', () => {
  it('shows the sign-in form (401) to a request without credentials, with a strict CSP', async () => {
    const res = await fetch(`${base}/admin`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('name="token"');
    expect(html).not.toContain('Overview');
  });

  it('refuses a wrong token with 401 and sets no cookie', async () => {
    const res = await fetch(`${base}/admin/login`, form({ token: 'wrong', next: '/admin' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Wrong token.');
  });

  it('after 10 wrong tokens from one address, refuses that address (429, even the right token) but not others', async () => {
    const from = (ip: string, token: string) => {
      const f = form({ token, next: '/admin' });
      return fetch(`${base}/admin/login`, { ...f, headers: { ...f.headers, 'x-forwarded-for': ip } });
    };
    for (let i = 0; i < 10; i++) expect((await from('203.0.113.9', `wrong-${i}`)).status).toBe(401);
    const blocked = await from('203.0.113.9', TOKEN);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('600');
    expect(blocked.headers.get('set-cookie')).toBeNull();
    expect((await from('203.0.113.10', TOKEN)).status).toBe(303);
  });

  it('sets an HttpOnly, SameSite=Strict, Path=/admin session cookie that is not the token', async () => {
    const { setCookie, cookie } = await signIn();
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/admin/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain(TOKEN);
    const page = await fetch(`${base}/admin`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Overview</h1>');
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const { setCookie } = await signIn({ 'x-forwarded-proto': 'https' });
    expect(setCookie).toMatch(/; Secure/);
  });

  it('never redirects off the console after sign-in', async () => {
    const res = await fetch(`${base}/admin/login`, form({ token: TOKEN, next: '//evil.example/admin' }));
    expect(res.headers.get('location')).toBe('/admin');
  });

  it('refuses a forged or tampered cookie', async () => {
    const { cookie } = await signIn();
    const tampered = cookie.replace(/\.(\d+)\./, (_m, exp: string) => `.${Number(exp) + 1000}.`);
    expect((await fetch(`${base}/admin`, { headers: { cookie: tampered } })).status).toBe(401);
    expect((await fetch(`${base}/admin`, { headers: { cookie: `feedmill_admin=${TOKEN}` } })).status).toBe(401);
  });
});

describe('console actions', () => {
  it('refuse a POST without the CSRF token, or with a wrong one, and do nothing', async () => {
    const { cookie } = await signIn();
    const f = form({});
    const none = await fetch(`${base}/admin/crawling/pause`, { ...f, headers: { ...f.headers, cookie } });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('CSRF_REFUSED');
    const g = form({ _csrf: 'x'.repeat(43) });
    expect((await fetch(`${base}/admin/crawling/pause`, { ...g, headers: { ...g.headers, cookie } })).status).toBe(403);
    expect(await crawlingPaused(inst.rt.serverDeps.queues)).toBe(false);
  });

  it('run with the session CSRF token', async () => {
    const { cookie } = await signIn();
    const f = form({ _csrf: await csrfOf(cookie) });
    const res = await fetch(`${base}/admin/crawling/pause`, { ...f, headers: { ...f.headers, cookie } });
    expect(res.status).toBe(303);
    expect(await crawlingPaused(inst.rt.serverDeps.queues)).toBe(true);
    const r = await fetch(`${base}/admin/crawling/resume`, { ...f, headers: { ...f.headers, cookie } });
    expect(r.status).toBe(303);
    expect(await crawlingPaused(inst.rt.serverDeps.queues)).toBe(false);
  });

  it('sign-out revokes the session', async () => {
    const { cookie } = await signIn();
    const f = form({ _csrf: await csrfOf(cookie) });
    const res = await fetch(`${base}/admin/logout`, { ...f, headers: { ...f.headers, cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(`${base}/admin`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('bearer token', () => {
  it('opens pages and runs actions without a CSRF token (no ambient credential)', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${base}/admin`, { headers: auth })).status).toBe(200);
    const f = form({});
    const res = await fetch(`${base}/admin/crawling/pause`, { ...f, headers: { ...f.headers, ...auth } });
    expect(res.status).toBe(303);
    expect(await crawlingPaused(inst.rt.serverDeps.queues)).toBe(true);
    await fetch(`${base}/admin/crawling/resume`, { ...f, headers: { ...f.headers, ...auth } });
  });

  it('answers 401 JSON to a wrong bearer token', async () => {
    const res = await fetch(`${base}/admin`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });
});

describe('Bull Board at /admin/queues', () => {
  it('is behind the same guard, lists every queue and loads nothing from a CDN', async () => {
    expect((await fetch(`${base}/admin/queues/`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
    const { cookie } = await signIn();
    const page = await fetch(`${base}/admin/queues/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const script = html.match(/src="(static\/js\/main[^"]+)"/)![1]!;
    expect((await fetch(`${base}/admin/queues/${script}`, { headers: { cookie } })).status).toBe(200);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['article', 'fetch', 'maintain', 'publish']);
  });

  it('refuses a state change sent from another origin', async () => {
    const { cookie } = await signIn();
    const res = await fetch(`${base}/admin/queues/api/queues/fetch/pause`, { method: 'PUT', headers: { cookie, origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await crawlingPaused(inst.rt.serverDeps.queues)).toBe(false);
  });
});

describe('without an operator token', () => {
  it('the console is disabled (503)', async () => {
    const off = await startInstance({ http: true, env: { FEEDMILL_ADMIN_TOKEN: '' } });
    try {
      const res = await fetch(`${off.url!}/admin`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('FEEDMILL_ADMIN_TOKEN');
      expect((await fetch(`${off.url!}/admin/login`, form({ token: '' }))).status).toBe(503);
    } finally {
      await off.close();
    }
  });
});
