import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { cli, workDir } from '../support/cli.ts';

/**
 * What a local run leaves on disk (out/ with the records, .local/ with a real console's checkpoints,
 * dynalite's LevelDB files included) is readable by its owner only, whatever the umask it started with.
 */
const simulators: CanarySimulator[] = [];
afterAll(async () => {
  await Promise.all(simulators.map((s) => s.stop()));
});

/** Every path under `root` with its permission bits, folders marked with a trailing "/". */
function modes(root: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (path: string, name: string) => {
    const stat = statSync(path);
    out.push([stat.isDirectory() ? `${name}/` : name, (stat.mode & 0o777).toString(8)]);
    if (stat.isDirectory())
      for (const entry of readdirSync(path)) walk(join(path, entry), `${name}/${entry}`);
  };
  walk(root, root.split('/').at(-1) ?? root);
  return out;
}

describe('local output and state', () => {
  it('are created owner-only: folders 0700, files 0600', async () => {
    const simulator = new CanarySimulator({ seed: 3, incidents: 40, authToken: 'token-of-modes-console' });
    simulators.push(simulator);
    const url = await simulator.start();
    const cwd = workDir();
    const run = await cli(['run', '--once'], {
      cwd,
      env: { CANARY_BASE_URL: url, CANARY_AUTH_TOKEN: simulator.options.authToken },
    });
    expect(run.code).toBe(0);
    const found = [...modes(join(cwd, 'out')), ...modes(join(cwd, '.local'))];
    // the records, the output marker, the checkpoint store's files
    expect(found.some(([path]) => path.endsWith('.ndjson'))).toBe(true);
    expect(found.some(([path]) => path.includes('/state/'))).toBe(true);
    const wrong = found.filter(([path, mode]) => mode !== (path.endsWith('/') ? '700' : '600'));
    expect(wrong).toEqual([]);
  });
});
