// Preloaded into a measured process (NODE_OPTIONS=--import ./bench/selfUsage.mjs, BENCH_USAGE_FILE set):
// at exit it writes what the process used, as the kernel counts it: CPU (user and system, every
// thread) and its peak resident set. Plain JavaScript: it runs before anything else is loaded.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKB: usage.maxRSS }),
    );
  });
}
