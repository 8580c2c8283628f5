/** `feedmill retention --once`: one bounded retention pass with the configured limits; prints what it did. */
import { FeedmillError } from '../model/errors.js';
import { runRetention } from '../pipeline/maintain.js';
import type { RetentionResult } from '../store/retention.js';
import { openContext, type GlobalOptions } from './context.js';

/** Options of `retention`. */
export interface RetentionCommandOptions extends GlobalOptions {
  once?: boolean;
  json?: boolean;
}

/** One line of counts, as the command prints it. */
export function formatRetention(r: RetentionResult): string {
  return `retention: deleted ${r.deleted} articles, tombstoned ${r.tombstoned}, remaining ${r.remaining}, tombstones pruned ${r.tombstonesPruned}\n`;
}

/** Runs one pass and resolves with its counts (the command prints them). */
export async function retentionOnce(opts: GlobalOptions): Promise<RetentionResult> {
  const ctx = await openContext(opts);
  try {
    return await runRetention(ctx.rt.deps);
  } finally {
    await ctx.life.shutdown('retention done');
  }
}

/** The `retention` command. */
export async function retentionCommand(opts: RetentionCommandOptions): Promise<void> {
  if (!opts.once) throw new FeedmillError('config', 'CONFIG', 'only `retention --once` is available: `feedmill start` runs retention every `retention.every`');
  const res = await retentionOnce(opts);
  process.stdout.write(opts.json ? `${JSON.stringify(res)}\n` : formatRetention(res));
}
