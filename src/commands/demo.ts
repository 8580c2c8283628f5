/** `feedmill demo` / `npm run demo`: serve the bundled offline news site, crawl it, then serve the outbound feeds. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { startDemoSite, DEMO_ROOT } from '../../demo/site.js';
import { crawlOnce } from './crawl.js';
import { formatSummary } from './summary.js';
import { startCommand } from './serve.js';

/** Options of `demo`. */
export interface DemoOptions {
  port?: number;
  once?: boolean;
}

/** Writes the demo config (templates in demo/config, `{{SITE}}` → the demo site's URL) into ./data/demo/config. */
export function writeDemoConfig(siteUrl: string, port: number, outDir = resolve('data/demo/config')): string {
  mkdirSync(outDir, { recursive: true });
  const templates = join(DEMO_ROOT, '..', 'config');
  const sitePort = new URL(siteUrl).port;
  for (const name of readdirSync(templates).filter((n) => n.endsWith('.yaml'))) {
    const text = readFileSync(join(templates, name), 'utf8')
      .replaceAll('{{SITE}}', siteUrl)
      .replaceAll('{{SITE_PORT}}', sitePort)
      .replaceAll('{{PORT}}', String(port));
    writeFileSync(join(outDir, name), text);
  }
  return outDir;
}

/** Runs the demo: crawl once (printing the summary), then keep serving (unless --once). */
export async function demoCommand(opts: DemoOptions): Promise<void> {
  const port = opts.port ?? 8080;
  // A stable port keeps the demo's URLs stable between runs (a re-run is then a 304, not a re-crawl); any free one otherwise.
  const site = await startDemoSite({ port: port + 1 }).catch(() => startDemoSite({ port: 0 }));
  process.env.FEEDMILL_REDIS_PREFIX ||= 'feedmill-demo';
  process.env.PORT = String(port);
  process.env.LOG_LEVEL ||= 'warn';
  // The operator console and API need a token: a fresh one per demo run unless the operator set theirs.
  const generated = !process.env.FEEDMILL_ADMIN_TOKEN && !process.env.FEEDMILL_ADMIN_TOKEN_FILE;
  if (generated) process.env.FEEDMILL_ADMIN_TOKEN = randomBytes(12).toString('base64url');
  const dir = writeDemoConfig(site.url, port);
  process.stdout.write(`demo news site: ${site.url}/\nconfig written to ${dir}\n\n`);
  const summary = await crawlOnce([], { config: dir });
  process.stdout.write(formatSummary(summary));
  const base = `http://localhost:${port}`;
  const urls = loadConfig(dir)
    .feeds.map((f) => f.id)
    .flatMap((id) => ['rss', 'atom', 'json'].map((f) => `  ${base}/feeds/${id}.${f}`))
    .join('\n');
  if (opts.once) {
    await site.close();
    process.stdout.write(`\nfeeds rendered (run without --once to serve them):\n${urls}\n`);
    return;
  }
  await startCommand({ config: dir });
  const token = generated ? ` — sign in with the token ${process.env.FEEDMILL_ADMIN_TOKEN ?? ''}` : ' (sign in with FEEDMILL_ADMIN_TOKEN)';
  process.stdout.write(`\nfeedmill is serving:\n  ${base}/  (feed list)\n${urls}\n  ${base}/admin  (operator console${token})\n\nCtrl-C stops it.\n`);
  process.once('exit', () => void site.close());
}
