import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE } from '#dev/stack.ts';
import { localRun } from '../support/localRun.ts';

const run = promisify(execFile);
let stop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await stop?.();
});

/** The operator CLI as a person runs it, against the checkpoint table of a local stack. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('status and reset, end to end', () => {
  it('shows the checkpoint, and a reset --from makes the next run collect again from that date', async () => {
    const local = await localRun({ simulator: { incidents: 200 } });
    stop = local.stop;
    expect((await local.invoke()).stats.recordsSent).toBe(200);
    const env = { ...local.stack.env, POWERTOOLS_LOG_LEVEL: 'SILENT' };

    const status = await cli(['status', '--table', LOCAL_TABLE], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /local\/incidents: checkpoint \{"maxUpdatedId":200,"eventCounts":"<2001 bytes>"\}; last run \S+ ok; last success \S+; lease free/,
    );

    const reset = await cli(
      ['reset', 'local', 'incidents', '--from', '2026-01-01T00:50:00Z', '--table', LOCAL_TABLE],
      env,
    );
    expect(reset).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('collects again from 2026-01-01T00:50:00Z'),
    });

    // seeded incidents are 30 s apart from 2026-01-01T00:00:00Z: 100 of them are from 00:50 on
    const again = await local.invoke();
    expect(again).toMatchObject({ reset: true, checkpoint: { maxUpdatedId: 200 } });
    expect(again.stats).toMatchObject({ recordsSent: 100, filtered: 100 });
    expect((await local.invoke()).stats.recordsSent).toBe(0);

    const refused = await cli(['reset', 'local', 'devices', '--table', LOCAL_TABLE], env);
    expect(refused).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown source "devices"'),
    });
    const badFrom = await cli(
      ['reset', 'local', 'incidents', '--from', 'yesterday', '--table', LOCAL_TABLE],
      env,
    );
    // what the user typed: a usage error (exit 2), found before any table is opened
    expect(badFrom).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--from yesterday: give a date'),
    });
    const noTable = await cli(['status'], { ...env, CHECKPOINT_TABLE: '' });
    expect(noTable).toMatchObject({ code: 2, stderr: expect.stringContaining('give --local') });
  });
});
