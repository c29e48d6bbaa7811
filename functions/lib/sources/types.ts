import type * as z from 'zod';
import type { CanaryClient } from '../canary/client.ts';
import type { BoundSource } from '../core/collect.ts';
import type { AlertClaimPort, SourceName } from '../core/ports.ts';
import type { CollectorConfig, ConsoleConfig } from '../entrypoints/collectorEnv.ts';

/** What the wiring needs to know of a data source: its state's schema, and how to bind it for a run. */
export interface SourceDefinition<S, T> {
  name: SourceName;
  stateSchema: z.ZodType<S>;
  /**
   * The reader, starting state, start fingerprint and normalizer for one console. `startOverride`,
   * set by `canary-collector reset --from`, replaces the configured start (an ISO date or date-time).
   */
  bind(
    client: CanaryClient,
    console: ConsoleConfig,
    config: CollectorConfig,
    startOverride: string | undefined,
    /** The HMAC key for hashed credentials (from the console's secret). */
    credentialHashKey: string,
    /** Adapters a source may use besides the console: push and poll correlation (incidents). */
    ports?: { claims?: AlertClaimPort },
  ): BoundSource<S, T>;
}
