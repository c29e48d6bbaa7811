import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '#lib/core/ports.ts';
import { localRun } from '../support/localRun.ts';

/**
 * Idle stays idle, with fetching ahead: once a source has drained, a run with nothing new makes one
 * Canary request (the snapshot sources none until their interval) and no Firehose call.
 */
describe('an idle run', async () => {
  const local = await localRun({
    simulator: { incidents: 120, auditEntries: 60, birds: 4, tokens: 6, seed: 5 },
  });
  afterAll(() => local.stop());
  process.env.PAGE_SIZE = '25';
  process.env.AUDIT_PAGE_SIZE = '25';
  process.env.TOKENS_PAGE_SIZE = '5';

  for (const source of SOURCE_NAMES) {
    it(`${source}: at most one Canary request and no Firehose call`, async () => {
      const backfill = await local.run(source);
      expect(backfill.stats.pages).toBeGreaterThan(0);
      const requests = local.simulator.requests.length;
      const calls = local.stack.firehose.calls;
      const idle = await local.run(source);
      expect(idle).toMatchObject({ status: 'completed', more: false });
      expect(idle.stats.recordsSent).toBe(0);
      expect(local.simulator.requests.length - requests).toBe(
        source === 'birds' || source === 'tokens' ? 0 : 1,
      );
      expect(local.stack.firehose.calls - calls).toBe(0);
    });
  }
});
