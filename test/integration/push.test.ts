import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointStatus } from '#cli/operator.ts';
import { type LocalPush, startLocalPush } from '#dev/push.ts';
import { startPushServer } from '#dev/pushServer.ts';
import { LOCAL_TABLE } from '#dev/stack.ts';
import { SIM_BASIC_AUTH } from '#fakes/simulator/catalogue.ts';
import { incidentWebhook, TEST_WEBHOOK, webhookTime } from '#fakes/simulator/webhooks.ts';
import { createPushHandler } from '#lib/entrypoints/pushReceiver.ts';
import { documentClient } from '../support/aws.ts';
import { captureOutput } from '../support/capture.ts';
import { localRun } from '../support/localRun.ts';

/**
 * The push path end to end, through real HTTP: the simulator posts its webhooks as a console does to
 * the receiver's real handler behind a local function URL; records land in the local Firehose beside
 * the polled ones (dynalite, the emulators, the real incidents handler).
 */
const output = captureOutput();
let run: Awaited<ReturnType<typeof localRun>>;
let push: LocalPush;

type Line = Record<string, unknown> & {
  source: string;
  event_id: string;
  alert: boolean;
  event_kind: string;
  normalized: { hash_id: string | null };
};
const lines = () => run.records() as unknown as Line[];
const byHash = (hash: string) => lines().filter((l) => l.normalized?.hash_id === hash);
const post = (
  body: unknown,
  headers: Record<string, string> = { [push.header.name]: push.header.value },
  to = push.consoleUrl,
  method = 'POST',
) =>
  fetch(to, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  }).then(async (reply) => ({ status: reply.status, body: (await reply.json()) as Record<string, unknown> }));
/** An incident made with the console's webhooks held back, so a test chooses when (or if) it is pushed. */
const quietIncident = (logtype = 2000) => {
  const hooks = new Map(run.simulator.webhooks.hooks);
  run.simulator.webhooks.hooks.clear();
  const [index] = run.simulator.addIncidents(1, { logtype });
  for (const [url, hook] of hooks) run.simulator.webhooks.hooks.set(url, hook);
  const rendered = run.simulator.store.render(index as number);
  return { body: incidentWebhook(rendered), hash: String(rendered.hash_id) };
};

beforeAll(async () => {
  run = await localRun({ simulator: { incidents: 5 } });
  push = await startLocalPush(run.stack, { settings: { PUSH_MAX_BODY_BYTES: '65536' } });
  await run.run('incidents');
  await run.run('audit-trail');
  await run.simulator.webhooks.settled();
});
afterAll(async () => {
  await push.stop();
  await run.stop();
});

describe('push and poll tell each incident once as an alert', () => {
  it('applied the webhook through the console API, and the console’s test webhook arrived as a test', () => {
    expect([...run.simulator.webhooks.hooks.values()]).toEqual([
      { url: push.consoleUrl, headers: { [push.header.name]: push.header.value }, auditTrail: true },
    ]);
    const test = lines().find((l) => l.source === 'alert' && l.event_kind === 'test');
    expect(test).toMatchObject({ alert: false, sourcetype: 'canary:alert', category: 'test' });
  });

  it('push first: the pushed record alerts within the request, the poll after it delivers the incident without alerting', async () => {
    const [index] = run.simulator.addIncidents(1, { logtype: 4002 });
    await run.simulator.webhooks.settled();
    const hash = String(run.simulator.store.render(index as number).hash_id);
    expect(run.simulator.webhooks.deliveries.at(-1)).toMatchObject({ status: 200, hash });
    expect(byHash(hash)).toEqual([
      expect.objectContaining({
        source: 'alert',
        alert: true,
        event_kind: 'new',
        logtype: 4002,
        severity: 'high',
      }),
    ]);
    await run.run('incidents');
    const told = byHash(hash);
    expect(told.map((l) => `${l.source}:${l.alert}`)).toEqual(['alert:true', 'incident:false']);
    // the polled record is the whole incident, with its events
    const polled = told[1]?.canary as { description: { events: unknown[] } } | undefined;
    expect(polled?.description.events.length).toBeGreaterThan(0);
  });

  it('poll first: the poll alerts, the push after it does not', async () => {
    const { body, hash } = quietIncident();
    await run.run('incidents');
    const reply = await post(body);
    expect(reply).toMatchObject({ status: 200, body: { ok: true, alert: false } });
    expect(byHash(hash).map((l) => `${l.source}:${l.alert}`)).toEqual(['incident:true', 'alert:false']);
  });

  it('push lost: nothing changes, the poll alerts', async () => {
    run.simulator.webhooks.drop = true;
    const [index] = run.simulator.addIncidents(1, { logtype: 2000 });
    run.simulator.webhooks.drop = false;
    const hash = String(run.simulator.store.render(index as number).hash_id);
    expect(run.simulator.webhooks.deliveries.at(-1)).toMatchObject({ status: 'failed', hash });
    await run.run('incidents');
    expect(byHash(hash).map((l) => `${l.source}:${l.alert}`)).toEqual(['incident:true']);
  });

  it('a replayed webhook gets the same event id: one alert in the SIEM, however often it is sent', async () => {
    const { body, hash } = quietIncident();
    const first = await post(body);
    const again = await post(body);
    expect(first.status).toBe(200);
    expect(again.body.event_id).toBe(first.body.event_id);
    await run.run('incidents');
    const alerting = new Set(
      byHash(hash)
        .filter((l) => l.alert)
        .map((l) => l.event_id),
    );
    expect(alerting).toEqual(new Set([first.body.event_id]));
  });

  it('a push Firehose refuses is answered 503 and gives its claim back: the poll alerts', async () => {
    const { body, hash } = quietIncident();
    run.stack.firehose.outage = { calls: 100, error: 'ServiceUnavailableException' };
    const refused = await post(body);
    run.stack.firehose.outage = undefined;
    expect(refused).toMatchObject({ status: 503 });
    await run.run('incidents');
    expect(byHash(hash).map((l) => `${l.source}:${l.alert}`)).toEqual(['incident:true']);
  });

  it('pushes audit-trail entries as audit_push, which never alert', async () => {
    run.simulator.addAudit(1);
    await run.simulator.webhooks.settled();
    const pushed = lines().filter((l) => l.source === 'audit_push');
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.at(-1)).toMatchObject({
      alert: false,
      event_kind: 'activity',
      sourcetype: 'canary:audit_push',
    });
  });

  it('masks the credentials a triggered Canarytoken’s request carried', async () => {
    const { body } = quietIncident(17000);
    const withAuth = {
      ...body,
      AdditionalDetails: [
        ...((body.AdditionalDetails as unknown[]) ?? []),
        ['Authorization', SIM_BASIC_AUTH],
      ],
    };
    const reply = await post(withAuth);
    expect(reply.status).toBe(200);
    const record = lines().find((l) => l.event_id === reply.body.event_id);
    expect(JSON.stringify(record)).not.toContain(SIM_BASIC_AUTH);
    expect(JSON.stringify(record)).toContain('"Authorization","********"');
  });
});

describe('claims stay out of the operator’s way', () => {
  it('status lists checkpoints only, not the alert claims beside them', async () => {
    const rows = await checkpointStatus(documentClient(run.stack.dynamo.url), LOCAL_TABLE);
    expect(rows.map((r) => `${r.console}#${r.source}`).sort()).toEqual([
      'local#audit-trail',
      'local#incidents',
    ]);
  });
});

describe('the receiver refuses what is not its console’s webhook', () => {
  const UNAUTHORIZED = { status: 401, body: { error: 'unauthorized' } };
  const marker = 'UNAUTHENTICATED-BODY-MARKER';

  it('answers 401, and the same 401, to a missing, wrong or another console’s header, and to an unknown console', async () => {
    const { body } = quietIncident();
    const tagged = { ...body, Intro: marker };
    expect(await post(tagged, {})).toEqual(UNAUTHORIZED);
    expect(await post(tagged, { [push.header.name]: 'f'.repeat(64) })).toEqual(UNAUTHORIZED);
    expect(await post(tagged, { [push.header.name]: push.header.value.slice(0, -1) })).toEqual(UNAUTHORIZED);
    expect(await post(tagged, undefined, `${push.url}/another-console`)).toEqual(UNAUTHORIZED);
    expect(await post(tagged, undefined, `${push.url}/`)).toEqual(UNAUTHORIZED);
    expect(await post(tagged, {}, push.consoleUrl, 'GET')).toEqual(UNAUTHORIZED);
  });

  it('bounds the body, and says what is wrong to its console only', async () => {
    expect(await post({ huge: 'x'.repeat(70_000) })).toMatchObject({ status: 413 });
    expect(await post('{"not json')).toMatchObject({ status: 400, body: { error: 'not JSON' } });
    const wrong = await post({
      IncidentHash: 'abc',
      Timestamp: 'yesterday',
      Description: 'secret-looking-value',
    });
    expect(wrong.status).toBe(400);
    expect(String(wrong.body.problems)).toContain('Timestamp');
    expect(String(wrong.body.problems)).not.toContain('secret-looking-value');
    expect(await post({}, undefined, push.consoleUrl, 'GET')).toMatchObject({ status: 405 });
  });

  it('refuses a replay from long ago, or a time in the future: polling delivers those', async () => {
    const { body } = quietIncident();
    const old = await post({ ...body, Timestamp: webhookTime(Math.floor(Date.now() / 1000) - 7200) });
    expect(old).toMatchObject({ status: 400 });
    expect(String(old.body.error)).toContain('polling delivers it');
    const future = await post({ ...TEST_WEBHOOK(Date.now() + 3_600_000) });
    expect(future.status).toBe(400);
  });

  it('drops a sender that does not finish its request in time', async () => {
    const slow = await startPushServer(createPushHandler(), { requestTimeoutMs: 500 });
    const port = Number(new URL(slow.url).port);
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /local HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n${push.header.name}: ${push.header.value}\r\n\r\n{"a":`,
        );
      });
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve(answer));
    });
    await slow.stop();
    expect(closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('hashes a token hit’s credentials under a key of its own when OUTPUT_CREDENTIALS is hash', async () => {
    process.env.OUTPUT_CREDENTIALS = 'hash';
    // the handler reads its environment on its first request
    const hashing = await startPushServer(createPushHandler());
    const { body } = quietIncident(17000);
    const reply = await post(
      { ...body, AdditionalDetails: [['Authorization', SIM_BASIC_AUTH]] },
      undefined,
      `${hashing.url}/local`,
    );
    delete process.env.OUTPUT_CREDENTIALS;
    await hashing.stop();
    expect(reply.status).toBe(200);
    const record = lines().find((l) => l.event_id === reply.body.event_id);
    expect(JSON.stringify(record)).toMatch(/"Authorization","hmac-sha256:[0-9a-f]{32}"/);
  });

  it('limits the rate, answering 429 with Retry-After', async () => {
    const saved = { rate: process.env.PUSH_RATE_PER_SECOND, burst: process.env.PUSH_BURST };
    process.env.PUSH_RATE_PER_SECOND = '1';
    process.env.PUSH_BURST = '3';
    const limited = await startPushServer(createPushHandler());
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post(TEST_WEBHOOK(Date.now()), undefined, `${limited.url}/local`)).status);
    await limited.stop();
    process.env.PUSH_RATE_PER_SECOND = saved.rate;
    process.env.PUSH_BURST = saved.burst;
    if (saved.rate === undefined) delete process.env.PUSH_RATE_PER_SECOND;
    if (saved.burst === undefined) delete process.env.PUSH_BURST;
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
  });

  it('never logs or delivers the push key, a header value or an unauthenticated body', () => {
    const logs = output.join('');
    const delivered = lines()
      .map((l) => JSON.stringify(l))
      .join('\n');
    expect(delivered).not.toContain(push.header.value);
    expect(delivered).not.toContain(marker);
    expect(delivered).not.toContain(run.simulator.options.authToken);
    expect(logs).toContain('webhook refused');
    expect(logs).not.toContain(push.header.value);
    expect(logs).not.toContain(marker);
    const key = run.stack.secrets.handle('GetSecretValue', { SecretId: 'canary-collector/push' }) as {
      SecretString: string;
    };
    const pushKey = (JSON.parse(key.SecretString) as { key: string }).key;
    expect(logs).not.toContain(pushKey);
    expect(delivered).not.toContain(pushKey);
    expect(logs).not.toContain(run.simulator.options.authToken);
  });
});
