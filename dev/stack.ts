import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { FaultyDynamoProxy } from '#fakes/emulators/faultyProxy.ts';
import { FirehoseEmulator } from '#fakes/emulators/firehose.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { CanarySimulator, type SimulatorOptions } from '#fakes/simulator/server.ts';

export const LOCAL_TABLE = 'canary-collector-checkpoints';
export const LOCAL_STREAM = 'canary-collector-events';

export interface ConsoleCredentials {
  authToken: string;
  domainHash?: string;
  baseUrl?: string;
}

export interface LocalStackOptions {
  outDir: string;
  /** Keeps DynamoDB state on disk (so a restart resumes); in memory when absent. */
  statePath?: string;
  consoleName?: string;
  /** A real console; when absent a simulator is started with `simulator` options. */
  console?: ConsoleCredentials;
  simulator?: SimulatorOptions;
  firehoseFailRate?: number;
  /** Extra CONSOLES fields (incidentsFrom, allowedHosts). */
  consoleSettings?: Record<string, unknown>;
  /** Put a proxy that can fail checkpoint commits between the collector and dynalite. */
  dynamoProxy?: boolean;
  /** The output file's name in `outDir` (default `<stream>.ndjson`). */
  outFileName?: string;
  /** Count records the output file already held (a resumed run's re-delivered page). */
  countRedelivered?: boolean;
  /** Also write the S3 layout for query (`canary/source=…/date=…/`) under `outDir`. */
  partitioned?: boolean;
  /** Further collector settings (environment variables), e.g. LOCAL_SNAPSHOT_INTERVAL_SECONDS. */
  settings?: Record<string, string>;
  /** One stream per OCSF class, as the Security Lake destination has them (DELIVERY_STREAMS). */
  streamsByClass?: Record<string, string>;
}

export interface LocalStack {
  env: Record<string, string>;
  simulator: CanarySimulator | undefined;
  firehose: FirehoseEmulator;
  secrets: SecretsManagerEmulator;
  dynamo: LocalDynamo;
  proxy: FaultyDynamoProxy | undefined;
  consoleName: string;
  secretId: string;
  /** Puts `env` into process.env: SDK clients built after this talk to the emulators. */
  applyEnv(): void;
  stop(): Promise<void>;
}

/**
 * Everything the collector talks to, on this machine: the Canary simulator (unless a real console is
 * given), dynalite for DynamoDB, and the Firehose and Secrets Manager emulators. The handlers reach
 * them through the standard AWS_ENDPOINT_URL_* variables only.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const consoleName = options.consoleName ?? 'local';
  const secretId = `canary-collector/${consoleName}`;
  // The SDK warns once per process about Node 20; locally that is noise, in Lambda (Node 24) it never fires.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamo = await startDynamo(options.statePath === undefined ? {} : { path: options.statePath });
  await createCheckpointTable(dynamo.url, LOCAL_TABLE);
  const firehose = new FirehoseEmulator({
    outDir: options.outDir,
    streams: options.streamsByClass === undefined ? [LOCAL_STREAM] : Object.values(options.streamsByClass),
    ...(options.outFileName === undefined ? {} : { fileName: options.outFileName }),
    ...(options.partitioned === true ? { partitioned: true } : {}),
    ...(options.countRedelivered === true ? { countRedelivered: true } : {}),
    failRate: options.firehoseFailRate ?? 0,
  });
  const secrets = new SecretsManagerEmulator();
  const aws = new AwsJsonServer({
    Firehose_20150804: (operation, input) => firehose.handle(operation, input),
    secretsmanager: (operation, input) => secrets.handle(operation, input),
  });
  const awsUrl = await aws.start();
  const proxy = options.dynamoProxy ? new FaultyDynamoProxy(dynamo.url) : undefined;
  const dynamoUrl = proxy === undefined ? dynamo.url : await proxy.start();
  let simulator: CanarySimulator | undefined;
  let credentials = options.console;
  if (credentials === undefined) {
    simulator = new CanarySimulator(options.simulator);
    credentials = { baseUrl: await simulator.start(), authToken: simulator.options.authToken };
  }
  secrets.put(secretId, JSON.stringify(credentials));
  const env = localEnv({
    dynamoUrl,
    awsUrl,
    consoles: [{ name: consoleName, secretId, ...options.consoleSettings }],
  });
  if (options.streamsByClass !== undefined) {
    delete env.DELIVERY_STREAM;
    env.DELIVERY_STREAMS = JSON.stringify(options.streamsByClass);
  }
  Object.assign(env, options.settings);
  return {
    env,
    simulator,
    firehose,
    secrets,
    dynamo,
    proxy,
    consoleName,
    secretId,
    applyEnv: () => {
      // A previous stack's stream setting must not survive into this one's.
      delete process.env.DELIVERY_STREAM;
      delete process.env.DELIVERY_STREAMS;
      Object.assign(process.env, env);
    },
    stop: async () => {
      await Promise.all([aws.stop(), dynamo.stop(), simulator?.stop(), proxy?.stop()]);
    },
  };
}

/**
 * The environment that points the handlers' SDK clients at local endpoints (through the standard
 * AWS_ENDPOINT_URL_* variables) and configures them for the local table, stream and consoles.
 */
export function localEnv(parts: {
  dynamoUrl: string;
  awsUrl: string;
  consoles: Array<Record<string, unknown>>;
}): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: parts.dynamoUrl,
    AWS_ENDPOINT_URL_FIREHOSE: parts.awsUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: parts.awsUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CHECKPOINT_TABLE: LOCAL_TABLE,
    DELIVERY_STREAM: LOCAL_STREAM,
    CONSOLES: JSON.stringify(parts.consoles),
  };
}

/** A Lambda context for a local invocation with `budgetMs` to run. */
export function localContext(budgetMs: number): { getRemainingTimeInMillis(): number; awsRequestId: string } {
  const deadline = Date.now() + budgetMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now(), awsRequestId: crypto.randomUUID() };
}
