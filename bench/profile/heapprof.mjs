// Runs a module under V8's sampling heap profiler, counting every sampled allocation whether or not
// it is collected later (the garbage that lifts RSS), and writes the .heapprofile when it has finished:
// `node bench/profile/heapprof.mjs <out.heapprofile> <module> [args...]`, then
// `node bench/profile/heapSummary.mjs <out.heapprofile>`. Plain JavaScript, as cpuprof.mjs is.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, module, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(module), ...rest];
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 16384,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: process.env.HEAP_PROMOTED_ONLY === undefined,
});
await import(pathToFileURL(resolve(module)).href);
const { profile } = await session.post('HeapProfiler.stopSampling');
writeFileSync(out, JSON.stringify(profile));
process.exit(0);
