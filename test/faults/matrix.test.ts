import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RunFailedError, type RunSummary } from '../../functions/lib/core/collect.ts';
import type { SourceName } from '../../functions/lib/core/ports.ts';
import { localContext } from '../../local/stack.ts';
import { captureOutput } from '../support/capture.ts';
import { localRun } from '../support/localRun.ts';
import { closeTrap, type Local, SCENARIOS } from './scenarios.ts';

/**
 * The fault matrix: every scenario against every source it applies to, on the real handlers and the
 * local stack. Each cell runs until the source has recovered and checks that nothing was lost, that
 * at most one page was delivered twice, and that the failing run reported the scenario's stable
 * error code. The table goes to reports/fault-matrix.md (`npm run test:faults` prints it).
 */
const SOURCES: SourceName[] = ['incidents', 'audit-trail', 'birds', 'tokens'];
const PAGE: Record<SourceName, number> = { incidents: 25, 'audit-trail': 25, birds: 8, tokens: 5 };
const TOKEN = 'fault-matrix-token-3b9d1c';
const captured = captureOutput();
const rows: string[] = [];
const outFiles: string[] = [];
const stops: Array<() => Promise<void>> = [];

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await closeTrap();
  mkdirSync('reports', { recursive: true });
  const header =
    '| scenario | source | error code | lost | duplicated | runs to recover |\n| --- | --- | --- | --- | --- | --- |\n';
  writeFileSync('reports/fault-matrix.md', `${header}${rows.join('\n')}\n`);
});

/** What the console holds now, as the delivered records name it. */
function expectedKeys(local: Local, source: SourceName): string[] {
  const sim = local.simulator;
  switch (source) {
    case 'incidents':
      return Array.from({ length: sim.store.count }, (_, i) => {
        const incident = sim.store.render(i) as { id: string; updated_id: number };
        return `${incident.id}#${incident.updated_id}`;
      });
    case 'audit-trail':
      return Array.from({ length: sim.audit.count - sim.audit.purgedUpTo }, (_, i) =>
        String(sim.audit.purgedUpTo + i + 1),
      );
    case 'birds':
      return sim.devices.ids();
    case 'tokens':
      return sim.tokens.list().map((t) => String(t.canarytoken));
  }
}

type Line = {
  event_id: string;
  source: string;
  part?: number;
  canary: { id?: string | number; updated_id?: number | string; canarytoken?: string };
};

function deliveredKey(line: Line): string | undefined {
  switch (line.source) {
    case 'incident':
      return line.part !== undefined && line.part > 1
        ? undefined
        : `${line.canary.id}#${Number(line.canary.updated_id)}`;
    case 'audit':
      return String(Number(line.canary.id));
    case 'bird':
      return String(line.canary.id);
    case 'token':
      return String(line.canary.canarytoken);
    default:
      return undefined;
  }
}

async function runOnce(
  local: Local,
  source: SourceName,
  concurrent: boolean,
): Promise<{ summary?: RunSummary; code?: string }> {
  try {
    if (concurrent) {
      const other = local.secondContainer(source);
      const [a] = await Promise.all([
        local.run(source),
        other({ console: local.stack.consoleName }, localContext(60_000)),
      ]);
      return { summary: a };
    }
    return { summary: await local.run(source) };
  } catch (error) {
    if (error instanceof RunFailedError) return { code: error.summary.error?.code ?? 'UNKNOWN' };
    const code = (error as { code?: string }).code;
    if (typeof code === 'string') return { code };
    throw error;
  }
}

describe('fault matrix', () => {
  for (const scenario of SCENARIOS) {
    for (const source of scenario.sources ?? SOURCES) {
      it(`${scenario.name} — ${source}`, async () => {
        const local = await localRun({
          dynamoProxy: true,
          simulator: {
            incidents: 120,
            auditEntries: 120,
            birds: 8,
            tokens: 30,
            seed: 31,
            authToken: TOKEN,
            ...scenario.simulator,
          },
        });
        stops.push(local.stop);
        outFiles.push(local.outFile);
        process.env.PAGE_SIZE = '25';
        process.env.AUDIT_PAGE_SIZE = '25';
        process.env.TOKENS_PAGE_SIZE = '5';
        process.env.HTTP_TIMEOUT_MS = '1000';
        await scenario.arm(local, source);
        let firstCode: string | undefined;
        let recoveredAt = 0;
        for (let run = 1; run <= 8 && recoveredAt === 0; run++) {
          const { summary, code } = await runOnce(local, source, scenario.concurrent === true && run === 1);
          firstCode ??= code;
          if (summary !== undefined && !summary.more && summary.status === 'completed') recoveredAt = run;
          scenario.afterRun?.(local, source, run);
        }
        local.simulator.onRequest = undefined;
        // the next scheduled run: changes made during the last walk arrive with it
        if (recoveredAt > 0) await runOnce(local, source, false);

        const lines = local.records() as unknown as Line[];
        const delivered = lines.map(deliveredKey).filter((key): key is string => key !== undefined);
        const lost = expectedKeys(local, source).filter((key) => !delivered.includes(key)).length;
        const ids = lines.map((l) => l.event_id);
        const duplicated = ids.length - new Set(ids).size;
        rows.push(
          `| ${scenario.name} | ${source} | ${firstCode ?? '—'} | ${lost} | ${duplicated} | ${recoveredAt} |`,
        );
        expect(recoveredAt, 'recovered').toBeGreaterThan(0);
        expect(lost, 'lost').toBe(0);
        expect(duplicated, 'duplicated').toBeLessThanOrEqual(firstCode === undefined ? 0 : PAGE[source]);
        expect(firstCode).toBe(scenario.code);
        scenario.verify?.();
      });
    }
  }

  it('never lets the auth token into a log line, a metric or a record, across the whole matrix', () => {
    const logs = captured.join('');
    expect(logs).toContain('run failed');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toMatch(/auth_token=(?!\*\*\*)/);
    for (const file of outFiles) expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
  });
});
