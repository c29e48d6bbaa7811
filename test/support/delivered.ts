import type { CanarySimulator } from '#fakes/simulator/server.ts';
import type { SourceName } from '#lib/core/ports.ts';

/**
 * What a console holds and what the output delivered, as keys the two sides share: incident versions
 * (`id#updated_id`), audit ids, bird ids, Canarytoken ids. Counting them tells what was lost or
 * delivered twice, whatever shape the replies came in.
 */
export function expectedKeys(sim: CanarySimulator, source: SourceName): string[] {
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

export interface DeliveredLine {
  event_id: string;
  source: string;
  part?: number;
  canary: { id?: string | number; updated_id?: number | string; canarytoken?: string };
}

/** The key of a delivered record, as expectedKeys names it; undefined for records that are not the object itself. */
export function deliveredKey(line: DeliveredLine): string | undefined {
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

/** Objects the console holds that no record delivered, and records delivered more than once. */
export function tally(
  sim: CanarySimulator,
  source: SourceName,
  lines: DeliveredLine[],
): { lost: number; duplicated: number; delivered: number } {
  const delivered = lines.map(deliveredKey).filter((key): key is string => key !== undefined);
  const have = new Set(delivered);
  const lost = expectedKeys(sim, source).filter((key) => !have.has(key)).length;
  const ids = lines.map((l) => l.event_id);
  return { lost, duplicated: ids.length - new Set(ids).size, delivered: delivered.length };
}
