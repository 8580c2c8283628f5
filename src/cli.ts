/** The `feedmill` command line (commander): start, worker, serve, crawl, extract, parse, status, retention, demo. */
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from './config/index.js';
import { FeedmillError } from './model/errors.js';
import { crawlCommand } from './commands/crawl.js';
import { extractCommand, parseCommand } from './commands/inspect.js';
import { serveCommand, startCommand, workerCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { demoCommand } from './commands/demo.js';
import { retentionCommand } from './commands/retention.js';
import { registerFeedsCommand } from './commands/feeds.js';
import { parseRoles } from '../workers/roles.js';

function roles(value: string) {
  try {
    return parseRoles(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
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
    .action(workerCommand);
  program.command('serve').description('serve feeds, operator API and health only').option(...cfg).action(serveCommand);
  program
    .command('crawl')
    .description('crawl every (or the named) source through the whole pipeline')
    .argument('[sources...]', 'source ids (default: all)')
    .option(...cfg)
    .option('--once', 'one pass: wait until the queues drain, print a summary, exit')
    .option('--json', 'print the summary as JSON')
    .action((ids: string[], opts) => crawlCommand(ids, opts));
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
    .command('demo')
    .description('serve the bundled offline news site and run feedmill against it')
    .option('--port <port>', 'feedmill HTTP port', (v) => Number(v), 8080)
    .option('--once', 'crawl once, print the feed URLs and exit')
    .action(demoCommand);
  registerFeedsCommand(program);
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
