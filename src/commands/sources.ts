/**
 * `feedmill sources …`: source management from the command line, on the instance's Redis (a running instance picks
 * every change up at its next job; no restart):
 *   list | show ID | add URL | update ID | pause ID | resume ID | remove ID | reextract ID | discover URL | import FILE | export [FILE]
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatDuration } from '../schedule/index.js';
import { sourceView, sourceViews, type SourceView } from '../server/source-view.js';
import { SourceOpError } from '../sources/errors.js';
import {
  addSource,
  discoverSource,
  pauseSource,
  reextractSource,
  removeSource,
  resumeSource,
  updateSource,
  type ManageDeps,
} from '../sources/manage.js';
import { exportOpml, importOpml } from '../sources/transfer.js';
import { openContext, type GlobalOptions } from './context.js';

/** Flags of `sources add` / `sources update` (commander's camelCase names). */
export interface SourceFlags {
  id?: string;
  url?: string;
  type?: string;
  interval?: string;
  fullText?: boolean;
  rules?: string;
  category?: string[];
}

type Opts = GlobalOptions & { json?: boolean };

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};

/** The add/update input the flags describe (only the flags given). */
export function inputFromFlags(flags: SourceFlags): Record<string, unknown> {
  return {
    ...(flags.id !== undefined ? { id: flags.id } : {}),
    ...(flags.url !== undefined ? { url: flags.url } : {}),
    ...(flags.type !== undefined ? { type: flags.type } : {}),
    ...(flags.interval !== undefined ? { interval: flags.interval === 'adaptive' ? null : flags.interval } : {}),
    ...(flags.fullText !== undefined ? { fullText: flags.fullText } : {}),
    ...(flags.rules !== undefined ? { rules: flags.rules === '' ? null : flags.rules } : {}),
    ...(flags.category !== undefined ? { categories: flags.category } : {}),
  };
}

/** One line per source: id, origin, state, type, interval, articles, URL. */
export function formatSourceList(views: readonly SourceView[]): string {
  const head = ['id', 'origin', 'status', 'type', 'interval', 'articles', 'url'];
  const rows = views.map((v) => [
    v.id,
    v.origin,
    v.paused ? `paused (${v.status})` : v.status,
    v.fullText && v.type === 'feed' ? 'feed+full' : v.type,
    `${formatDuration(v.intervalSeconds * 1000)}${v.adaptive ? ' adaptive' : ''}`,
    String(v.articles),
    v.url,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Opens the instance (no workers), runs `fn` with the manage deps, closes; refusals print one line and exit 1. */
async function withManage(opts: GlobalOptions, fn: (deps: ManageDeps) => Promise<void>): Promise<void> {
  const ctx = await openContext(opts);
  try {
    await fn(ctx.rt.serverDeps);
  } catch (err) {
    if (!(err instanceof SourceOpError)) throw err;
    process.stderr.write(`feedmill: ${err.message} [${err.code}]\n`);
    process.exitCode = 1;
  } finally {
    await ctx.life.shutdown('sources command done');
  }
}

async function printView(deps: ManageDeps, id: string, json: boolean | undefined, what: string): Promise<void> {
  const v = await sourceView({ ...deps }, id);
  if (json) return out(JSON.stringify(v, null, 2));
  out(`${what} ${id}${v ? `: ${v.type} ${v.url}${v.paused ? ' (paused)' : ''}` : ''}`);
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function sourceOptions(cmd: Command): Command {
  return cmd
    .option('--type <type>', 'feed | html | sitemap | page (add: omitted → the URL is looked at, feed autodiscovery)')
    .option('--interval <duration>', 'poll interval (15m, 2h); omitted: adaptive ("adaptive" in update)')
    .option('--full-text', 'fetch and extract each item\'s page')
    .option('--no-full-text', 'use the feed\'s content')
    .option('--rules <name>', 'rule set of rules.yaml ("" in update: back to the page\'s domain)')
    .option('--category <name>', 'category added to every article (repeatable)', collect);
}

/** Registers `sources` and its subcommands on the program. */
export function registerSourcesCommand(program: Command): void {
  const cfg = ['--config <dir>', 'config folder (default: $FEEDMILL_CONFIG_DIR or ./config)'] as const;
  const json = ['--json', 'JSON output'] as const;
  const sources = program.command('sources').description('manage sources: list, add, update, pause, remove, OPML');

  sources.command('list').description('every source with its origin and health').option(...cfg).option(...json)
    .action((opts: Opts) => withManage(opts, async (deps) => {
      const views = await sourceViews({ ...deps });
      out(opts.json ? JSON.stringify(views, null, 2) : formatSourceList(views));
    }));

  sources.command('show').description('one source: definition and health (JSON)').argument('<id>').option(...cfg)
    .action((id: string, opts: Opts) => withManage(opts, async (deps) => {
      const v = await sourceView({ ...deps }, id);
      if (!v) throw new SourceOpError('NOT_FOUND', `no source "${id}"`);
      out(JSON.stringify(v, null, 2));
    }));

  sourceOptions(sources.command('add').description('add a source (crawled at once, then on its schedule)').argument('<url>'))
    .option('--id <id>', 'source id (default: from the URL\'s host)').option(...cfg).option(...json)
    .action((url: string, opts: Opts & SourceFlags) => withManage(opts, async (deps) => {
      const added = await addSource(deps, { ...inputFromFlags(opts), url });
      await printView(deps, added.id, opts.json, 'added');
    }));

  sourceOptions(sources.command('update').description('change a runtime source (sources.yaml ones: edit the file)').argument('<id>'))
    .option('--url <url>', 'new URL').option(...cfg).option(...json)
    .action((id: string, opts: Opts & SourceFlags) => withManage(opts, async (deps) => {
      await updateSource(deps, id, inputFromFlags({ ...opts, id: undefined }));
      await printView(deps, id, opts.json, 'updated');
    }));

  for (const [name, fn, what] of [['pause', pauseSource, 'paused'], ['resume', resumeSource, 'resumed']] as const) {
    sources.command(name).description(`${name} a source's scheduled crawls`).argument('<id>').option(...cfg).option(...json)
      .action((id: string, opts: Opts) => withManage(opts, async (deps) => {
        await fn(deps, id);
        await printView(deps, id, opts.json, what);
      }));
  }

  sources.command('remove').description('remove a runtime source (its articles stay unless --delete-articles)').argument('<id>')
    .option('--delete-articles', 'delete its stored articles too').option(...cfg).option(...json)
    .action((id: string, opts: Opts & { deleteArticles?: boolean }) => withManage(opts, async (deps) => {
      const r = await removeSource(deps, id, { articles: opts.deleteArticles ? 'delete' : 'keep' });
      out(opts.json ? JSON.stringify(r) : `removed ${id}${opts.deleteArticles ? ` and ${r.articlesDeleted} articles` : ''}`);
    }));

  sources.command('reextract').description('re-run extraction over the stored articles of a source (after its rules changed)').argument('<id>')
    .option(...cfg).option(...json)
    .action((id: string, opts: Opts) => withManage(opts, async (deps) => {
      const r = await reextractSource(deps, id);
      out(opts.json ? JSON.stringify(r) : `re-extraction of ${r.articles} articles of ${id} queued (job ${r.jobId}; run by a process with the publish role)`);
    }));

  sources.command('discover').description('feeds a site announces or serves at common paths (nothing is added)').argument('<url>')
    .option(...cfg).option(...json)
    .action((url: string, opts: Opts) => withManage(opts, async (deps) => {
      const found = await discoverSource(deps, url);
      out(opts.json ? JSON.stringify(found, null, 2) : found.map((c) => `${c.url}\t${c.type}\t${c.title ?? ''}`.trimEnd()).join('\n'));
    }));

  sources.command('import').description('add the sources of an OPML file (feedmill options read from its namespace)').argument('<file>')
    .option(...cfg).option(...json)
    .action((file: string, opts: Opts) => withManage(opts, async (deps) => {
      const r = await importOpml(deps, await readFile(file, 'utf8'));
      if (opts.json) return out(JSON.stringify(r, null, 2));
      out(`imported ${r.added.length} sources, skipped ${r.skipped.length}`);
      for (const s of r.skipped) out(`  skipped ${s.id ?? s.url}: ${s.reason}`);
    }));

  sources.command('export').description('every source as OPML (to FILE, else stdout)').argument('[file]').option(...cfg)
    .action((file: string | undefined, opts: Opts) => withManage(opts, async (deps) => {
      const opml = await exportOpml(deps);
      if (file) await writeFile(file, opml);
      else process.stdout.write(opml);
    }));
}
