// The collector alone in its own process, for the benchmark: the bundled incidents handler (as Lambda
// runs it), invoked until the source is drained. The parent sets the environment (endpoints, table,
// stream, consoles). Prints one JSON line: the run summaries, wall time and peak RSS.
// Plain JavaScript on purpose: a TypeScript loader would add its own memory to the figure.
process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const [bundlePath, consoleName = 'bench'] = process.argv.slice(2);
const { handler } = await import(bundlePath);

let peakRss = process.memoryUsage().rss;
// what the process held at its peak: V8's heap (committed, and in use) and buffers outside it
let peakParts = process.memoryUsage();
const samples = [];
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  samples.push(usage.rss);
  if (usage.rss > peakRss) {
    peakRss = usage.rss;
    peakParts = usage;
  }
}, 25);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const summaries = [];
for (let i = 0; i < 1000; i++) {
  const deadline = Date.now() + 15 * 60_000;
  const context = { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: `bench-${i}` };
  const summary = await handler({ console: consoleName }, context);
  summaries.push(summary);
  if (!summary.more) break;
}
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const maxRssKernelBytes = process.resourceUsage().maxRSS * 1024;
// Peak RSS within each quarter of the run: flat quarters mean memory does not grow with the backlog.
const quarter = Math.ceil(samples.length / 4);
// (a run shorter than four samples repeats its last peak rather than report an empty quarter)
const quarterPeaks = [];
for (let q = 0; q < 4; q++) {
  const slice = samples.slice(q * quarter, (q + 1) * quarter);
  quarterPeaks.push(slice.length > 0 ? Math.max(...slice) : (quarterPeaks.at(-1) ?? peakRss));
}

// With --expose-gc: the heap still in use once garbage is collected, i.e. what the run retained.
globalThis.gc?.();
const heapAfterGcBytes = process.memoryUsage().heapUsed;
const result = {
  elapsedMs,
  peakHeapTotalBytes: peakParts.heapTotal,
  peakHeapUsedBytes: peakParts.heapUsed,
  peakExternalBytes: peakParts.external,
  peakRssBytes: peakRss,
  maxRssKernelBytes,
  quarterPeaks,
  heapAfterGcBytes,
  cpuMs: (cpu.user + cpu.system) / 1000,
  summaries,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
