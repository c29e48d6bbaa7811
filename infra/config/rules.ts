import * as z from 'zod';
import type { SourceName } from '#lib/core/ports.ts';
import { futureStartIssues } from '#lib/model/console.ts';
import { SNAPSHOT_SOURCES } from '#lib/model/sources.ts';
import { OCSF_CLASS_TABLES } from '#siem/securitylake/schemas.ts';

/**
 * What the cross-field rules read of a deployment config. The rules run even when a field failed its
 * own check (a wrong type, a value outside an enum or union): so that one message lists every
 * problem, not the first kind of them. What they read is therefore taken leniently: a part that is
 * not what the schema wants becomes "absent" (`.catch`), and a rule that needs it does not run (the
 * part's own issue says enough). Written out here rather than taken from schema.ts, which applies
 * the rules, so the two files do not import each other.
 */
const Source = z.object({ enabled: z.boolean(), intervalMinutes: z.number() }).optional().catch(undefined);
const RuledSchema = z.object({
  consoles: z
    .array(
      z.looseObject({
        name: z.string(),
        secretArn: z.string().optional(),
        incidentsFrom: z.unknown().optional(),
        auditFrom: z.unknown().optional(),
      }),
    )
    .catch([]),
  fleet: z.object({ secretPrefix: z.string(), maxConcurrency: z.number() }).optional().catch(undefined),
  reservedConcurrency: z.number().optional().catch(undefined),
  push: z.object({ enabled: z.boolean() }).optional().catch(undefined),
  sources: z
    .object({ incidents: Source, 'audit-trail': Source, birds: Source, tokens: Source } satisfies Record<
      SourceName,
      unknown
    >)
    .catch({}),
  destination: z
    .looseObject({
      type: z.string(),
      customSources: z.record(z.string(), z.unknown()).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  output: z.object({ format: z.string() }).optional().catch(undefined),
});
type RuledDeployment = z.output<typeof RuledSchema>;

/** The deployment config's rules across fields, one issue each, at the path of the field to fix. */
export function deploymentRules(input: unknown, ctx: z.RefinementCtx): void {
  const config = RuledSchema.parse(input);
  const names = config.consoles.map((c) => c.name);
  if (new Set(names).size !== names.length)
    ctx.addIssue({ code: 'custom', path: ['consoles'], message: 'console names must be unique' });
  for (const source of SNAPSHOT_SOURCES) {
    const settings = config.sources[source];
    if (settings?.enabled === true && settings.intervalMinutes < 60) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources', source, 'intervalMinutes'],
        message: `${source} is a snapshot source: its interval must be at least 60 minutes (60 to 1440)`,
      });
    }
  }
  if (config.push?.enabled === true && config.sources.incidents?.enabled === false)
    ctx.addIssue({
      code: 'custom',
      path: ['push', 'enabled'],
      message: 'push tells incidents early; polling them stays the record: enable the incidents source',
    });
  const sources = Object.values(config.sources);
  // only when every source could be read: one that could not may be the enabled one
  if (sources.length === 4 && sources.every((s) => s?.enabled === false))
    ctx.addIssue({ code: 'custom', path: ['sources'], message: 'enable at least one source' });
  if (config.destination?.type === 'securitylake') securityLakeIssues(config, config.destination, ctx);
  reservedConcurrencyIssues(config, ctx);
  const prefix = config.fleet?.secretPrefix;
  config.consoles.forEach((console, index) => {
    const secretName = console.secretArn?.split(':secret:')[1];
    if (prefix !== undefined && secretName !== undefined && !secretName.startsWith(prefix))
      ctx.addIssue({
        code: 'custom',
        path: ['consoles', index, 'secretArn'],
        message: `the functions read only secrets named under fleet.secretPrefix (${prefix}): name the secret ${prefix}${console.name}, or set fleet.secretPrefix to the prefix your secrets share`,
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
  const max = config.fleet?.maxConcurrency;
  // either may be missing here when its own check failed: that says enough
  if (reserved === undefined || max === undefined) return;
  const needed = Math.max(2, max);
  if (reserved >= needed) return;
  ctx.addIssue({
    code: 'custom',
    path: ['reservedConcurrency'],
    message: `the collectors' reservedConcurrency (${reserved}) must be at least fleet.maxConcurrency (${max}) and at least 2 (an SQS event source runs at least 2 at once): raise reservedConcurrency to ${needed}, or lower fleet.maxConcurrency`,
  });
}

/** Security Lake takes OCSF only, and needs a custom source for each class the enabled sources emit. */
function securityLakeIssues(
  config: RuledDeployment,
  destination: NonNullable<RuledDeployment['destination']>,
  ctx: z.RefinementCtx,
): void {
  if (config.output !== undefined && config.output.format !== 'ocsf')
    ctx.addIssue({
      code: 'custom',
      path: ['output', 'format'],
      message: 'the securitylake destination takes OCSF: set output.format to "ocsf"',
    });
  const locations = destination.customSources ?? {};
  for (const table of OCSF_CLASS_TABLES) {
    const needed = table.sources.some((source) => config.sources[source]?.enabled === true);
    if (needed && locations[table.key] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['destination', 'customSources', table.key],
        message: `${table.sources.join(', ')} emit OCSF class ${table.classUid}: give its custom source location (or disable the source)`,
      });
  }
}
