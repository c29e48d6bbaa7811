import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE } from '#dev/stack.ts';
import { createCheckpointTable, startDynamo } from '#fakes/emulators/dynamo.ts';
import { CliError } from './args.ts';
import { OWNER_ONLY_DIR, OWNER_ONLY_FILE } from './outDir.ts';

/**
 * Local checkpoints of real consoles, one folder per console (`<root>/consoles/<name>/state`, a dynalite
 * store), so two consoles never share a checkpoint and each can be shown or reset on its own. A lock
 * file keeps two processes from opening one store (dynalite would hang on it), and two runs of the
 * simulator (which keeps no state) from writing into one output file.
 */
export function stateRoot(env: Record<string, string | undefined> = process.env): string {
  return join(env.CANARY_STATE_DIR ?? '.local', 'consoles');
}

export function statePath(name: string): string {
  return join(stateRoot(), name, 'state');
}

/** The consoles that have local state. */
export function localConsoles(): string[] {
  const root = stateRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'state')))
    .sort();
}

/** Takes the console's state lock, or says which process holds it; returns the release. */
export function lockState(name: string): () => void {
  const dir = join(stateRoot(), name);
  // checkpoints name what was collected: the owner's only (as out/, see outDir.ts)
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  const file = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', OWNER_ONLY_FILE);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (alive(pid)) {
        // the lock's age is when that run started: its leases last as long as it runs
        const since = statSync(file).mtime.toISOString().slice(11, 19);
        throw new CliError(
          `the local state of console "${name}" is in use by another canary-collector (pid ${pid}, running since ${since} UTC): stop it first, or wait for it to end`,
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new CliError(`could not lock the local state of console "${name}" (${file})`);
}

export function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` against the checkpoint table of one console's local state. */
export async function withLocalTable<T>(
  name: string,
  work: (client: DynamoDBDocumentClient, table: string) => Promise<T>,
): Promise<T> {
  const release = lockState(name);
  const dynamo = await startDynamo({ path: statePath(name) });
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    await createCheckpointTable(dynamo.url, LOCAL_TABLE);
    return await work(client, LOCAL_TABLE);
  } finally {
    client.destroy();
    await dynamo.stop();
    release();
  }
}
