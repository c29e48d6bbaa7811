// The heap bench's collector process (bench/heap.ts starts it): the bundled incidents handler, invoked
// until the source is drained, with the heap measured after a full collection every `every` ms. The
// incidents read so far are the simulator's page requests times the page size (GET /_sim/state).
// Plain JavaScript, as bench/collector.mjs is: a TypeScript loader would add its own heap.
process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const [bundlePath, simulatorUrl, pageSizeText, everyText] = process.argv.slice(2);
const pageSize = Number(pageSizeText);
const { handler } = await import(bundlePath);
const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
const samples = [];
let peakRss = 0;
let sampling = false;
async function sample() {
  if (sampling) return;
  sampling = true;
  try {
    const state = await (await fetch(`${simulatorUrl}/_sim/state`)).json();
    globalThis.gc();
    const { heapUsed, rss } = process.memoryUsage();
    samples.push({
      incidents: Math.max(0, (state.requests ?? 0) - 1) * pageSize,
      heapUsedMB: mb(heapUsed),
      rssMB: mb(rss),
    });
  } finally {
    sampling = false;
  }
}
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);
const timer = setInterval(() => void sample(), Number(everyText));
const started = performance.now();
for (let i = 0; i < 10000; i++) {
  const deadline = Date.now() + 15 * 60_000;
  const context = { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: `heap-${i}` };
  const summary = await handler({ console: 'bench' }, context);
  if (summary.status === 'failed') throw new Error(`the run failed: ${JSON.stringify(summary)}`);
  if (!summary.more) break;
}
const elapsedMs = performance.now() - started;
clearInterval(timer);
clearInterval(rssTimer);
while (sampling) await new Promise((resolve) => setTimeout(resolve, 10));
globalThis.gc();
const end = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ elapsedMs, samples, heapAfterGcMB: mb(end.heapUsed), peakRssMB: mb(Math.max(peakRss, end.rss)) })}\n`,
);
process.exit(0);
