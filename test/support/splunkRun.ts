import { readFileSync } from 'node:fs';
import { startLocalPush } from '#dev/push.ts';
import { type Fields, parseConf, type SplunkApp, searchTimeFields } from '#siem/splunk/emulate.ts';
import { localRun } from './localRun.ts';

const APP = new URL('../../siem/splunk/TA-thinkst-canary/default/', import.meta.url);

/** A file of the add-on's default/ folder, parsed. */
export const splunkConf = (name: string) => parseConf(readFileSync(new URL(name, APP), 'utf8'));

/** The add-on's search-time knowledge: props, event types, tags. */
export function splunkApp(): SplunkApp {
  return {
    props: splunkConf('props.conf'),
    eventtypes: splunkConf('eventtypes.conf'),
    tags: splunkConf('tags.conf'),
  };
}

export type Envelope = {
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  event: Record<string, unknown>;
};

/**
 * Real output in HEC envelopes, as Splunk receives it: the real handlers of every source and the
 * push receiver, on a simulator with one address sweeping several Canaries, Canarytoken hits pushed
 * and polled, new audit entries, and `offline` Canaries taken offline; each envelope's event through
 * the add-on's search-time processing.
 */
export async function splunkOutput(options: {
  simulator: Record<string, number>;
  offline: number;
}): Promise<{ envelopes: Envelope[]; events: Fields[]; stop: () => Promise<void> }> {
  const local = await localRun({ simulator: options.simulator, settings: { OUTPUT_ENVELOPE: 'splunk-hec' } });
  // the push path too: the receiver's records go out in the same envelopes
  const push = await startLocalPush(local.stack);
  local.simulator.addIncidents(6, { logtype: 4002, src: '203.0.113.7' });
  local.simulator.addIncidents(2, { logtype: 17000 });
  local.simulator.addAudit(4);
  await local.simulator.webhooks.settled();
  for (const id of local.simulator.devices.ids().slice(0, options.offline))
    local.simulator.devices.setLive(id, false);
  for (const source of ['incidents', 'audit-trail', 'birds', 'tokens'] as const) await local.run(source);
  const envelopes = readFileSync(local.outFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Envelope);
  const app = splunkApp();
  return {
    envelopes,
    events: envelopes.map((e) => searchTimeFields(app, e.sourcetype, e.event)),
    stop: async () => {
      delete process.env.OUTPUT_ENVELOPE;
      await push.stop();
      await local.stop();
    },
  };
}
