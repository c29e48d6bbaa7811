import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalPush, startLocalPush } from '#dev/push.ts';
import { incidentWebhook, webhookTime } from '#fakes/simulator/webhooks.ts';
import { AlertClaims } from '#lib/aws/alertClaims.ts';
import { documentClient } from '../support/aws.ts';
import { captureOutput } from '../support/capture.ts';
import { localRun } from '../support/localRun.ts';

/**
 * The alert invariant as one table: for every attack incident exactly one record alerts, across
 * polling, push (first, after the poll, lost, replayed, re-sent with a new Timestamp, forged with an
 * operational LogType, failing at Firehose, stopped between its claim and its put), split parts,
 * fragments and flattened events, in every format (native `alert`, OCSF `is_alert`, ECS
 * `event.kind: alert`). An operational incident alerts never. Everything runs through the real
 * incidents handler, the real receiver over HTTP and the simulated console; the count is of the
 * records Firehose took, per incident.
 */
captureOutput();

const LIVES = {
  'new attack incident': { logtype: 2000 },
  'operational incident': { logtype: 1004 },
  acknowledged: { logtype: 4002 },
  'joined by events': { logtype: 2000, events: 2 },
  'huge, split into parts': { logtype: 4002, events: 2, eventBytes: 1_100_000 },
  'token hit': { logtype: 17000 },
} as const;
type Life = keyof typeof LIVES;

const PATHS = [
  'poll only',
  'push lost',
  'push first',
  'poll first',
  'push replayed',
  'push with a new Timestamp',
  'push forged as operational',
  'push failing at the put',
  'push stopped after its claim',
] as const;
type Path = (typeof PATHS)[number];

const FORMATS = {
  native: (r: Record<string, unknown>) => r.alert === true,
  ocsf: (r: Record<string, unknown>) => r.is_alert === true,
  ecs: (r: Record<string, unknown>) => (r.event as { kind?: string } | undefined)?.kind === 'alert',
} as const;
type Format = keyof typeof FORMATS;

interface Case {
  life: Life;
  path: Path;
  hash: string;
  id: string;
  index: number;
  body: Record<string, unknown>;
  /** event_ids the receiver answered with, in order. */
  answered: string[];
}

const table: string[] = [];
afterAll(() => {
  // the figure for the closing note: alerting records per incident, per cell
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/alert-invariant.tsv',
    `format\toutput\tlife\tpath\talerting records\n${table.join('\n')}\n`,
  );
});

describe.each(
  (Object.keys(FORMATS) as Format[]).flatMap((format) => [
    { format, flatten: false },
    { format, flatten: true },
  ]),
)('one alert per attack incident: $format, flattened $flatten', ({ format, flatten }) => {
  it('every life on every path alerts exactly once (operational: never)', async () => {
    const run = await localRun({ simulator: { incidents: 0 } });
    let push: LocalPush | undefined;
    try {
      push = await startLocalPush(run.stack, {
        settings: {
          OUTPUT_FORMAT: format,
          OUTPUT_FLATTEN: String(flatten),
          PUSH_MAX_BODY_BYTES: '65536',
          PUSH_RATE_PER_SECOND: '1000',
          PUSH_BURST: '10000',
        },
      });
      const receiver = push;
      await run.simulator.webhooks.settled();
      const post = async (body: Record<string, unknown>) => {
        const reply = await fetch(receiver.consoleUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [receiver.header.name]: receiver.header.value },
          body: JSON.stringify(body),
        });
        return { status: reply.status, body: (await reply.json()) as { event_id?: string; alert?: boolean } };
      };
      const claims = new AlertClaims(
        documentClient(run.stack.dynamo.url),
        run.stack.env.CHECKPOINT_TABLE as string,
      );

      const add = (life: Life, webhooks: 'sent' | 'lost' | 'held') => {
        const hooks = new Map(run.simulator.webhooks.hooks);
        if (webhooks === 'held') run.simulator.webhooks.hooks.clear();
        run.simulator.webhooks.drop = webhooks === 'lost';
        const [index] = run.simulator.addIncidents(1, LIVES[life]);
        run.simulator.webhooks.drop = false;
        for (const [url, hook] of hooks) run.simulator.webhooks.hooks.set(url, hook);
        const rendered = run.simulator.store.render(index as number);
        return {
          index: index as number,
          hash: String(rendered.hash_id),
          id: String(rendered.id),
          body: incidentWebhook(rendered),
        };
      };

      // before the first poll
      const cases: Case[] = [];
      for (const life of Object.keys(LIVES) as Life[]) {
        for (const path of PATHS) {
          const made = add(life, path === 'push first' ? 'sent' : path === 'push lost' ? 'lost' : 'held');
          const c: Case = { life, path, ...made, answered: [] };
          cases.push(c);
          const answer = async (body: Record<string, unknown>, status = 200) => {
            const reply = await post(body);
            expect(reply.status, `${life} / ${path}`).toBe(status);
            if (reply.body.event_id !== undefined) c.answered.push(reply.body.event_id);
          };
          if (path === 'push replayed') {
            await answer(c.body);
            await answer(c.body);
          } else if (path === 'push with a new Timestamp') {
            await answer(c.body);
            const later =
              Date.parse(`${String(c.body.Timestamp).slice(0, 19).replace(' ', 'T')}Z`) / 1000 + 1;
            await answer({ ...c.body, Timestamp: webhookTime(later) });
          } else if (path === 'push forged as operational') {
            await answer({ ...c.body, LogType: 1004 });
          } else if (path === 'push failing at the put') {
            run.stack.firehose.outage = { calls: 100, error: 'ServiceUnavailableException' };
            await answer(c.body, 503);
            run.stack.firehose.outage = undefined;
          } else if (path === 'push stopped after its claim') {
            // the receiver claimed the incident, then its container stopped before the put
            await claims.claimForPush(run.stack.consoleName, c.hash);
          }
        }
      }
      await run.simulator.webhooks.settled();
      expect((await run.run('incidents')).status).toBe('completed');

      // after it: pushes that come late, and the incidents' later lives
      for (const c of cases) {
        if (c.path === 'poll first') {
          const reply = await post(c.body);
          expect(reply.status).toBe(200);
          expect(reply.body.alert).toBe(false);
        }
        if (c.life === 'acknowledged') run.simulator.store.acknowledge(c.index);
        if (c.life === 'joined by events') run.simulator.store.addEvents(c.index, 3);
      }
      expect((await run.run('incidents')).status).toBe('completed');

      const lines = run.records() as unknown as Array<Record<string, unknown>>;
      const texts = lines.map((line) => JSON.stringify(line));
      const alerting = FORMATS[format];
      let attributed = 0;
      for (const c of cases) {
        const mine = lines.filter((_, i) => texts[i]?.includes(c.hash) || texts[i]?.includes(c.id));
        expect(mine.length, `${c.life} / ${c.path}: no records`).toBeGreaterThan(0);
        const alerts = mine.filter(alerting).length;
        attributed += alerts;
        const expected = c.life === 'operational incident' ? 0 : 1;
        table.push(`${format}\t${flatten ? 'flat' : 'whole'}\t${c.life}\t${c.path}\t${alerts}`);
        expect(alerts, `${format} flatten=${flatten}: ${c.life} / ${c.path}`).toBe(expected);
        // a replay, or a re-send with a new Timestamp, is the same record: the same event_id
        if (c.answered.length === 2) expect(new Set(c.answered).size, `${c.life} / ${c.path}`).toBe(1);
      }
      // nothing else alerts: the console's test webhook, the events, later versions
      expect(lines.filter(alerting).length).toBe(attributed);
    } finally {
      await push?.stop();
      await run.stop();
    }
  }, 240_000);
});
