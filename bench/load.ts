/**
 * Load generators shared by the benches, each in its own process so its CPU is not the server's event loop:
 * closed loop (N connections as fast as the server answers) with wrk when installed (C, light on the shared cores),
 * else autocannon; open loop (a fixed request rate, latency from each request's due time) with bench/open-loop.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { OpenLoopResult } from './open-loop.js';

const ROOT = resolve(import.meta.dirname, '..');

/** One closed-loop run's figures. */
export interface ClosedLoopResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses with a status outside 2xx/3xx. */
  non2xx3xx: number;
  /** Statuses that were 2xx (autocannon only; wrk counts 2xx and 3xx together). */
  ok2xx?: number;
  /** Connection errors and timeouts. */
  errors: number;
}

/** wrk on PATH (and not overridden by BENCH_LOAD=autocannon). */
export function wrkAvailable(): boolean {
  if (process.env.BENCH_LOAD === 'autocannon') return false;
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** The closed-loop tool in use, for the printed header. */
export function closedLoopTool(): string {
  return wrkAvailable() ? 'wrk -t1' : 'autocannon';
}

/** Runs a command and collects stdout and stderr. */
export function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', rej);
    child.on('exit', () => res(out));
  });
}

function ms(value: string, unit: string): number {
  return Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
}

/** `connections` connections requesting `url` as fast as it answers, for `seconds`. */
export async function closedLoop(url: string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<ClosedLoopResult> {
  const headers = opts.headers ?? {};
  if (wrkAvailable()) {
    const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const out = await run('wrk', ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--latency', ...h, url]);
    const pct = (p: string) => {
      const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
      return m ? ms(m[1]!, m[2]!) : NaN;
    };
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
      p50Ms: pct('50'),
      p99Ms: pct('99'),
      requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
      non2xx3xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
      errors: [...out.matchAll(/(connect|read|write|timeout) (\d+)/g)].reduce((n, m) => n + Number(m[2]), 0),
    };
  }
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const out = await run(process.execPath, [join(ROOT, 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(opts.connections), '-d', String(opts.seconds), ...h, url]);
  const json = JSON.parse(out.slice(out.indexOf('{'))) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    '2xx': number;
    non2xx: number;
    '3xx'?: number;
  };
  return {
    rps: json.requests.average,
    p50Ms: json.latency.p50,
    p99Ms: json.latency.p99,
    requests: json.requests.total,
    non2xx3xx: json.non2xx - (json['3xx'] ?? 0),
    ok2xx: json['2xx'],
    errors: json.errors + json.timeouts,
  };
}

/** `rate` requests/s in all over at most `connections` connections for `seconds` (bench/open-loop.ts). */
export async function openLoop(url: string, opts: { connections: number; rate: number; seconds: number }): Promise<OpenLoopResult> {
  const out = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/open-loop.ts'), url, String(opts.connections), String(opts.rate), String(opts.seconds)]);
  try {
    return JSON.parse(out.trim().split('\n').pop() ?? '') as OpenLoopResult;
  } catch {
    throw new Error(`open-loop load generator failed: ${out.slice(0, 500)}`);
  }
}
