import { describe, expect, it } from 'vitest';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { auditWebhook, incidentWebhook, TEST_WEBHOOK } from '#fakes/simulator/webhooks.ts';
import { consolePushValue, samePushValue, verifyPushValue } from '#lib/push/auth.ts';
import { readWebhook } from '#lib/push/payload.ts';
import { RateLimit } from '#lib/push/rateLimit.ts';
import { pushedRecord } from '#lib/push/records.ts';

const sim = new CanarySimulator({ incidents: 50, seed: 3 });
const AT = '2026-11-23T00:00:00.000Z';
const read = (body: unknown) => {
  const result = readWebhook(body);
  if (!result.ok) throw new Error(result.problems);
  return result.webhook;
};

describe('webhook bodies', () => {
  it('tells incidents, the test incident and audit entries apart, as the console sends them', () => {
    expect(read(incidentWebhook(sim.store.render(0))).kind).toBe('incident');
    expect(read(TEST_WEBHOOK(Date.parse(AT))).kind).toBe('test');
    expect(read(auditWebhook(sim.audit.render(1))).kind).toBe('audit');
  });

  it('names what is wrong by path, never echoing a value', () => {
    const wrong = readWebhook({
      IncidentHash: 'x',
      Timestamp: 'soon',
      Description: 'SECRET-VALUE',
      LogType: 'abc',
    });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.problems).toMatch(/IncidentHash/);
    expect(wrong.problems).toMatch(/Timestamp/);
    expect(wrong.problems).not.toContain('SECRET-VALUE');
    expect(readWebhook({ type: 'console-audit', payload: { timestamp: 'nope' } }).ok).toBe(false);
    expect(readWebhook([]).ok).toBe(false);
  });
});

describe('pushed records', () => {
  const body = incidentWebhook(sim.store.render(1));
  const webhook = read(body);

  it('get the same event id from the same hash and time, whatever else the body holds', () => {
    const one = pushedRecord('c', webhook, AT, { credentials: { mode: 'mask' }, alert: true });
    const again = pushedRecord('c', read({ ...body, Intro: 'changed' }), '2026-11-24T00:00:00.000Z', {
      credentials: { mode: 'mask' },
      alert: false,
    });
    expect(again.event_id).toBe(one.event_id);
    expect(
      pushedRecord('other', webhook, AT, { credentials: { mode: 'mask' }, alert: true }).event_id,
    ).not.toBe(one.event_id);
    expect(one).toMatchObject({ source: 'alert', sourcetype: 'canary:alert', time: expect.any(String) });
    expect((one.normalized as { hash_id: string }).hash_id).toBe(body.IncidentHash);
  });

  it('treat secret details as OUTPUT_CREDENTIALS says: masked, hashed or kept', () => {
    const secret = read({
      ...body,
      AdditionalDetails: [
        ['Authorization', 'Basic dXNlcjpwYXNz'],
        ['User-Agent', 'curl/8'],
      ],
    });
    const details = (mode: 'mask' | 'hash' | 'keep') =>
      (
        pushedRecord('c', secret, AT, { credentials: { mode, hashKey: 'k' }, alert: true }).canary as {
          AdditionalDetails: unknown[];
        }
      ).AdditionalDetails;
    expect(details('mask')).toEqual([
      ['Authorization', '********'],
      ['User-Agent', 'curl/8'],
    ]);
    expect(String((details('hash')[0] as string[])[1])).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(details('keep')).toEqual([
      ['Authorization', 'Basic dXNlcjpwYXNz'],
      ['User-Agent', 'curl/8'],
    ]);
  });

  it('never alert on the test webhook, nor on an operational logtype', () => {
    const test = pushedRecord('c', read(TEST_WEBHOOK(Date.parse(AT))), AT, {
      credentials: { mode: 'mask' },
      alert: true,
    });
    expect(test).toMatchObject({ alert: false, event_kind: 'test', category: 'test' });
    const disconnected = pushedRecord('c', read({ ...body, LogType: '1004' }), AT, {
      credentials: { mode: 'mask' },
      alert: true,
    });
    expect(disconnected.alert).toBe(false);
  });
});

describe('the push header and the rate', () => {
  it('derives a value per console and registration, compared whatever its length', () => {
    const key = 'k'.repeat(64);
    const nonce = '0'.repeat(32);
    const a = consolePushValue(key, { name: 'a', pushNonce: nonce });
    expect(a).toMatch(/^0{32}\.[0-9a-f]{64}$/);
    expect(consolePushValue(key, { name: 'b', pushNonce: nonce })).not.toBe(a);
    expect(consolePushValue('j'.repeat(64), { name: 'a', pushNonce: nonce })).not.toBe(a);
    expect(consolePushValue(key, { name: 'a', pushNonce: '1'.repeat(32) })).not.toBe(a);
    // checked with the key alone: the value names its nonce, which the registry must still hold
    expect(verifyPushValue(key, 'a', a)).toBe(nonce);
    expect(verifyPushValue(key, 'b', a)).toBe(false);
    expect(verifyPushValue(key, 'a', `${'1'.repeat(32)}${a.slice(32)}`)).toBe(false);
    expect(verifyPushValue(key, 'a', `x.${a.slice(33)}`)).toBe(false);
    // a registration from before nonces: the name's HMAC alone
    const legacy = consolePushValue(key, { name: 'a' });
    expect(legacy).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyPushValue(key, 'a', legacy)).toBeUndefined();
    expect(samePushValue(a, a)).toBe(true);
    expect(samePushValue(a.slice(1), a)).toBe(false);
    expect(samePushValue('', a)).toBe(false);
  });

  it('takes a burst, then the rate as time passes', () => {
    let now = 0;
    const limit = new RateLimit(2, 3, () => now);
    expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([true, true, true, false]);
    now += 500;
    expect([limit.take(), limit.take()]).toEqual([true, false]);
    now += 10_000;
    expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([true, true, true, false]);
  });
});
