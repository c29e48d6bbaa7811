import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { localContext } from '#dev/stack.ts';
import { VARIANTS, type VariantSetting } from '#fakes/simulator/variants.ts';
import { RunFailedError, type RunSummary } from '#lib/core/collect.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { captureOutput } from '../support/capture.ts';
import { type DeliveredLine, tally } from '../support/delivered.ts';
import { localRun } from '../support/localRun.ts';
import { closeTrap, type Local, SCENARIOS } from './scenarios.ts';

/**
 * The fault matrix: every scenario against every source it applies to, on the real handlers and the
 * local stack. Each cell runs until the source has recovered and checks that nothing was lost, that
 * at most one page was delivered twice, and that the failing run reported the scenario's stable
 * error code. The table goes to reports/fault-matrix.md (`npm run test:faults` prints it).
 * `faultMatrix` runs it against the documented replies (this file) or against a simulator that
 * answers in the variant shapes real consoles send (matrixVaried.test.ts).
 */
export function faultMatrix(name: string, report: string, variants?: VariantSetting): void {
  const SOURCES: SourceName[] = ['incidents', 'audit-trail', 'birds', 'tokens'];
  const PAGE: Record<SourceName, number> = { incidents: 25, 'audit-trail': 25, birds: 8, tokens: 5 };
  const TOKEN = 'fault-matrix-token-3b9d1c';
  const captured = captureOutput();
  const rows: string[] = [];
  const outFiles: string[] = [];
  const stops: Array<() => Promise<void>> = [];
  const served = new Map<string, number>();

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await closeTrap();
    mkdirSync('reports', { recursive: true });
    const header =
      '| scenario | source | error code | lost | duplicated | runs to recover |\n| --- | --- | --- | --- | --- | --- |\n';
    const variantLine =
      variants === undefined
        ? ''
        : `\nReply variants served across the matrix: ${[...served].map(([id, n]) => `${id} ${n}`).join(', ')}\n`;
    writeFileSync(report, `${header}${rows.join('\n')}\n${variantLine}`);
  });

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

  describe(name, () => {
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
              // each cell its own draw of the mix, so the matrix as a whole meets every variant
              ...(variants === undefined ? {} : { variants, variantSeed: rows.length + 1 }),
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

          const { lost, duplicated } = tally(
            local.simulator,
            source,
            local.records() as unknown as DeliveredLine[],
          );
          rows.push(
            `| ${scenario.name} | ${source} | ${firstCode ?? '—'} | ${lost} | ${duplicated} | ${recoveredAt} |`,
          );
          expect(recoveredAt, 'recovered').toBeGreaterThan(0);
          expect(lost, 'lost').toBe(0);
          expect(duplicated, 'duplicated').toBeLessThanOrEqual(firstCode === undefined ? 0 : PAGE[source]);
          expect(firstCode).toBe(scenario.code);
          for (const [id, n] of local.simulator.variantsServed) served.set(id, (served.get(id) ?? 0) + n);
          scenario.verify?.();
        });
      }
    }

    if (variants !== undefined)
      it('met every reply variant of the mix somewhere in the matrix', () => {
        const mixable = VARIANTS.filter((v) => v.mix).map((v) => v.id);
        expect(mixable.filter((id) => !served.has(id))).toEqual([]);
      });

    it('never lets the auth token into a log line, a metric or a record, across the whole matrix', () => {
      const logs = captured.join('');
      expect(logs).toContain('run failed');
      expect(logs).not.toContain(TOKEN);
      expect(logs).not.toMatch(/auth_token=(?!\*\*\*)/);
      for (const file of outFiles) expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    });
  });
}
