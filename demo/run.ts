/** `npm run demo`: the same as `feedmill demo` (serve the offline news site, crawl it, serve the feeds). */
import { main } from '../src/cli.js';

void main([process.argv[0] ?? 'node', 'feedmill', 'demo', ...process.argv.slice(2)]);
