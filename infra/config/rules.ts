import type * as z from 'zod';
import type { SourceName } from '#lib/core/ports.ts';
import { futureStartIssues } from '#lib/model/console.ts';
import { SNAPSHOT_SOURCES } from '#lib/model/sources.ts';
import { OCSF_CLASS_TABLES } from '#siem/securitylake/schemas.ts';

/**
 * What the cross-field rules read of a parsed deployment config: written out here rather than taken
 * from schema.ts, which applies the rules, so the two files do not import each other.
 */
export interface RuledDeployment {
  readonly consoles: ReadonlyArray<{
    readonly name: string;
    readonly secretArn?: string | undefined;
    readonly incidentsFrom?: string | undefined;
    readonly auditFrom?: string | undefined;
  }>;
  readonly fleet: { readonly secretPrefix: string; readonly maxConcurrency: number };
  readonly reservedConcurrency?: number | undefined;
  readonly push: { readonly enabled: boolean };
  readonly sources: Readonly<
    Record<SourceName, { readonly enabled: boolean; readonly intervalMinutes: number }>
  >;
  readonly destination: {
    readonly type: string;
    readonly customSources?: Readonly<Record<string, string | undefined>>;
  };
  readonly output: { readonly format: string };
}

/** The deployment config's rules across fields, one issue each, at the path of the field to fix. */
export function deploymentRules(config: RuledDeployment, ctx: z.RefinementCtx): void {
  const names = config.consoles.map((c) => c.name);
  if (new Set(names).size !== names.length)
    ctx.addIssue({ code: 'custom', path: ['consoles'], message: 'console names must be unique' });
  for (const source of SNAPSHOT_SOURCES) {
    const settings = config.sources[source];
    if (settings.enabled && settings.intervalMinutes < 60) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources', source, 'intervalMinutes'],
        message: `${source} is a snapshot source: its interval must be at least 60 minutes`,
      });
    }
  }
  if (config.push.enabled && !config.sources.incidents.enabled)
    ctx.addIssue({
      code: 'custom',
      path: ['push', 'enabled'],
      message: 'push tells incidents early; polling them stays the record: enable the incidents source',
    });
  if (!Object.values(config.sources).some((s) => s.enabled))
    ctx.addIssue({ code: 'custom', path: ['sources'], message: 'enable at least one source' });
  if (config.destination.type === 'securitylake') securityLakeIssues(config, ctx);
  reservedConcurrencyIssues(config, ctx);
  config.consoles.forEach((console, index) => {
    const secretName = console.secretArn?.split(':secret:')[1];
    if (secretName !== undefined && !secretName.startsWith(config.fleet.secretPrefix))
      ctx.addIssue({
        code: 'custom',
        path: ['consoles', index, 'secretArn'],
        message: `the functions read only secrets named under fleet.secretPrefix (${config.fleet.secretPrefix}): name the secret ${config.fleet.secretPrefix}${console.name}, or set fleet.secretPrefix to the prefix your secrets share`,
      });
    // Every run would fail with CONFIG_INVALID on a start in the future: refuse it here instead.
    futureStartIssues(console, ['consoles', index], ctx);
  });
}

/**
 * A collector's reserved concurrency below the SQS event source's maximum concurrency makes Lambda
 * throttle messages the queue hands it, which then land in the dead-letter queue as failed runs; and
 * an SQS event source's maximum concurrency cannot go below 2, so a reservation of 1 never suffices.
 */
function reservedConcurrencyIssues(config: RuledDeployment, ctx: z.RefinementCtx): void {
  const reserved = config.reservedConcurrency;
  const max = config.fleet.maxConcurrency;
  // either may be missing here when its own check failed (zod runs the rules anyway): that says enough
  if (typeof reserved !== 'number' || typeof max !== 'number') return;
  const needed = Math.max(2, max);
  if (reserved >= needed) return;
  ctx.addIssue({
    code: 'custom',
    path: ['reservedConcurrency'],
    message: `the collectors' reservedConcurrency (${reserved}) must be at least fleet.maxConcurrency (${config.fleet.maxConcurrency}) and at least 2 (an SQS event source runs at least 2 at once): raise reservedConcurrency to ${needed}, or lower fleet.maxConcurrency`,
  });
}

/** Security Lake takes OCSF only, and needs a custom source for each class the enabled sources emit. */
function securityLakeIssues(config: RuledDeployment, ctx: z.RefinementCtx): void {
  if (config.output.format !== 'ocsf')
    ctx.addIssue({
      code: 'custom',
      path: ['output', 'format'],
      message: 'the securitylake destination takes OCSF: set output.format to "ocsf"',
    });
  const locations = config.destination.customSources ?? {};
  for (const table of OCSF_CLASS_TABLES) {
    const needed = table.sources.some((source) => config.sources[source].enabled);
    if (needed && locations[table.key] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['destination', 'customSources', table.key],
        message: `${table.sources.join(', ')} emit OCSF class ${table.classUid}: give its custom source location (or disable the source)`,
      });
  }
}
