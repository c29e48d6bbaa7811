import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StopRequest } from '#cli/stopSignal.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { addWebhook, removeWebhook, webhookUrls } from '#lib/canary/webhookSettings.ts';

/** The webhook removal `run --push` relies on, against the simulator's settings API. */
const simulator = new CanarySimulator({ authToken: 'settings-key-0123456789abcdef' });
let api: string;
const token = simulator.options.authToken;
const hook = 'http://127.0.0.1:9/acme';
beforeAll(async () => {
  api = `${await simulator.start()}/api/v1`;
});
afterAll(() => simulator.stop());

describe('removeWebhook', () => {
  it('removes the webhook at the URL only, and says when there was none', async () => {
    simulator.webhooks.hooks.set('https://other.example.com/x', {
      url: 'https://other.example.com/x',
      headers: {},
      auditTrail: false,
    });
    await addWebhook(api, token, { url: hook, headers: { 'X-Canary-Collector-Key': 'v' }, auditTrail: true });
    expect(await webhookUrls(api, token)).toContain(hook);
    expect(await removeWebhook(api, token, hook)).toBe('removed');
    expect(await webhookUrls(api, token)).toEqual(['https://other.example.com/x']);
    expect(await removeWebhook(api, token, hook)).toBe('absent');
  });

  it('does not trust a success the console did not carry out: a webhook still listed is an error with the fix', async () => {
    await addWebhook(api, token, { url: hook, headers: {}, auditTrail: false });
    simulator.inject({ path: '/settings/generic/remove', status: 200, body: '{"result":"success"}' });
    await expect(removeWebhook(api, token, hook)).rejects.toThrow(
      `the console still lists the webhook at ${hook} after removing it: remove it in the console (Settings → Webhooks → Generic)`,
    );
    expect(simulator.webhooks.hooks.has(hook)).toBe(true);
    // a refusal it gives is passed on as it is (here: a key that may not change settings)
    simulator.readOnly = true;
    await expect(removeWebhook(api, token, hook)).rejects.toMatchObject({ code: 'CANARY_FORBIDDEN' });
    simulator.readOnly = false;
    expect(await removeWebhook(api, token, hook)).toBe('removed');
  });
});

describe('StopRequest', () => {
  it('a stop requested cuts a wait short, and a wait after it does not wait at all', async () => {
    const stop = new StopRequest();
    const started = Date.now();
    const waiting = stop.sleep(60_000);
    setTimeout(() => stop.request(), 20);
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stop.requested).toBe(true);
    const again = Date.now();
    await stop.sleep(60_000);
    expect(Date.now() - again).toBeLessThan(100);
  });
});
