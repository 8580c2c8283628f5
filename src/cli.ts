/** The `feedmill` command line (commander): start, worker, serve, crawl, extract, parse, status, retention, demo. */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from './config/index.js';
import { FeedmillError } from './model/errors.js';
import { crawlCommand } from './commands/crawl.js';
import { pauseCommand, resumeCommand, schedulesCommand } from './commands/control.js';
import { extractCommand, parseCommand } from './commands/inspect.js';
import { serveCommand, startCommand, workerCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { demoCommand } from './commands/demo.js';
import { retentionCommand } from './commands/retention.js';
import { dedupReindexCommand } from './commands/dedup.js';
import { registerFeedsCommand } from './commands/feeds.js';
import { registerSourcesCommand } from './commands/sources.js';
import { parseRoles } from '../workers/roles.js';

function roles(value: string) {
  try {
    return parseRoles(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** `--timeout` in seconds → milliseconds. */
function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('timeout must be a positive number of seconds');
  return n * 1000;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number (0–65535)');
  return n;
}

function workerCount(value: string): number {
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('workers must be "auto" or an integer from 1 to 64');
  return n;
}

/** Builds the command tree (exported for tests). */
export function buildCli(): Command {
  const program = new Command('feedmill')
    .description('news ingestion and syndication worker')
    .version('0.1.0')
    .showHelpAfterError();
  const cfg = ['--config <dir>', 'config folder (default: $FEEDMILL_CONFIG_DIR or ./config)'] as const;

  program.command('start').description('API, every worker role and the scheduler in one process').option(...cfg).action(startCommand);
  program
    .command('worker')
    .description('run pipeline roles only')
    .option(...cfg)
    .option('--roles <roles>', 'comma-separated roles: fetch,article,publish', roles, roles('fetch,article,publish'))
    .option('--metrics-port <port>', 'serve /healthz, /readyz and /metrics on this port (default: workers.metricsPort, 0 = none)', portNumber)
    .action(workerCommand);
  program
    .command('serve')
    .description('serve feeds, operator API and health only')
    .option(...cfg)
    .option('--workers <n>', 'server processes sharing the port (node:cluster), or auto (one per core); default: server.processes, 1', workerCount)
    .action(serveCommand);
  program
    .command('crawl')
    .description('crawl the named (or every) source now: in a running instance, or with --once in this process')
    .argument('[sources...]', 'source ids (--once: default all)')
    .option(...cfg)
    .option('--once', 'one pass in this process (own workers): wait until the queues drain, print a summary, exit')
    .option('--all', 'without --once: every active source')
    .option('--wait', 'without --once: follow the enqueued crawls to completion and print a summary')
    .option('--timeout <seconds>', 'longest wait for the crawl (default 600)', seconds)
    .option('--json', 'print the summary as JSON (progress goes to stderr)')
    .action((ids: string[], opts) => crawlCommand(ids, opts));
  program.command('pause').description('pause all crawling (the fetch queue, for every worker); jobs wait').option(...cfg).action(pauseCommand);
  program.command('resume').description('resume crawling after `pause`').option(...cfg).action(resumeCommand);
  program.command('schedules').description("every source's schedule: interval and next run").option(...cfg).option('--json', 'JSON output').action(schedulesCommand);
  program
    .command('extract')
    .description('one article page (HTML or plain text) → canonical article JSON')
    .argument('<file-or-url>')
    .option(...cfg)
    .option('--url <url>', 'the page URL (base for relative links)')
    .option('--content-type <type>', 'override the content type (e.g. text/plain)')
    .option('--json', 'compact JSON on one line')
    .action((target: string, opts) => extractCommand(target, opts));
  program
    .command('parse')
    .description('one feed document → { format, feed, items } JSON')
    .argument('<file-or-url>')
    .option(...cfg)
    .option('--url <url>', 'the feed URL (base for relative links)')
    .option('--content-type <type>', 'the Content-Type the feed was served with')
    .option('--json', 'compact JSON on one line')
    .action((target: string, opts) => parseCommand(target, opts));
  program.command('status').description('health of every source').option(...cfg).option('--json', 'JSON output').action(statusCommand);
  program
    .command('backup')
    .description("write this instance's Redis data (every key under its prefix) to FILE as JSON lines")
    .argument('<file>')
    .option(...cfg)
    .action((file: string, opts) => backupCommand(file, opts));
  program
    .command('restore')
    .description('restore a backup into this instance (stop its workers first)')
    .argument('<file>')
    .option(...cfg)
    .action((file: string, opts) => restoreCommand(file, opts));
  program
    .command('retention')
    .description('delete articles over the retention limits (age, count per source) and tombstone them')
    .option(...cfg)
    .option('--once', 'one bounded pass: print the counts and exit')
    .option('--json', 'print the counts as JSON')
    .action(retentionCommand);
  program
    .command('dedup')
    .description('near-duplicate index maintenance')
    .command('reindex')
    .description('put every stored article back into the near-duplicate and cluster member indexes (after an upgrade)')
    .option(...cfg)
    .option('--json', 'print the counts as JSON')
    .action(dedupReindexCommand);
  program
    .command('demo')
    .description('serve the bundled offline news site and run feedmill against it')
    .option('--port <port>', 'feedmill HTTP port', (v) => Number(v), 8080)
    .option('--once', 'crawl once, print the feed URLs and exit')
    .action(demoCommand);
  registerFeedsCommand(program);
  registerSourcesCommand(program);
  return program;
}

/** Runs the CLI; errors print one clear line and exit non-zero. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`feedmill: ${err.message}\n`);
    else if (err instanceof FeedmillError) process.stderr.write(`feedmill: ${err.message} [${err.code}]\n`);
    else process.stderr.write(`feedmill: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(err instanceof FeedmillError && err.code !== 'CONFIG' ? 1 : 2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main(process.argv);
