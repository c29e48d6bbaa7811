import type { ConsoleRegistry } from '../aws/registry.ts';
import { CollectorError } from '../core/errors.ts';
import { type CollectorConfig, type ConsoleConfig, findConsole } from '../model/collectorEnv.ts';

/**
 * A console's settings by name: from the registry in a deployment (CONSOLE_REGISTRY=true), from
 * CONSOLES in a local run. One registry read per run: a console changed with the CLI takes effect
 * on its next run.
 */
export function consoleLookup(
  config: CollectorConfig,
  registry: ConsoleRegistry,
): (name: string) => Promise<ConsoleConfig> {
  if (!config.CONSOLE_REGISTRY) return async (name) => findConsole(config, name);
  return async (name) => {
    const entry = await registry.get(name);
    if (entry === undefined)
      throw new CollectorError('CONSOLE_UNKNOWN', `console "${name}" is not in the console registry`);
    const { secretId, incidentsFrom, auditFrom, allowedHosts } = entry;
    return {
      name,
      secretId,
      allowedHosts,
      ...(incidentsFrom === undefined ? {} : { incidentsFrom }),
      ...(auditFrom === undefined ? {} : { auditFrom }),
    };
  };
}
