import type * as z from 'zod';
import type { CanaryClient } from '../canary/client.ts';
import type { CollectorConfig, ConsoleConfig } from '../config.ts';
import type { CanarySource, OutputRecord, SourceName } from '../core/ports.ts';

/** What a data source needs from the wiring: its reader, its state, and its normaliser. */
export interface SourceBinding<S, T> {
  source: CanarySource<S, T>;
  stateSchema: z.ZodType<S>;
  initialState: S;
  /** A digest of the settings that fix where collection starts; a change resets the checkpoint. */
  fingerprint: string;
  normalise(items: T[], collectedAt: string): OutputRecord[];
}

export interface SourceDefinition<S, T> {
  name: SourceName;
  bind(client: CanaryClient, console: ConsoleConfig, config: CollectorConfig): SourceBinding<S, T>;
}
