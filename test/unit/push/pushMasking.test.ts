import { describe, expect, it } from 'vitest';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { incidentWebhook } from '#fakes/simulator/webhooks.ts';
import { toEcs } from '#lib/output/ecs/index.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { MASK } from '#lib/output/shared/credentials.ts';
import { readWebhook } from '#lib/push/payload.ts';
import { pushedRecord } from '#lib/push/records.ts';

/**
 * A triggered Canarytoken's webhook, its AdditionalDetails as an attacker's request filled them:
 * secrets under the names the console uses for request fields, and inside free text. The pushed
 * record holds none of them in any format; the details that are not secrets stay as sent.
 */
const sim = new CanarySimulator({ incidents: 5, seed: 11 });
const AT = '2026-11-23T00:00:00.000Z';
const GITHUB = `ghp_${'R2d2'.repeat(9)}`;
const DETAILS: Array<[string, string]> = [
  ['Src Port', '51234'],
  ['User-Agent', 'python-requests/2.31'],
  ['Pwd', 'push-pwd-1'],
  ['auth', 'Bearer push-auth-2'],
  ['apikey', 'push-apikey-3'],
  ['X-Api-Key', 'push-header-4'],
  ['Cookie', 'session=push-cookie-5'],
  ['Referer', 'https://admin:push-url-6@intranet.example.com/login'],
  ['Request Args', `repo=acme&via=${GITHUB}`],
  ['Raw Headers', 'Host: x\r\nSet-Cookie: sid=push-cookie-7\r\nAccept: */*'],
  ['Body', 'Data Source=db01;Initial Catalog=hr;User ID=sa;Password=push-conn-8;'],
];
const SECRETS = [
  'push-pwd-1',
  'push-auth-2',
  'push-apikey-3',
  'push-header-4',
  'push-cookie-5',
  'push-url-6',
  GITHUB,
  'push-cookie-7',
  'push-conn-8',
];

describe('a pushed token hit with credentials in its details', () => {
  const body = { ...incidentWebhook(sim.store.render(0)), AdditionalDetails: DETAILS };
  const result = readWebhook(body);
  if (!result.ok) throw new Error(result.problems);
  const record = pushedRecord('c', result.webhook, AT, { credentials: { mode: 'mask' }, alert: true });

  it('carries none of them, natively, in OCSF or in ECS', () => {
    for (const text of [record, toOcsf(record), toEcs(record)].map((r) => JSON.stringify(r)))
      for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('masks whole values by name and only the secret inside text', () => {
    const details = new Map(
      (record.canary as { AdditionalDetails: Array<[string, string]> }).AdditionalDetails,
    );
    for (const name of ['Pwd', 'auth', 'apikey', 'X-Api-Key', 'Cookie']) expect(details.get(name)).toBe(MASK);
    expect(details.get('User-Agent')).toBe('python-requests/2.31');
    expect(details.get('Src Port')).toBe('51234');
    expect(details.get('Referer')).toBe(`https://admin:${MASK}@intranet.example.com/login`);
    expect(details.get('Request Args')).toBe(`repo=acme&via=${MASK}`);
    expect(details.get('Raw Headers')).toBe(`Host: x\r\nSet-Cookie: ${MASK}\r\nAccept: */*`);
    expect(details.get('Body')).toBe(`Data Source=db01;Initial Catalog=hr;User ID=sa;Password=${MASK};`);
  });
});
