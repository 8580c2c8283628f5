/**
 * Live crawl progress: a redrawn bar on a terminal (sources done/total, articles new/updated, errors, elapsed),
 * and one plain line per finished source when the output is a pipe or a file (logs, CI), then a closing line.
 */
import type { SourceSummary } from './summary.js';

/** Where progress goes: a stream, a TTY when `isTTY` is true. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Running totals of a crawl. */
export interface CrawlTotals {
  sources: number;
  done: number;
  new: number;
  updated: number;
  duplicate: number;
  errors: number;
}

/** Bar width in cells. */
const BAR = 24;
/** Fewest milliseconds between two redraws of the bar (events can come by the thousand). */
const REDRAW_MS = 100;

function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The bar line of a TTY: `crawl ███░░ 3/10 sources · 12 new · 2 updated · 1 error · 4.2s`. */
export function barLine(t: CrawlTotals, elapsedMs: number): string {
  const filled = t.sources > 0 ? Math.round((t.done / t.sources) * BAR) : BAR;
  const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
  return `crawl ${bar} ${t.done}/${t.sources} sources · ${t.new + t.duplicate} new · ${t.updated} updated · ${plural(t.errors, 'error')} · ${seconds(elapsedMs)}`;
}

/** The plain line of one finished source: `crawl: 3/10 daily ok, 4 items, 4 new, 0 updated, 0 duplicate, 0 errors (1.2s)`. */
export function sourceLine(t: CrawlTotals, s: SourceSummary, elapsedMs: number): string {
  const status = s.errorCode ? `${s.status} ${s.errorCode}` : s.status;
  return `crawl: ${t.done}/${t.sources} ${s.sourceId} ${status}, ${plural(s.items, 'item')}, ${s.new} new, ${s.updated} updated, ${s.duplicate} duplicate, ${plural(s.errors, 'error')} (${seconds(elapsedMs)})`;
}

/** The closing plain line. */
export function doneLine(t: CrawlTotals, elapsedMs: number): string {
  return `crawl: done, ${t.done}/${t.sources} sources, ${t.new + t.duplicate} new (${t.duplicate} duplicate), ${t.updated} updated, ${plural(t.errors, 'error')} in ${seconds(elapsedMs)}`;
}

/** Receives a crawl's job events and shows them. */
export class CrawlProgress {
  readonly totals: CrawlTotals;
  private readonly startedAt: number;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: ProgressStream,
    sources: number,
    private readonly now: () => number = Date.now,
  ) {
    this.totals = { sources, done: 0, new: 0, updated: 0, duplicate: 0, errors: 0 };
    this.startedAt = now();
    if (out.isTTY) {
      this.draw();
      // Keeps the elapsed time moving while nothing finishes; never holds the process open.
      this.timer = setInterval(() => this.draw(), 500).unref();
    }
  }

  /** An article job finished: its items' outcomes (`new`, `updated`, `unchanged`, `duplicate`, or `error`). */
  articles(outcomes: readonly string[]): void {
    for (const o of outcomes) {
      if (o === 'new' || o === 'updated' || o === 'duplicate') this.totals[o] += 1;
      else if (o !== 'unchanged') this.totals.errors += 1;
    }
    this.maybeDraw();
  }

  /** A source is done (its fetch and every article job it enqueued). */
  source(s: SourceSummary): void {
    this.totals.done += 1;
    // Article errors were counted as their jobs finished; a fetch error is counted here.
    if (s.errorCode) this.totals.errors += 1;
    if (this.out.isTTY) this.maybeDraw();
    else this.out.write(`${sourceLine(this.totals, s, this.now() - this.startedAt)}\n`);
  }

  /** Ends the display: the final bar on a TTY, a closing line otherwise. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.out.isTTY) {
      this.draw();
      this.out.write('\n');
    } else {
      this.out.write(`${doneLine(this.totals, this.now() - this.startedAt)}\n`);
    }
  }

  private maybeDraw(): void {
    if (this.out.isTTY && this.now() - this.lastDraw >= REDRAW_MS) this.draw();
  }

  private draw(): void {
    this.lastDraw = this.now();
    const line = barLine(this.totals, this.lastDraw - this.startedAt);
    const width = this.out.columns ?? 0;
    // Carriage return and erase-line: the bar is redrawn in place, cut to the terminal's width.
    this.out.write(`\r\x1b[2K${width > 0 ? line.slice(0, width - 1) : line}`);
  }
}
