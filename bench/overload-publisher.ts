/**
 * The overload bench's stand-in for 2,000 news sites: a loopback HTTP server of small generated RSS feeds
 * (`/o/N.xml`), run as its own process at the lowest CPU priority (nice 19, every thread), so the sites' work — on
 * the internet, someone else's CPU — takes as little as possible from the server being measured on the shared cores.
 * Run by bench/overload.ts through startPublisher(); prints its base URL on stdout.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { lowerHelperThreads, lowerThisThread } from '../workers/priority.js';

/** Items per generated feed. */
export const ITEMS = 5;

/** Feed N: ITEMS items of ~1.4 KB each. */
function feedXml(s: number, base: string): string {
  const items = Array.from({ length: ITEMS }, (_, i) =>
    `<item><title>Outlet ${s} story ${i}</title><link>${base}/o/${s}/${i}</link><guid>o${s}-${i}</guid>` +
    `<description>Outlet ${s} reports item ${i}: ${'council transit budget harbor storm '.repeat(40)}${s * 31 + i}</description></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet ${s}</title><link>${base}/</link><description>d</description>${items}</channel></rss>`;
}

/** Starts the publisher process; resolves with its base URL and a stop function. */
export async function startPublisher(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res);
    child.once('exit', (code) => rej(new Error(`publisher exited (${code})`)));
  });
  return {
    url: line.trim(),
    stop: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  lowerThisThread(19);
  lowerHelperThreads(19);
  const server = http.createServer((req, res) => {
    const m = /^\/o\/(\d+)\.xml$/.exec(req.url ?? '');
    if (!m) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/rss+xml');
    res.end(feedXml(Number(m[1]), base));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(`${base}\n`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
