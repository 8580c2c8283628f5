/**
 * Post-commit reconciliation of near-duplicate clusters: the outcome is the same as if racing jobs had run one after
 * another in commit order. Two jobs carrying the same story can each read the LSH index before the other commits, and
 * each make its article the head of a new cluster. Every index write is numbered in commit order (dedup/lsh-seq.ts),
 * so of two such articles the later committer sees the earlier one's entries and record once it has committed: for
 * each article of its batch that became a head with no match, it looks again at the candidates committed between its
 * index read and its commit, compares bodies exactly as the decision did, and joins the cluster of the matching
 * candidate committed first — only while the article is still alone in its own cluster (store/clusters.ts).
 */
import { SHINGLE_SIZE, comparePrepared, prepareBody, type CommitWindow, type PreparedBody } from '../dedup/index.js';
import type { TokenizedText } from '../dedup/simhash.js';
import type { Article } from '../model/article.js';
import type { PipelineDeps } from './deps.js';

/** Candidates per head compared at most (as the decision's MAX_CANDIDATES). */
const MAX_CANDIDATES = 20;

/** An article a batch stored as the head of a new cluster because nothing matched it. */
export interface FreshHead {
  article: Article;
  /** The text's tokens the decision used (its shingles are made of them). */
  tokens: TokenizedText;
  /** Its body and window fingerprints, as looked up. */
  fps: string[];
}

/** A head moved into an earlier article's cluster. */
export interface Rejoined {
  moved: Article;
  /** The candidate it matched (as stored when the move was made). */
  target: Article;
}

/** Moves each fresh head that an article committed inside `window` matches into that article's cluster; returns the moves by head id. */
export async function reconcileHeads(heads: readonly FreshHead[], window: CommitWindow | undefined, deps: PipelineDeps): Promise<Map<string, Rejoined>> {
  const out = new Map<string, Rejoined>();
  // Nobody committed between this batch's index read and its commit: the decision saw everything before it.
  if (heads.length === 0 || !window || window.before <= window.readSeq) return out;
  const { found, complete } = await deps.nearDup.committedIn(
    heads.map((h) => h.fps),
    window,
    MAX_CANDIDATES,
  );
  if (!complete) deps.log.warn({ readSeq: window.readSeq, before: window.before }, 'dedup: commit log trimmed inside a batch window; racing copies may stay apart');
  const ids = [...new Set(found.flat().map((c) => c.id))];
  if (ids.length === 0) return out;
  const stored = await deps.articles.getEach(ids);
  const byId = new Map(ids.map((id, i) => [id, stored[i]]));
  for (const [i, head] of heads.entries()) {
    const candidates = (found[i] ?? []).map((c) => byId.get(c.id)).filter((a): a is Article => a !== undefined && a.id !== head.article.id);
    if (candidates.length === 0) continue;
    const mine = prepareBody({ title: head.article.title, text: head.article.contentText ?? '' }, SHINGLE_SIZE, head.tokens);
    // Smallest commit number first: the copy that would have been found had the jobs run one after another.
    const match = candidates.find((c) => matches(mine, c));
    if (!match) continue;
    const res = await deps.articles.joinCluster(head.article.id, match.id, (t) => matches(mine, t));
    if (res) out.set(head.article.id, res);
  }
  return out;
}

/** The decision of the article stage (same thresholds, title and length checks). */
function matches(mine: PreparedBody, c: Article): boolean {
  return comparePrepared(mine, prepareBody({ title: c.title, text: c.contentText ?? '' })).duplicate;
}
