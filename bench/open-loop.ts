/**
 * Open-loop load generator (run as its own process by bench/load.ts): requests `url` at a fixed overall `rate`,
 * spread evenly over time across at most `connections` keep-alive connections, for `seconds`, and prints JSON
 * latency figures. Each latency is measured from the moment the request was *due*, not when a free connection
 * sent it, so a stalled server shows up in full (no coordinated omission, as wrk2 measures). A first second of the
 * same load warms up (connections opened, code compiled) and is not counted.
 * Usage: node --import tsx bench/open-loop.ts URL CONNECTIONS RATE SECONDS
 */
import { Pool } from 'undici';

/** Latency figures of one run, ms. */
export interface OpenLoopResult {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
}

/** The q-quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the load and returns its figures. */
export async function openLoop(url: string, connections: number, rate: number, seconds: number): Promise<OpenLoopResult> {
  const u = new URL(url);
  const pool = new Pool(u.origin, { connections, pipelining: 1 });
  const path = u.pathname + u.search;
  const latencies: number[] = [];
  let errors = 0;
  const inflight = new Set<Promise<void>>();
  const t0 = performance.now();
  const warm = Math.round(rate);
  const total = warm + Math.round(rate * seconds);
  let sent = 0;
  const fire = (due: number, counted: boolean) => {
    const p = pool
      .request({ path, method: 'GET' })
      .then(async (res) => {
        await res.body.dump();
        if (!counted) return;
        if (res.statusCode >= 400) errors++;
        else latencies.push(performance.now() - due);
      })
      .catch(() => {
        if (counted) errors++;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now goes out, each timed from its own due time.
      while (sent < total && t0 + (sent * 1000) / rate <= now) {
        fire(t0 + (sent * 1000) / rate, sent >= warm);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  await Promise.all(inflight);
  await pool.close();
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(quantile(latencies, 0.5)), p99: round(quantile(latencies, 0.99)), max: round(latencies.at(-1) ?? NaN), requests: latencies.length, errors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, connections, rate, seconds] = process.argv.slice(2);
  if (!url) throw new Error('usage: open-loop.ts URL CONNECTIONS RATE SECONDS');
  process.stdout.write(`${JSON.stringify(await openLoop(url, Number(connections ?? 200), Number(rate ?? 1000), Number(seconds ?? 5)))}\n`);
  process.exit(0);
}
