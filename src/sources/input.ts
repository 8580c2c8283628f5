/** Validation of sources added or changed at run time: the same rules as sources.yaml (its zod schema), one error naming the fields. */
import type { z } from 'zod';
import { sourceSchema } from '../config/schema.js';
import { MIN_SOURCE_INTERVAL_MS, toSource, type SourceEntry } from '../config/source-entry.js';
import type { Source, SourceType } from '../model/source.js';
import { SourceOpError } from './errors.js';

/** What an operator gives to add a source (sources.yaml entry fields; `id` derived from the URL's host when omitted). */
export interface SourceInput {
  id?: string;
  url: string;
  type?: SourceType;
  /** A duration ("15m", "2h") or seconds; omitted: adaptive. */
  interval?: string | number;
  fullText?: boolean;
  rules?: string;
  categories?: string[];
  /** Extra request headers (cookies, API keys); stored, never shown. */
  headers?: Record<string, string>;
  maxBytes?: string | number;
}

/** Fields of a source to change; null clears an optional one (interval: back to adaptive). */
export type SourcePatch = { [K in Exclude<keyof SourceInput, 'id'>]?: SourceInput[K] | null };

const addSchema = sourceSchema.partial({ id: true });

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** An id from a URL's host: "https://www.Example.com/feed" → "example-com" (the caller makes it unique). */
export function deriveId(url: string): string {
  let host = 'source';
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    // Validation reports the bad URL; the fallback id is never stored.
  }
  const id = host.replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 60);
  return id || 'source';
}

/** Validates an add request; returns the entry (id possibly absent) or throws BAD_REQUEST naming the fields. */
export function parseAddInput(input: unknown): Omit<SourceEntry, 'id'> & { id?: string } {
  const res = addSchema.safeParse(input ?? {});
  if (!res.success) throw new SourceOpError('BAD_REQUEST', formatIssues(res.error));
  return res.data;
}

/** A validated entry with its id → Source, checking the interval floor sources.yaml has. */
export function sourceFromEntry(entry: SourceEntry, defaultIntervalMs: number): Source {
  const source = toSource(entry, defaultIntervalMs);
  if (!source.adaptive && source.intervalMs < MIN_SOURCE_INTERVAL_MS) throw new SourceOpError('BAD_REQUEST', 'interval: at least 30s');
  return source;
}

/** The sources.yaml entry that describes `source` (so a patch is validated as a whole entry). */
export function entryOf(source: Source): Record<string, unknown> {
  return {
    id: source.id,
    url: source.url,
    type: source.type,
    ...(source.adaptive ? {} : { interval: `${source.intervalMs}ms` }),
    fullText: source.fullText,
    ...(source.rules !== undefined ? { rules: source.rules } : {}),
    categories: source.categories,
    headers: source.headers,
    ...(source.maxBytes !== undefined ? { maxBytes: source.maxBytes } : {}),
  };
}

/** `source` with `patch` applied, validated as a whole sources.yaml entry; throws BAD_REQUEST naming the fields. */
export function applyPatch(source: Source, patch: unknown, defaultIntervalMs: number): Source {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new SourceOpError('BAD_REQUEST', '(body): must be an object');
  const entry = entryOf(source);
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'id' && v !== source.id) throw new SourceOpError('BAD_REQUEST', 'id: cannot be changed (remove and add the source)');
    if (v === null) delete entry[k];
    else entry[k] = v;
  }
  // A listing page forces fullText on; a type change back to feed must not inherit that.
  if ('type' in patch && !('fullText' in patch) && entry.type === 'feed' && source.type !== 'feed') entry.fullText = false;
  const res = sourceSchema.safeParse(entry);
  if (!res.success) throw new SourceOpError('BAD_REQUEST', formatIssues(res.error));
  return sourceFromEntry(res.data, defaultIntervalMs);
}
