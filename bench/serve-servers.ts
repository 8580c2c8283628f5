/**
 * The two servers of the serving benchmark, each started as an operator would run it: `feedmill serve`
 * (from source, `--workers N` for node:cluster) and nginx (Debian package) serving the same bytes as static
 * files. CPU time is read from /proc for each server's whole process tree (primary/master included).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => res(port));
    });
  });
}

/** A server under load: its URL, the CPU time of its whole process tree (µs), and how to stop it. */
export interface Served {
  url: string;
  cpu: () => number;
  stop: () => Promise<void>;
}

/** CPU time (µs) of `pid` and its children, from /proc (clock ticks of 10 ms). */
function treeCpu(pid: number): number {
  let total = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) total += treeCpu(Number(child));
  } catch {
    // A process that just exited has no CPU left to count.
  }
  return total;
}

async function waitUntilServing(url: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(url, { method: 'HEAD' })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer in 20 s`);
}

function stopChild(child: ReturnType<typeof spawn>, signal: NodeJS.Signals): Promise<void> {
  return new Promise<void>((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill(signal);
  });
}

/** Starts `feedmill serve` (with `--workers N` above 1) from source on `port`, as an operator would run it. */
export async function startFeedmill(dir: string, env: Record<string, string>, port: number, workers: number): Promise<Served> {
  // BENCH_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...extra, '--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'serve', '--config', dir, ...(workers > 1 ? ['--workers', String(workers)] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/feeds/all.rss`);
  // Every worker must be up before loading (the first answer may come from the first one only).
  for (let i = 0; i < 200 && workers > 1; i++) {
    const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (kids.length >= workers) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 1500));
  return { url, cpu: () => treeCpu(child.pid!), stop: () => stopChild(child, 'SIGTERM') };
}

/** Starts nginx serving `dir` on a free port with `workers` worker processes; a note when nginx is missing. */
export async function startNginx(dir: string, workers: number): Promise<Served | string> {
  if (spawnSync('nginx', ['-v']).error !== undefined) return 'nginx not installed (apt-get install -y nginx): skipped';
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = join(dir, 'nginx.conf');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(
    conf,
    `worker_processes ${workers};\ndaemon off;\nuser root;\nerror_log ${dir}/error.log;\npid ${dir}/nginx.pid;\n` +
      'events { worker_connections 4096; }\n' +
      `http {\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  etag on;\n  keepalive_requests 10000000;\n  keepalive_timeout 120s;\n` +
      `  client_body_temp_path ${tmp}/b; proxy_temp_path ${tmp}/p; fastcgi_temp_path ${tmp}/f; uwsgi_temp_path ${tmp}/u; scgi_temp_path ${tmp}/s;\n` +
      '  types { application/rss+xml rss; }\n' +
      `  server {\n    listen 127.0.0.1:${port};\n    root ${dir}/www;\n    gzip_static on;\n` +
      '    location / { add_header Cache-Control "public, max-age=300"; add_header Vary "Accept-Encoding"; }\n  }\n}\n',
  );
  const child = spawn('nginx', ['-c', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/feeds/all.rss`);
  // The master only supervises; its workers do the serving: the tree's CPU time counts both.
  return { url, cpu: () => treeCpu(child.pid!), stop: () => stopChild(child, 'SIGQUIT') };
}

