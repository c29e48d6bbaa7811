import { vi } from 'vitest';
import { TOKEN_KINDS } from '#fakes/simulator/tokens.ts';
import { localRun } from './localRun.ts';

/** The two lives the end-to-end format checks run: whole incidents, and flattened with fewer incidents. */
export const LIVES = [
  ['as incidents', 'false', 3000],
  ['flattened', 'true', 1500],
] as const;

/**
 * Every kind of record through the four real handlers in one output format: a full collection, then,
 * an hour later, a second birds snapshot after changes (bird_change records) and an acknowledged
 * incident (a new version). The caller stops the returned stack; the clock is faked until then.
 */
export async function everyKindOfRecord(
  format: 'ocsf' | 'ecs',
  flatten: 'true' | 'false',
  incidents: number,
) {
  const local = await localRun({
    simulator: { incidents, auditEntries: 300, birds: 20, tokens: TOKEN_KINDS.length * 2, seed: 21 },
  });
  process.env.OUTPUT_FORMAT = format;
  process.env.OUTPUT_FLATTEN = flatten;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-22T09:00:30Z'));
  for (const source of ['incidents', 'audit-trail', 'birds', 'tokens'] as const) await local.run(source);
  const [first, second] = local.simulator.devices.ids() as [string, string];
  local.simulator.devices.setLive(first, false);
  local.simulator.devices.remove(second);
  local.simulator.devices.add();
  local.simulator.store.acknowledge(5);
  vi.setSystemTime(new Date('2026-11-22T10:00:30Z'));
  await local.run('birds');
  await local.run('incidents');
  return local;
}
