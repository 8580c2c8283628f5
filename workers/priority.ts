/**
 * CPU priority of pipeline work (Linux): on Linux every thread is a task with its own id and its own nice value,
 * so the pipeline's threads can yield to the thread that answers HTTP without renicing the whole process.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** Renices the calling thread only (a pipeline worker thread); false where that is not possible. */
export function lowerThisThread(nice: number): boolean {
  if (nice === 0 || process.platform !== 'linux') return false;
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (!Number.isInteger(tid) || tid <= 0) return false;
  setPriority(tid, nice);
  return true;
}

/**
 * Renices every thread of this process but the main one: V8's shared platform threads (which run the worker
 * threads' garbage collection and compilation, a large part of their CPU), libuv's and Node's own. The main thread
 * — the HTTP server's event loop — keeps its priority and does its own collection work when they are busy.
 * Returns how many threads were reniced.
 */
export function lowerHelperThreads(nice: number): number {
  if (nice === 0 || process.platform !== 'linux') return 0;
  let n = 0;
  for (const entry of readdirSync('/proc/self/task')) {
    const tid = Number(entry);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      setPriority(tid, nice);
      n++;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return n;
}

/**
 * Makes every isolate of this process scavenge its young generation on its own thread. Once the shared helper
 * threads are reniced, a parallel scavenge of the HTTP thread waits for helper tasks that queue behind the pipeline
 * threads' work: a 0.7 ms scavenge took 2–11 ms under crawl load. Alone, the HTTP thread's scavenge stays short, and
 * each pipeline thread's scavenge runs on that (reniced) thread. The flag is read at every scavenge.
 */
export function scavengeOnOwnThread(): void {
  setFlagsFromString('--no-parallel-scavenge');
}
