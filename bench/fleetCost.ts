import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { runFleet } from '#dev/fleet.ts';
import { CollectorStack } from '#infra/collectorStack.ts';
import { parseDeployment } from '#infra/config/load.ts';
import { prefixed, writeResults } from './results.ts';

/**
 * What a fleet costs per console-month at the default intervals, from the code's own measured
 * requests: a local fleet backfills, then one more interval passes with nothing new (what every later
 * interval costs); the AWS calls of that pass are counted at the emulators and at a proxy in front of
 * dynalite, and the checkpoint items' sizes (DynamoDB bills an update by the item's size) are read from
 * the table. Unit prices: AWS list prices, us-east-1, on-demand, before free tiers. `npm run bench:fleet`.
 */
const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 50);
process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const PRICE = {
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  dynamoWrite: 0.625 / 1e6,
  dynamoRead: 0.125 / 1e6,
  sqsRequest: 0.4 / 1e6,
  secret: 0.4,
  secretCall: 0.05 / 1e4,
  schedulerInvocation: 1 / 1e6,
  metric: 0.3,
  alarm: 0.1,
  dashboard: 3,
};
const MONTH_MINUTES = 30 * 24 * 60;
const INTERVALS = { incidents: 5, 'audit-trail': 15, birds: 60, tokens: 1440 } as const;
const runsPerConsoleMonth = Object.values(INTERVALS).reduce(
  (sum, minutes) => sum + MONTH_MINUTES / minutes,
  0,
);

const result = await runFleet(CONSOLES, mkdtempSync(join(tmpdir(), 'fleet-cost-')), {
  incidentsPerConsole: 200,
  print: () => {},
  passes: 2,
});
const calls = result.calls;
const runsInPass = CONSOLES * Object.keys(INTERVALS).length;
const per = (op: string) => (calls[op] ?? 0) / runsInPass;
const kb = (bytes: number[]) =>
  bytes.reduce((a, b) => a + Math.max(1, Math.ceil(b / 1024)), 0) / Math.max(1, bytes.length);
const checkpointKb = Object.fromEntries(
  Object.keys(INTERVALS).map((source) => [source, kb(result.itemBytes[source] ?? [])]),
) as Record<keyof typeof INTERVALS, number>;
// each run takes its lease and releases it: two updates billed at the item's size; a commit a third
const updatesPerRun = per('DynamoDB_20120810.UpdateItem');
const writeUnits = Object.entries(INTERVALS).reduce(
  (sum, [source, minutes]) =>
    sum + (MONTH_MINUTES / minutes) * updatesPerRun * checkpointKb[source as keyof typeof INTERVALS],
  0,
);
const secondsPerRun = result.lastPassMs / 1000 / runsInPass;
const perConsole = {
  Lambda:
    runsPerConsoleMonth *
    (PRICE.lambdaRequest + Math.max(secondsPerRun, 0.1) * 0.5 * PRICE.lambdaGbSecondArm),
  DynamoDB:
    writeUnits * PRICE.dynamoWrite +
    runsPerConsoleMonth * per('DynamoDB_20120810.GetItem') * PRICE.dynamoRead +
    // the dispatcher's Scan reads every item every minute: about one read unit per 4 KB per console
    MONTH_MINUTES * ((1 + Object.values(checkpointKb).reduce((a, b) => a + b, 0)) / 4 / 2) * PRICE.dynamoRead,
  SQS: runsPerConsoleMonth * (per('AmazonSQS.SendMessageBatch') + 2) * PRICE.sqsRequest,
  'Secrets Manager':
    PRICE.secret + runsPerConsoleMonth * per('secretsmanager.GetSecretValue') * PRICE.secretCall,
  CloudWatch: 0,
  Firehose: 0,
};
// the alarms and dashboards of the default stack, counted in its template (bundling skipped)
const template = Template.fromStack(
  new CollectorStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Cost', parseDeployment({})),
);
const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length;
const dashboards = Object.keys(template.findResources('AWS::CloudWatch::Dashboard')).length;
const fixed = {
  // the dispatcher's schedule every minute; the stack's alarms and dashboard; 8 metrics per source
  Scheduler: MONTH_MINUTES * PRICE.schedulerInvocation,
  CloudWatch: alarms * PRICE.alarm + dashboards * PRICE.dashboard + 8 * 4 * PRICE.metric,
  Lambda: MONTH_MINUTES * (PRICE.lambdaRequest + 0.3 * 0.25 * PRICE.lambdaGbSecondArm),
  // Lambda long-polls each queue even when idle: about 5 pollers × 3 receives a minute (an estimate)
  SQS: 4 * 5 * 3 * MONTH_MINUTES * PRICE.sqsRequest,
};
const money = (n: number) => `$${n < 1 ? n.toFixed(3) : n.toFixed(2)}`;
const lines = [
  `measured on ${CONSOLES} simulated consoles, an interval with nothing new: ${runsInPass} runs, ${(secondsPerRun * 1000).toFixed(0)} ms each (one process)`,
  `calls per run: ${Object.entries(calls)
    .map(([op, n]) => `${op.split('.').pop()} ${(n / runsInPass).toFixed(2)}`)
    .join(', ')}`,
  `checkpoint items: ${Object.entries(checkpointKb)
    .map(([s, k]) => `${s} ${k.toFixed(1)} KB`)
    .join(', ')}; runs per console-month: ${runsPerConsoleMonth}`,
  '',
  `| per console-month | ${Object.keys(perConsole).join(' | ')} | total |`,
  '| --- |' +
    Object.keys(perConsole)
      .map(() => ' ---: |')
      .join('') +
    ' ---: |',
  `| each console | ${Object.values(perConsole).map(money).join(' | ')} | ${money(Object.values(perConsole).reduce((a, b) => a + b, 0))} |`,
  '',
  `fixed per deployment (${alarms} alarms, ${dashboards} dashboard): ${Object.entries(fixed)
    .map(([k, v]) => `${k} ${money(v)}`)
    .join(', ')}`,
  '',
  '| consoles | per month | per console-month |',
  '| ---: | ---: | ---: |',
  ...[1, 100, 1000].map((n) => {
    const total =
      n * Object.values(perConsole).reduce((a, b) => a + b, 0) +
      Object.values(fixed).reduce((a, b) => a + b, 0);
    return `| ${n} | ${money(total)} | ${money(total / n)} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
writeResults('fleet', {
  consoles: CONSOLES,
  runsInPass,
  msPerRun: Math.round(secondsPerRun * 1000),
  runsPerConsoleMonth,
  alarms,
  dashboards,
  ...prefixed(
    'callsPerRun',
    Object.fromEntries(
      Object.entries(calls).map(([op, n]) => [op.split('.').pop(), round(n / runsInPass, 2)]),
    ),
  ),
  ...prefixed(
    'checkpointKb',
    Object.fromEntries(Object.entries(checkpointKb).map(([s, k]) => [s, round(k, 1)])),
  ),
  ...prefixed(
    'perConsoleMonth',
    Object.fromEntries(Object.entries(perConsole).map(([k, v]) => [k, money(v)])),
  ),
  'perConsoleMonth.total': money(sum(perConsole)),
  ...prefixed('fixed', Object.fromEntries(Object.entries(fixed).map(([k, v]) => [k, money(v)]))),
  'fixed.total': money(sum(fixed)),
  ...Object.fromEntries(
    [1, 100, 1000].flatMap((n) => {
      const total = n * sum(perConsole) + sum(fixed);
      return [
        [`fleet.${n}.perMonth`, money(total)],
        [`fleet.${n}.perConsoleMonth`, money(total / n)],
      ];
    }),
  ),
});
