import { parseArgs } from 'node:util';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, startDynamo } from '#fakes/emulators/dynamo.ts';
import { FirehoseEmulator } from '#fakes/emulators/firehose.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { LOCAL_STREAM, LOCAL_TABLE } from './stack.ts';

/**
 * The AWS side of the local stack as its own process (used by the benchmark, so that the collector's
 * memory is measured alone). Prints one JSON line with the endpoints, then serves until killed.
 * GET <aws>/_counts reports the calls served, per operation and for DynamoDB.
 */
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'out' },
    table: { type: 'string', default: LOCAL_TABLE },
    stream: { type: 'string', default: LOCAL_STREAM },
    secret: { type: 'string', multiple: true, default: [] },
  },
});
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dynamo = await startDynamo();
await createCheckpointTable(dynamo.url, values.table);
const firehose = new FirehoseEmulator({ outDir: values.out, streams: [values.stream] });
const secrets = new SecretsManagerEmulator();
// --secret name=<json>, so that no secret value has to travel through an environment variable
for (const entry of values.secret) {
  const at = entry.indexOf('=');
  secrets.put(entry.slice(0, at), entry.slice(at + 1));
}
const aws = new AwsJsonServer(
  {
    Firehose_20150804: (operation, input) => firehose.handle(operation, input),
    secretsmanager: (operation, input) => secrets.handle(operation, input),
  },
  () => ({ DynamoDB: dynamo.calls() }),
);
const url = await aws.start();
process.stdout.write(
  `${JSON.stringify({ aws: url, dynamodb: dynamo.url, outFile: firehose.outFile(values.stream) })}\n`,
);
const stop = () => void Promise.all([aws.stop(), dynamo.stop()]).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
