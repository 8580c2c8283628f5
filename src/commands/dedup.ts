/** `feedmill dedup reindex`: re-index every stored article for near-duplicate lookups and the cluster member index. */
import { reindexDedup, type ReindexResult } from '../pipeline/reindex.js';
import { openContext, type GlobalOptions } from './context.js';

/** Options of `dedup`. */
export interface DedupCommandOptions extends GlobalOptions {
  json?: boolean;
}

/** One line of counts, as the command prints it. */
export function formatReindex(r: ReindexResult): string {
  return `dedup reindex: ${r.articles} articles, ${r.indexed} in the near-duplicate index, ${r.clustered} in another article's cluster\n`;
}

/** Runs a re-index and resolves with its counts. */
export async function dedupReindex(opts: GlobalOptions): Promise<ReindexResult> {
  const ctx = await openContext(opts);
  try {
    return await reindexDedup(ctx.rt.deps);
  } finally {
    await ctx.life.shutdown('dedup reindex done');
  }
}

/** The `dedup reindex` command. */
export async function dedupReindexCommand(opts: DedupCommandOptions): Promise<void> {
  const res = await dedupReindex(opts);
  process.stdout.write(opts.json ? `${JSON.stringify(res)}\n` : formatReindex(res));
}
