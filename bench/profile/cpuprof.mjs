// Runs a module under the V8 CPU profiler and writes the .cpuprofile when it has finished:
// `node bench/profile/cpuprof.mjs <out.cpuprofile> <module> [args...]`. Node 20 refuses --cpu-prof in
// NODE_OPTIONS, and the benches start their collector with a fixed command line, so this wraps it.
// Plain JavaScript, as bench/collector.mjs is: a TypeScript loader would be in the profile.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, module, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(module), ...rest];
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });
await session.post('Profiler.start');
await import(pathToFileURL(resolve(module)).href);
const { profile } = await session.post('Profiler.stop');
writeFileSync(out, JSON.stringify(profile));
process.exit(0);
