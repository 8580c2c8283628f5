/**
 * End to end in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): a real instance (server and
 * workers on real Redis under a unique prefix) and a loopback site; sign in through the form, add the site by its home
 * page URL (feed autodiscovery), crawl it now, and see its articles listed and its health updated. Skips, saying why,
 * where Chromium is not installed; CI installs it (.ci/run).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeItems, rss, startPublisher, type Publisher } from '../helpers/feeds.js';
import { startInstance, waitFor, type Instance } from '../helpers/instance.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'browser-test-token-0123456789';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`console browser test skipped: ${CHROMIUM} not found (apt-get install chromium to run it)`);

let site: Publisher;
let inst: Instance;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  site = await startPublisher(
    {},
    {
      // The site's home page announces its feed, as a news site does.
      '/': (_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html><head><title>Fixture News</title><link rel="alternate" type="application/rss+xml" title="Fixture News" href="/feed.xml"></head><body><h1>Fixture News</h1></body></html>`);
      },
    },
  );
  site.feeds['/feed.xml'] = rss('Fixture News', site.url, makeItems(site.url, 3, 80, 'fixture'));
  inst = await startInstance({ http: true, roles: ['fetch', 'article', 'publish'], env: { FEEDMILL_ADMIN_TOKEN: TOKEN }, feeds: [{ id: 'all', title: 'All news', limit: 50 }] });
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await inst?.close();
  await site?.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${inst.url!}/admin`);
  await page.fill('input[name="token"]', token);
  await page.click('button[type="submit"]');
}

/** Reloads until `check` holds (the crawl runs in the workers; the page is server-rendered). */
async function reloadUntil(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  await waitFor(async () => {
    await page.reload();
    return check();
  }, 30_000, what);
}

describe.skipIf(!hasChromium)('operator console in headless Chromium', () => {
  it('refuses a wrong token', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, 'not-the-token');
    expect(await page.textContent('[role="alert"]')).toContain('Wrong token.');
    expect(await page.locator('input[name="token"]').count()).toBe(1);
    expect(await ctx.cookies()).toEqual([]);
    await page.goto(`${inst.url!}/admin`);
    expect(await page.locator('h1', { hasText: 'Overview' }).count()).toBe(0);
    await ctx.close();
  }, 60_000);

  it('signs in, adds a site by its home page, crawls it and sees its articles and health', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    // Everything the console loads comes from the instance itself, and nothing breaks in the page's script or CSP.
    const elsewhere: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(inst.url!) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
    });
    await signIn(page, TOKEN);
    expect(await page.textContent('h1')).toBe('Overview');
    const [cookie] = await ctx.cookies();
    expect(cookie).toMatchObject({ name: 'feedmill_admin', httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(cookie!.value).not.toContain(TOKEN);

    await page.click('header >> text=Add source');
    await page.fill('#url', `${site.url}/`);
    await page.fill('#id', 'fixture');
    await page.click('#add-source button[type="submit"]');
    expect(await page.textContent('h1')).toBe('Source fixture');
    // Autodiscovery replaced the home page by the feed it announces.
    expect(await page.textContent('#health')).toContain(`${site.url}/feed.xml`);

    // Adding a source queues its first crawl.
    expect(await page.textContent('[role="status"]')).toContain('first crawl is queued');
    await reloadUntil(page, async () => (await page.locator('#articles li').count()) === 3, 'the first crawl\'s three articles');
    expect(await page.textContent('#article-count')).toBe('3');

    // The site publishes a fourth story; "Crawl now" fetches it without waiting for the schedule.
    site.feeds['/feed.xml'] = rss('Fixture News', site.url, makeItems(site.url, 4, 80, 'fixture'));
    await page.click('button:has-text("Crawl now")');
    expect(await page.textContent('[role="status"]')).toContain('Crawl queued');
    await reloadUntil(page, async () => (await page.locator('#articles li').count()) === 4, 'four articles after crawl now');
    const titles = await page.locator('#articles li a').allTextContents();
    expect(titles.sort()).toEqual([0, 1, 2, 3].map((i) => `fixture number ${i} headline`));
    expect(await page.locator('#articles li a').first().getAttribute('href')).toBe(`${site.url}/fixture/3`);
    expect(await page.textContent('#article-count')).toBe('4');
    expect(await page.locator('#last-success time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await page.locator('#health .status').first().textContent()).toBe('ok');
    // Fetch history: both fetches with their HTTP status, and a bar per fetch in the duration chart.
    await reloadUntil(page, async () => (await page.locator('#fetches tbody tr').count()) === 2, 'two fetches in the history');
    expect(await page.locator('#fetches tbody tr td:nth-child(2)').allTextContents()).toEqual(['200', '200']);
    expect(await page.locator('svg.bars rect').count()).toBe(2);

    await page.click('header >> text=Overview');
    const row = page.locator('#sources tr[data-source="fixture"]');
    expect(await row.locator('.status').textContent()).toBe('ok');
    expect(await row.locator('td.num').textContent()).toBe('4');
    expect(await row.locator('time').first().getAttribute('datetime')).toMatch(/^\d{4}-/);
    expect(await row.locator('svg.spark title').textContent()).toContain('total 4');
    expect(await page.locator('#queues tbody tr').count()).toBe(4);
    expect(await page.textContent('#feeds')).toContain('All news');

    // Bull Board, behind the same session, renders the instance's queues.
    await page.click('header >> text=Queues');
    await page.waitForSelector('text=fetch', { timeout: 15_000 });
    expect(await page.locator('body').textContent()).toContain('article');
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await ctx.close();
  }, 120_000);
});
