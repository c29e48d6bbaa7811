import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import { parseOrThrow } from '../model/issues.ts';
import { newPushNonce } from '../model/pushNonce.ts';
import { type ConsoleRegistry, type RegistryEntry, RegistryEntrySchema } from './registry.ts';

/**
 * The deployment config's `consoles`, applied to the console registry at deploy: the registry is the
 * one place consoles live, and the config's list is a declarative view of the entries it owns.
 */

/** A listed console as the stack writes it beside the sync function (its secret already resolved). */
export const ListedConsoleSchema = RegistryEntrySchema.pick({
  name: true,
  secretId: true,
  incidentsFrom: true,
  auditFrom: true,
  allowedHosts: true,
});
export type ListedConsole = z.input<typeof ListedConsoleSchema>;

export interface SyncSummary {
  /** Entries written before the registry index, put into it (any owner's: the dispatcher reads it). */
  indexed: string[];
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
}

/**
 * Makes the registry's config-owned entries exactly `listed`: adds the new, updates the changed
 * (keeping each one's paused flag and first registration), removes those taken off the list. Entries
 * added with `console add` are never touched; a listed name that is one of them is refused before
 * anything is written, since either owner could then undo the other's change.
 */
export async function syncRegistry(
  registry: ConsoleRegistry,
  listed: readonly ListedConsole[],
  now: Date = new Date(),
): Promise<SyncSummary> {
  const wanted = listed.map((c) => ListedConsoleSchema.parse(c));
  const indexed = await registry.adoptUnindexed();
  // read consistently: the index may not list yet what adoptUnindexed just put into it
  const existing = new Map((await registry.listConsistent()).map((entry) => [entry.name, entry]));
  const taken = wanted.filter((c) => existing.get(c.name)?.managedBy === 'cli').map((c) => c.name);
  if (taken.length > 0)
    throw new CollectorError(
      'CONFIG_INVALID',
      `listed in the deployment config but added with canary-collector console add: ${taken.join(', ')}; remove them with console remove (or take them off the list), then deploy again`,
    );
  // the fleet's functions read this table's registry (the dispatcher says so too, on its first run)
  await registry.markFleet();
  const summary: SyncSummary = { indexed, added: [], updated: [], removed: [], unchanged: 0 };
  for (const console of wanted) {
    const current = existing.get(console.name);
    const entry: RegistryEntry = {
      ...console,
      sources: {},
      paused: current?.paused ?? false,
      addedAt: current?.addedAt ?? now.toISOString(),
      managedBy: 'config',
      // a listed console keeps its webhook header across deploys; a newly listed one gets its own
      ...(current === undefined
        ? { pushNonce: newPushNonce() }
        : current.pushNonce === undefined
          ? {}
          : { pushNonce: current.pushNonce }),
    };
    if (current !== undefined && sameEntry(current, entry)) {
      summary.unchanged += 1;
      continue;
    }
    await registry.put(entry, { replace: true });
    (current === undefined ? summary.added : summary.updated).push(console.name);
  }
  const names = new Set(wanted.map((c) => c.name));
  for (const entry of existing.values()) {
    if (entry.managedBy !== 'config' || names.has(entry.name)) continue;
    await registry.remove(entry.name);
    summary.removed.push(entry.name);
  }
  return summary;
}

function sameEntry(a: RegistryEntry, b: RegistryEntry): boolean {
  const canonical = (entry: RegistryEntry) =>
    JSON.stringify(Object.fromEntries(Object.entries(entry).sort(([x], [y]) => x.localeCompare(y))));
  return canonical(a) === canonical(b);
}

/** The text's SHA-256, which the custom resource carries so that a list change is an update. */
export const listDigest = (text: string) => createHash('sha256').update(text).digest('hex');

/** The list file the stack bundles beside the sync function (`consoles.json`), and its digest. */
export function readListedConsoles(file: string): { consoles: ListedConsole[]; digest: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CollectorError(
      'CONFIG_INVALID',
      `the console list ${file} is missing from the function bundle`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CollectorError('CONFIG_INVALID', `the console list ${file} is not JSON`);
  }
  return {
    consoles: parseOrThrow(z.array(ListedConsoleSchema), json, 'console list'),
    digest: listDigest(text),
  };
}

export const CONSOLE_LIST_FILE = 'consoles.json';
export const listFileIn = (folder: string) => join(folder, CONSOLE_LIST_FILE);
