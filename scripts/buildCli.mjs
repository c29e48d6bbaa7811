// Builds the installed `canary-collector` command: cli/main.ts and everything it imports, bundled by
// esbuild into one ESM file, dist/cli.js (what package.json's `bin` names). npm runs this on
// `npm ci` / `npm install` (the `prepare` script) and before `npm pack`, so a clone has the command
// without a step to remember; `npm start` and `npm run cli` run it first (about 0.4 s), so they run
// the source as it is now, as plain JavaScript: no TypeScript loader in the process (its thread and
// compiler held some 55 MB and a second of CPU on a local backfill). It is plain JS so that it runs
// before anything else is built.
//
// dynalite stays outside the bundle: its LevelDB binding (classic-level) finds its prebuilt native
// file relative to its own folder, which a bundle does not keep. That is why dynalite is a runtime
// dependency in package.json; every other package is inside the file.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'cli.js');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['dynalite', '@duckdb/node-api'],
  // the AWS SDK and dynalite's helpers are CommonJS: give the bundle the `require` they call
  banner: {
    js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);",
  },
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// cli/main.ts starts with `#!/usr/bin/env -S npx tsx` (for running the source directly); the bundle
// is plain JS for node. esbuild keeps the entry's hashbang at the top: replace it.
const text = result.outputFiles[0].text.replace(/^#![^\n]*\n/, '');
mkdirSync(dirname(outfile), { recursive: true });
// Written beside and renamed into place: `npm start` rebuilds it on every start, and a second start
// at the same moment (tests run in parallel) must never run a half-written file.
const staged = `${outfile}.${process.pid}.tmp`;
writeFileSync(staged, `#!/usr/bin/env node\n${text}`);
// executable as written, so that npm's bin linking has no mode to fix (it would chmod the target)
chmodSync(staged, 0o755);
renameSync(staged, outfile);
