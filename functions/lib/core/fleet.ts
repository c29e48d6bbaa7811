import { createHash } from 'node:crypto';
import type { SourceName } from './ports.ts';

/**
 * When each console of a fleet runs. No state: a console with an interval of N minutes is due in the
 * minutes whose number, plus the console's own offset, divides by N. So it runs exactly once per
 * interval whatever the dispatcher did before (a missed minute delays it one interval, never runs it
 * twice), and a thousand consoles spread evenly over the interval instead of all starting at :00.
 */
export interface FleetMember {
  name: string;
  paused: boolean;
  sources: Partial<Record<SourceName, { enabled?: boolean; intervalMinutes?: number }>>;
}

export interface SourceDefaults {
  enabled: boolean;
  intervalMinutes: number;
}

/** A console's fixed place in every interval, from its name (stable across dispatchers and deploys). */
export function offsetMinutes(name: string, intervalMinutes: number): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) % intervalMinutes;
}

/** The consoles due to run `source` in the minute `epochMinute` (minutes since 1970, UTC). */
export function dueConsoles(
  members: FleetMember[],
  source: SourceName,
  defaults: SourceDefaults,
  epochMinute: number,
): string[] {
  return members
    .filter((member) => {
      const own = member.sources[source] ?? {};
      if (member.paused || !(own.enabled ?? defaults.enabled)) return false;
      const interval = own.intervalMinutes ?? defaults.intervalMinutes;
      return (epochMinute + offsetMinutes(member.name, interval)) % interval === 0;
    })
    .map((member) => member.name);
}
