/** CPU priority of pipeline work: helper threads and worker threads yield to the HTTP (main) thread. */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Runs `code` in a fresh Node process (renicing is one-way without privileges: never in the test runner itself). */
function inChild(code: string): { main: number; others: number[]; reniced: number } {
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as { main: number; others: number[]; reniced: number };
}

const READ_NICE = `
import { readdirSync, readFileSync } from 'node:fs';
const nice = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
const tids = readdirSync('/proc/self/task').map(Number);
const report = (reniced) => JSON.stringify({ main: nice(process.pid), others: tids.filter((t) => t !== process.pid).map(nice), reniced });
`;

describe.runIf(process.platform === 'linux')('thread priority (Linux)', () => {
  it('lowerHelperThreads renices every thread but the main one', () => {
    const r = inChild(`${READ_NICE}
import { lowerHelperThreads } from './workers/priority.ts';
const n = lowerHelperThreads(7);
console.log(report(n));`);
    expect(r.main).toBe(0);
    expect(r.others.length).toBeGreaterThan(0);
    expect(r.others.every((n) => n === 7)).toBe(true);
    expect(r.reniced).toBe(r.others.length);
  });

  it('lowerThisThread renices the calling thread only; nice 0 changes nothing', () => {
    const r = inChild(`${READ_NICE}
import { lowerThisThread } from './workers/priority.ts';
const zero = lowerThisThread(0);
const done = lowerThisThread(5);
console.log(report(zero ? -1 : done ? 1 : 0));`);
    expect(r.reniced).toBe(1);
    expect(r.main).toBe(5);
    expect(r.others.every((n) => n === 0)).toBe(true);
  });

  // With one core V8 scavenges on the main thread anyway: the control below would have nothing to show.
  it.runIf(availableParallelism() > 1)('scavengeOnOwnThread stops helper threads from taking part in scavenges', () => {
    /** Background (helper thread) scavenge time of every scavenge in a child that allocates garbage. */
    const background = (before: string) => {
      const code = `${before}
let keep = [];
for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 2e5) keep = []; }`;
      const out = spawnSync(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      return [...out.stdout.matchAll(/gc=s .*?background\.scavenge\.parallel=([\d.]+)/g)].map((m) => Number(m[1]));
    };
    const parallel = background('');
    const alone = background(`import { scavengeOnOwnThread } from './workers/priority.ts';\nscavengeOnOwnThread();`);
    // The control shows the trace reports helper work at all (so the check below can fail).
    expect(parallel.some((ms) => ms > 0)).toBe(true);
    expect(alone.length).toBeGreaterThan(3);
    // Scavenges during tsx's own start-up may come before the call: the last ones must be helper-free.
    expect(alone.slice(-3).every((ms) => ms === 0)).toBe(true);
  });
});
