/** Runs the feedmill CLI from source in a child process, as a user would run the built one. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** A running CLI process with its output so far. */
export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when stdout+stderr match `re`; rejects on exit or timeout. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The tsx loader by absolute URL, so the CLI can run from any working directory. */
const TSX = import.meta.resolve('tsx');

/** Spawns `node --import tsx src/cli.ts …args` with `env` added to the test's environment. */
export function spawnCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): CliProcess {
  const child = spawn(process.execPath, ['--import', TSX, resolve(ROOT, 'src/cli.ts'), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (re, timeoutMs = 30_000) =>
      new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output:\n${out}`)), timeoutMs);
        const check = () => {
          if (re.test(out)) {
            clearTimeout(timer);
            resolveWait();
          }
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        void exited.then((code) => {
          clearTimeout(timer);
          if (!re.test(out)) reject(new Error(`process exited (${code}) before ${re}; output:\n${out}`));
        });
        check();
      }),
  };
}
