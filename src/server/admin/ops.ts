/** What the console reads and does, as one interface: routes call it, data.ts implements it on the stores and use cases. */
import type { AddForm } from './add-page.js';
import type { OverviewData, SourceData } from './model.js';

/** The console's reads and actions. Refusals throw an error with a stable `code` and an `httpStatus`. */
export interface ConsoleOps {
  overview(): Promise<OverviewData>;
  /** A source's page data, or undefined when there is no such source. */
  source(id: string): Promise<SourceData | undefined>;
  /** Adds a source from the form (autodiscovery when no type is given); returns its id. */
  add(form: AddForm): Promise<string>;
  crawl(id: string): Promise<void>;
  crawlAll(): Promise<number>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Queues a re-extraction of the source's stored articles; returns how many. */
  reextract(id: string): Promise<number>;
  remove(id: string, deleteArticles: boolean): Promise<void>;
  setCrawlingPaused(paused: boolean): Promise<void>;
}

/** A refusal the console shows to the operator as it is (its message is meant for them). */
export interface OperatorError {
  code: string;
  status: number;
  message: string;
}

/** The code, status and message of a refusal (SourceOpError's httpStatus, ApiError's status), or undefined for a fault. */
export function operatorError(err: unknown): OperatorError | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: unknown; httpStatus?: unknown; status?: unknown };
  const status = typeof e.httpStatus === 'number' ? e.httpStatus : typeof e.status === 'number' ? e.status : undefined;
  if (typeof e.code !== 'string' || status === undefined || status >= 500) return undefined;
  return { code: e.code, status, message: e.message };
}
