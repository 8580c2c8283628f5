/** One shutdown path (DESIGN convention 7): SIGTERM/SIGINT → stop taking jobs → finish in-flight → close queues → Redis, with a deadline. */
import type { Logger } from 'pino';

/** Something to close on shutdown, in the order registered reversed (last opened, first closed). */
export type Closer = { name: string; close: () => Promise<void> };

/** Ordered shutdown with a deadline; signal handlers call it once. */
export class Lifecycle {
  private readonly closers: Closer[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly deadlineMs: number,
  ) {}

  /** Registers something to close; closed in reverse order of registration. */
  add(name: string, close: () => Promise<void>): void {
    this.closers.push({ name, close });
  }

  /** Closes everything once; resolves when done or when the deadline passes. */
  shutdown(reason: string): Promise<void> {
    this.stopping ??= this.run(reason);
    return this.stopping;
  }

  /** Makes SIGTERM and SIGINT shut down and exit (0 when clean, 1 when the deadline passed). */
  handleSignals(): void {
    const onSignal = (sig: NodeJS.Signals) => {
      this.log.info({ signal: sig }, 'shutting down');
      void this.shutdown(sig).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  private async run(reason: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`shutdown deadline of ${this.deadlineMs} ms passed`)), this.deadlineMs);
      timer.unref();
    });
    const work = (async () => {
      for (const c of [...this.closers].reverse()) {
        try {
          await c.close();
        } catch (err) {
          this.log.warn({ err: err instanceof Error ? err.message : String(err), part: c.name }, 'error while closing');
        }
      }
    })();
    try {
      await Promise.race([work, deadline]);
      this.log.info({ reason }, 'stopped');
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'shutdown incomplete');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
