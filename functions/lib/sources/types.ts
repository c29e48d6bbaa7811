import type * as z from 'zod';
import type { CanaryClient } from '../canary/client.ts';
import type { BoundSource } from '../core/collect.ts';
import type { AlertClaimPort, SourceName } from '../core/ports.ts';
import type { CollectorConfig, ConsoleConfig } from '../model/collectorEnv.ts';

/** What a source is bound with for one run of one console: its reader's client and its settings. */
export interface BindContext {
  client: CanaryClient;
  console: ConsoleConfig;
  config: CollectorConfig;
  /** Set by `canary-collector reset --from`: replaces the configured start (an ISO date or date-time). */
  startOverride: string | undefined;
  /** The HMAC key for hashed credentials (from the console's secret). */
  credentialHashKey: string;
  /** The largest record the sink takes, in bytes: records are formatted, then fitted to it (output/format.ts). */
  maxRecordBytes: number;
  /** Push and poll correlation (incidents, with push on). */
  claims?: AlertClaimPort;
}

/** What the wiring needs to know of a data source: its state's schema, and how to bind it for a run. */
export interface SourceDefinition<S, T> {
  name: SourceName;
  stateSchema: z.ZodType<S>;
  /** The reader, starting state, start fingerprint and normalizer for one console. */
  bind(context: BindContext): BoundSource<S, T>;
}
