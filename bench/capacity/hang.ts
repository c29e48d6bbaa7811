import * as z from 'zod';
import { CanaryClient } from '#lib/canary/client.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { seededRandom } from './random.ts';

/**
 * How long a run against a console that never answers takes: the real Canary client, its request
 * timing out (`timeoutMs` on a virtual clock) every attempt, with its own retries and backoff (seeded
 * jitter), until it gives up with CANARY_TIMEOUT. One duration per draw, ms.
 */
export async function hungRunTimes(
  client: { timeoutMs: number; maxRetries: number },
  draws: number,
  seed: number,
): Promise<number[]> {
  const random = seededRandom(seed);
  const times: number[] = [];
  for (let i = 0; i < draws; i++) {
    let clock = 0;
    const canary = new CanaryClient({
      baseUrl: 'https://hung.canary.tools',
      authToken: 'capacity-model',
      timeoutMs: client.timeoutMs,
      maxRetries: client.maxRetries,
      backoff: { random },
      fetch: async () => {
        clock += client.timeoutMs;
        throw new DOMException('the console did not answer', 'TimeoutError');
      },
      sleep: async (ms) => {
        clock += ms;
      },
      now: () => clock,
    });
    try {
      await canary.get('/api/v1/incidents/all', {}, z.unknown());
      throw new Error('a hung console answered');
    } catch (error) {
      if (!(error instanceof CollectorError) || error.code !== 'CANARY_TIMEOUT') throw error;
    }
    times.push(clock);
  }
  return times;
}
