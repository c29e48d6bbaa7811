import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPush, startLocalPush } from '#dev/push.ts';
import { startPushServer } from '#dev/pushServer.ts';
import { incidentWebhook, TEST_WEBHOOK } from '#fakes/simulator/webhooks.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { createPushHandler } from '#lib/entrypoints/pushReceiver.ts';
import { consolePushValue, PUSH_HEADER } from '#lib/push/auth.ts';
import { documentClient } from '../support/aws.ts';
import { captureOutput } from '../support/capture.ts';
import { localRun } from '../support/localRun.ts';

/**
 * The receiver under abuse, through real HTTP: an unauthenticated flood takes nothing from a genuine
 * console, refusals are counted rather than logged each, client mistakes are 400s (503 only when
 * delivery fails), and a console's header is revoked by removing, pausing or rotating it.
 */
const output = captureOutput();
let run: Awaited<ReturnType<typeof localRun>>;
let push: LocalPush;
let registry: ConsoleRegistry;
let pushKey: string;

const send = (url: string, body: unknown, header?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(header === undefined ? {} : { [PUSH_HEADER]: header }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (reply) => ({ status: reply.status, body: (await reply.json()) as Record<string, unknown> }));

beforeAll(async () => {
  run = await localRun({ simulator: { incidents: 0 } });
  push = await startLocalPush(run.stack, { auditTrail: false });
  await run.simulator.webhooks.settled();
  registry = new ConsoleRegistry(
    documentClient(run.stack.dynamo.url),
    run.stack.env.CHECKPOINT_TABLE as string,
  );
  const secret = run.stack.secrets.handle('GetSecretValue', { SecretId: 'canary-collector/push' }) as {
    SecretString: string;
  };
  pushKey = (JSON.parse(secret.SecretString) as { key: string }).key;
});
afterAll(async () => {
  await push.stop();
  await run.stop();
});

describe('an unauthenticated flood', () => {
  it('takes nothing from a genuine console’s rate, is counted once a minute and logged once', async () => {
    let now = Date.now();
    const handler = createPushHandler({
      env: { ...process.env, PUSH_RATE_PER_SECOND: '1', PUSH_BURST: '3' },
      now: () => now,
    });
    const server = await startPushServer(handler);
    const url = `${server.url}/${run.stack.consoleName}`;
    const logged = () =>
      output
        .join('')
        .split('\n')
        .filter((l) => l.includes('"webhook refused"')).length;
    const before = logged();
    try {
      const statuses: number[] = [];
      for (let round = 0; round < 3; round++) {
        const flood = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            send(url, { flood: i }, i % 2 === 0 ? undefined : 'f'.repeat(64)).then((r) => r.status),
          ),
        );
        expect(new Set(flood)).toEqual(new Set([401]));
        statuses.push((await send(url, TEST_WEBHOOK(now), push.header.value)).status);
      }
      // the genuine console had its whole burst: 600 refused requests took none of it
      expect(statuses).toEqual([200, 200, 200]);
      // one log line for 600 refusals; the count is published with the first request after a minute
      expect(logged() - before).toBe(1);
      now += 61_000;
      // the late request is counted in the window it closes
      await send(url, { late: true });
      const metrics = output
        .join('')
        .split('\n')
        .filter((l) => l.includes('"WebhookRequests"') && l.includes('"unauthorized"'));
      expect(metrics.length).toBeGreaterThan(0);
      expect(JSON.parse(metrics.at(-1) as string)).toMatchObject({
        outcome: 'unauthorized',
        WebhookRequests: 601,
      });
    } finally {
      await server.stop();
    }
  });
});

describe('client mistakes are 400s that say what is wrong', () => {
  it('a body nested deeper than 32 levels, a month 13, a February 30: 400, never 500 or 503', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(await send(push.consoleUrl, deep, push.header.value)).toMatchObject({
      status: 400,
      body: { error: 'nested deeper than 32 levels' },
    });
    for (const Timestamp of ['2026-13-01 10:00:00 (UTC)', '2026-02-30 10:00:00 (UTC)']) {
      const reply = await send(
        push.consoleUrl,
        { ...TEST_WEBHOOK(Date.now()), Timestamp },
        push.header.value,
      );
      expect(reply.status, Timestamp).toBe(400);
      expect(String(reply.body.problems)).toContain('Timestamp: a real date and time');
    }
    const refused = output
      .join('')
      .split('\n')
      .filter((l) => l.includes('"delivery-failed"'));
    expect(refused).toEqual([]);
  });
});

describe('a console’s header is revoked without touching the deployment key', () => {
  const incident = () => {
    const [index] = run.simulator.addIncidents(1, { logtype: 2000 });
    return incidentWebhook(run.simulator.store.render(index as number));
  };

  it('paused: refused like an unknown console, and taken again once resumed', async () => {
    await registry.setPaused(run.stack.consoleName, true);
    expect(await send(push.consoleUrl, TEST_WEBHOOK(Date.now()), push.header.value)).toEqual({
      status: 401,
      body: { error: 'unauthorized' },
    });
    await registry.setPaused(run.stack.consoleName, false);
    expect((await send(push.consoleUrl, TEST_WEBHOOK(Date.now()), push.header.value)).status).toBe(200);
  });

  it('rotated: the old header is refused, the new one taken', async () => {
    const old = push.header.value;
    const nonce = await registry.rotatePushNonce(run.stack.consoleName);
    const fresh = consolePushValue(pushKey, { name: run.stack.consoleName, pushNonce: nonce });
    expect(fresh).not.toBe(old);
    expect((await send(push.consoleUrl, incident(), old)).status).toBe(401);
    expect((await send(push.consoleUrl, incident(), fresh)).status).toBe(200);
  });

  it('removed and added again: a new header, the old one refused', async () => {
    const entry = await registry.get(run.stack.consoleName);
    const old = consolePushValue(pushKey, entry as NonNullable<typeof entry>);
    await registry.remove(run.stack.consoleName);
    expect((await send(push.consoleUrl, incident(), old)).status).toBe(401);
    const { pushNonce: _, ...rest } = entry as NonNullable<typeof entry>;
    const added = await registry.put(rest);
    expect(added.pushNonce).toMatch(/^[0-9a-f]{32}$/);
    expect(added.pushNonce).not.toBe(entry?.pushNonce);
    expect((await send(push.consoleUrl, incident(), old)).status).toBe(401);
    expect((await send(push.consoleUrl, incident(), consolePushValue(pushKey, added))).status).toBe(200);
  });

  it('a registration from before nonces keeps its header until it is rotated', async () => {
    const entry = await registry.get(run.stack.consoleName);
    const { pushNonce: _, ...legacy } = entry as NonNullable<typeof entry>;
    await registry.put(legacy, { replace: true });
    const header = consolePushValue(pushKey, { name: run.stack.consoleName });
    expect((await send(push.consoleUrl, incident(), header)).status).toBe(200);
    // a nonce-style value is not accepted for an entry that has none
    const forged = consolePushValue(pushKey, { name: run.stack.consoleName, pushNonce: '0'.repeat(32) });
    expect((await send(push.consoleUrl, incident(), forged)).status).toBe(401);
    await registry.rotatePushNonce(run.stack.consoleName);
    expect((await send(push.consoleUrl, incident(), header)).status).toBe(401);
  });
});
