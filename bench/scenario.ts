import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_TABLE, localEnv } from '#dev/stack.ts';

const TOKEN = 'bench-token-5c1e7a9f';
const CONSOLE = 'bench';
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

/** Starts a process and resolves with the JSON of the first line it prints. */
export function firstLine(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; json: Record<string, unknown> }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0)
        resolve({ child, json: JSON.parse(buffer.slice(0, newline)) as Record<string, unknown> });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before printing`)));
  });
}

async function getJson(url: string): Promise<Record<string, number>> {
  return (await (await fetch(url)).json()) as Record<string, number>;
}

interface CollectorResult {
  elapsedMs: number;
  peakRssBytes: number;
  maxRssKernelBytes: number;
  quarterPeaks: number[];
  heapAfterGcBytes: number;
  peakHeapTotalBytes: number;
  peakHeapUsedBytes: number;
  peakExternalBytes: number;
  cpuMs: number;
  summaries: Array<{ status: string; stats: { recordsSent: number; requests: number } }>;
}

export interface ScenarioResult {
  label: string;
  recordsSent: number;
  seconds: number;
  recordsPerSecond: number;
  /** The bundled handler's own CPU (user + system) for the backfill, and per 1,000 records sent. */
  collectorCpuMs: number;
  collectorCpuMsPer1000: number;
  /** CPU the simulator and the AWS emulators used in all (the backfill and the idle run): what they cost the machine. */
  simulatorCpuMs: number;
  emulatorsCpuMs: number;
  peakRssMB: number;
  maxRssKernelMB: number;
  /** At the peak of RSS: V8's heap as committed and as in use, and the buffers outside it. */
  peakHeapTotalMB: number;
  peakHeapUsedMB: number;
  peakExternalMB: number;
  heapAfterGcMB: number;
  quarterPeaksMB: number[];
  outputMB: number;
  checkpointItemBytes: number;
  idle: {
    canaryRequests: number;
    dynamoDbCalls: number;
    firehoseCalls: number;
    secretsManagerCalls: number;
    recordsSent: number;
  };
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/**
 * One measured backfill: the simulator and the AWS emulators each in a process of their own, then the
 * bundled handler of `source` in a third, until it is drained; then one more (idle) run, counting the
 * calls it makes.
 */
export async function scenario(
  label: string,
  source: string,
  bundlePath: string,
  simulatorArgs: string[],
  extraEnv: Record<string, string> = {},
): Promise<ScenarioResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'canary-bench-'));
  const tsx = [process.execPath, '--import', 'tsx'] as const;
  const simulator = await firstLine(tsx[0], [
    ...tsx.slice(1),
    'fakes/simulator/main.ts',
    '--seed',
    '7',
    '--token',
    TOKEN,
    ...simulatorArgs,
  ]);
  const simulatorUrl = String(simulator.json.url);
  const secretId = `canary-collector/${CONSOLE}`;
  const emulators = await firstLine(tsx[0], [
    ...tsx.slice(1),
    'dev/emulators.ts',
    '--out',
    outDir,
    '--secret',
    `${secretId}=${JSON.stringify({ baseUrl: simulatorUrl, authToken: TOKEN })}`,
  ]);
  const awsUrl = String(emulators.json.aws);
  const dynamoUrl = String(emulators.json.dynamodb);
  const env = {
    ...process.env,
    ...localEnv({ dynamoUrl, awsUrl, consoles: [{ name: CONSOLE, secretId }] }),
    ...extraEnv,
  };

  const collect = async () =>
    (await firstLine(process.execPath, ['--expose-gc', 'bench/collector.mjs', bundlePath, CONSOLE], env))
      .json as unknown as CollectorResult;

  const backfill = await collect();
  const sent = backfill.summaries.reduce((n, s) => n + s.stats.recordsSent, 0);
  const canaryBefore = (await getJson(`${simulatorUrl}/_sim/state`)).requests ?? 0;
  const awsBefore = await getJson(`${awsUrl}/_counts`);
  const idle = await collect();
  const canaryAfter = (await getJson(`${simulatorUrl}/_sim/state`)).requests ?? 0;
  const awsAfter = await getJson(`${awsUrl}/_counts`);
  const delta = (key: string) => (awsAfter[key] ?? 0) - (awsBefore[key] ?? 0);
  const checkpointItemBytes = await itemBytes(dynamoUrl, `${CONSOLE}#${source}`);

  const simulatorCpuMs = processCpuMs(simulator.child.pid);
  const emulatorsCpuMs = processCpuMs(emulators.child.pid);
  simulator.child.kill('SIGTERM');
  emulators.child.kill('SIGTERM');
  const outBytes = statSync(String(emulators.json.outFile)).size;
  rmSync(outDir, { recursive: true, force: true });
  return {
    label,
    recordsSent: sent,
    seconds: backfill.elapsedMs / 1000,
    recordsPerSecond: Math.round(sent / (backfill.elapsedMs / 1000)),
    collectorCpuMs: Math.round(backfill.cpuMs),
    collectorCpuMsPer1000: Math.round((backfill.cpuMs / Math.max(1, sent)) * 1000 * 10) / 10,
    simulatorCpuMs,
    emulatorsCpuMs,
    peakRssMB: mb(backfill.peakRssBytes),
    maxRssKernelMB: mb(backfill.maxRssKernelBytes),
    peakHeapTotalMB: mb(backfill.peakHeapTotalBytes),
    peakHeapUsedMB: mb(backfill.peakHeapUsedBytes),
    peakExternalMB: mb(backfill.peakExternalBytes),
    heapAfterGcMB: Math.round((backfill.heapAfterGcBytes / 1048576) * 10) / 10,
    quarterPeaksMB: backfill.quarterPeaks.map(mb),
    outputMB: mb(outBytes),
    checkpointItemBytes,
    idle: {
      canaryRequests: canaryAfter - canaryBefore,
      dynamoDbCalls: delta('DynamoDB'),
      firehoseCalls: delta('Firehose_20150804.PutRecordBatch') + delta('Firehose_20150804.PutRecord'),
      secretsManagerCalls: delta('secretsmanager.GetSecretValue'),
      recordsSent: idle.summaries.reduce((n, s) => n + s.stats.recordsSent, 0),
    },
  };
}

/** A process's CPU time so far (user + system), from /proc: the bench's other processes measured from outside. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return -1;
  try {
    // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Math.round((ticks * 1000) / CLOCK_TICKS);
  } catch {
    return -1;
  }
}

/** USER_HZ: Linux reports /proc CPU times in 1/100 s on every architecture Node supports. */
const CLOCK_TICKS = 100;

/** The stored size of a checkpoint item, counted as DynamoDB counts it. */
async function itemBytes(endpoint: string, key: string): Promise<number> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const reply = await client.send(new GetItemCommand({ TableName: LOCAL_TABLE, Key: { pk: { S: key } } }));
  client.destroy();
  return mapBytes(reply.Item ?? {});
}

/** DynamoDB's item size rules: names plus values; binary by its length, numbers about by digits. */
function mapBytes(map: Record<string, AttributeValue>): number {
  return Object.entries(map).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M !== undefined) return 3 + mapBytes(value.M);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, item) => sum + 1 + valueBytes(item), 0);
  return 0;
}
