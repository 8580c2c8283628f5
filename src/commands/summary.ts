/** The per-source crawl summary and its plain-text table. */

/** What one source's crawl did. */
export interface SourceSummary {
  sourceId: string;
  status: string;
  items: number;
  new: number;
  updated: number;
  unchanged: number;
  duplicate: number;
  errors: number;
  errorCode?: string;
}

/** Renders summaries as an aligned table with a totals line. */
export function formatSummary(rows: readonly SourceSummary[]): string {
  const head = ['source', 'status', 'items', 'new', 'updated', 'unchanged', 'duplicate', 'errors'];
  const body = rows.map((r) => [
    r.sourceId,
    r.errorCode ? `${r.status} (${r.errorCode})` : r.status,
    String(r.items),
    String(r.new),
    String(r.updated),
    String(r.unchanged),
    String(r.duplicate),
    String(r.errors),
  ]);
  const total = (k: 'items' | 'new' | 'updated' | 'unchanged' | 'duplicate' | 'errors') => String(rows.reduce((n, r) => n + r[k], 0));
  body.push(['total', '', total('items'), total('new'), total('updated'), total('unchanged'), total('duplicate'), total('errors')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}
