import { dirname } from 'node:path';
import { runFleet } from '#dev/fleet.ts';
import { UsageError, wholeNumber } from '../args.ts';
import { prepareOutDir } from '../outDir.ts';

/** `run --consoles <n>`: one pass of the fleet code path over simulated consoles. */
export async function fleetCommand(
  countText: string,
  out: string,
  incidentsText: string | undefined,
): Promise<number> {
  const count = wholeNumber('--consoles', countText, 1, 2000, 'consoles');
  const perConsole = wholeNumber('--incidents', incidentsText ?? '20', 0, 100_000, 'incidents');
  if (process.env.CANARY_AUTH_TOKEN !== undefined)
    throw new UsageError('--consoles runs simulated consoles; unset CANARY_AUTH_TOKEN to use it');
  const outFile = prepareOutDir(out, 'fleet', true);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const result = await runFleet(count, dirname(outFile), {
    incidentsPerConsole: perConsole,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  const failed = result.failedRuns.map((f) => `${f.console}/${f.source}`);
  process.stdout.write(
    `done: ${result.records} records from ${result.consoles} consoles written to ${result.outFile}${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}\n`,
  );
  return failed.length > 0 ? 1 : 0;
}
