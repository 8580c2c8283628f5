/** `npm run bench`: every benchmark, each printing its figures beside its baseline measured in the same run. */
import { printIngest, runIngestBench } from './ingest.js';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const want = (name: string) => only.length === 0 || only.includes(name);

if (want('ingest')) {
  // The same crawl with the roles on the main thread (threads: 0) and in one worker thread per core (the default).
  printIngest(await runIngestBench({ threads: '0' }), 'roles on the main thread (workers.threads: 0)');
  printIngest(await runIngestBench());
}
if (want('article-cpu')) {
  const { printArticleCpu, runArticleCpuBench } = await import('./article-cpu.js');
  printArticleCpu(await runArticleCpuBench());
}
if (want('sweep')) {
  const { printSweep, runSweepBench } = await import('./sweep.js');
  printSweep(await runSweepBench());
}
if (want('extraction')) {
  const { runExtractionBench } = await import('./extraction.js');
  await runExtractionBench({});
}
if (want('serve')) await import('./serve.js').then(async (m) => m.printServe(await m.runServeBench()));
if (want('overload')) {
  const { printOverload, runOverloadBench } = await import('./overload.js');
  printOverload(await runOverloadBench());
}
if (want('dedup')) await (await import('./dedup.js')).runDedupBench();
process.exit(0);
