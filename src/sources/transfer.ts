/** OPML import and export of the registry's sources (the file format is in opml.ts). */
import { addSource, type ManageDeps } from './manage.js';
import { SourceOpError } from './errors.js';
import { parseSourcesOpml, renderSourcesOpml, type OpmlSource } from './opml.js';

/** One OPML entry not added, and why. */
export interface SkippedEntry {
  url: string;
  id?: string;
  code: string;
  reason: string;
}

/** What an import did: ids added, entries skipped (duplicates, invalid options). */
export interface ImportResult {
  added: string[];
  skipped: SkippedEntry[];
}

/** Every source as OPML 2.0 with our options (headers are never exported). */
export async function exportOpml(deps: Pick<ManageDeps, 'registry' | 'now'>): Promise<string> {
  return renderSourcesOpml(await deps.registry.list(), deps.now());
}

function addInput(e: OpmlSource): Record<string, unknown> {
  return {
    url: e.url,
    type: e.type ?? 'feed',
    ...(e.id !== undefined ? { id: e.id } : {}),
    ...(e.interval !== undefined ? { interval: e.interval } : {}),
    ...(e.fullText !== undefined ? { fullText: e.fullText } : {}),
    ...(e.rules !== undefined ? { rules: e.rules } : {}),
    categories: e.categories,
  };
}

/** Adds every source an OPML document lists as a runtime source (no autodiscovery: OPML lists feeds); existing ids and URLs are skipped. */
export async function importOpml(deps: ManageDeps, text: string): Promise<ImportResult> {
  let entries: OpmlSource[];
  try {
    entries = parseSourcesOpml(text);
  } catch (err) {
    throw new SourceOpError('BAD_REQUEST', `(body): ${(err as Error).message}`);
  }
  const result: ImportResult = { added: [], skipped: [] };
  for (const e of entries) {
    try {
      result.added.push((await addSource(deps, addInput(e), { discover: false })).id);
    } catch (err) {
      if (!(err instanceof SourceOpError)) throw err;
      result.skipped.push({ url: e.url, ...(e.id !== undefined ? { id: e.id } : {}), code: err.code, reason: err.message });
    }
  }
  return result;
}
