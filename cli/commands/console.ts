import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ConsoleRegistry, RegistryEntrySchema } from '#lib/aws/registry.ts';
import { printable } from '#lib/canary/replies.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { CredentialsSchema } from '#lib/model/credentials.ts';
import { issueLines } from '#lib/model/issues.ts';
import { CliError, parseCommand, UsageError } from '../args.ts';
import { testConnection } from '../connectionTest.ts';
import { consoleAddress, describeSources, parseSources, readToken } from '../consoleOptions.ts';
import { secretJson } from '../secretJson.ts';
import { deployed } from './operator.ts';
import { allowedHosts } from './run.ts';

/**
 * `console add|list|pause|resume|remove|test|token`: the consoles, managed as data in the console
 * registry of a deployed collector (`--table`), with no redeploy. The auth token comes from stdin or a
 * file, never from an argument (arguments end up in shell history and process lists).
 */

const OPTIONS = {
  table: { type: 'string' },
  region: { type: 'string' },
  domain: { type: 'string' },
  'base-url': { type: 'string' },
  'incidents-from': { type: 'string' },
  'audit-from': { type: 'string' },
  sources: { type: 'string' },
  'token-file': { type: 'string' },
  'secret-prefix': { type: 'string' },
} as const;

interface Clients {
  registry: ConsoleRegistry;
  secrets: SecretsManagerClient;
  table: string;
}

export async function consoleCommand(argv: string[]): Promise<number | 'help'> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 2);
  if (values.help === true) return 'help';
  const [action, name] = positionals;
  const text = (key: string) => values[key] as string | undefined;
  const table = text('table') ?? process.env.CHECKPOINT_TABLE;
  if (action === undefined)
    throw new UsageError('give an action: add, list, pause, resume, remove, test or token');
  if (table === undefined || table === '')
    throw new UsageError(
      'give --table <name> (the stack output CheckpointTableName; or set CHECKPOINT_TABLE)',
    );
  const needsName = action !== 'list';
  if (needsName && name === undefined) throw new UsageError(`console ${action} needs the console's name`);
  const region = text('region');
  const secrets = new SecretsManagerClient({ maxAttempts: 2, ...(region === undefined ? {} : { region }) });
  try {
    // the table's client, and AWS setup problems in one line, as for status and reset
    return await deployed({ table, region }, (documents) =>
      act({ registry: new ConsoleRegistry(documents, table), secrets, table }, action, name, text),
    );
  } catch (error) {
    // the registry's refusals (unknown console, invalid entry) are the user's to fix, in one line
    if (error instanceof CollectorError) throw new CliError(error.message);
    throw error;
  } finally {
    secrets.destroy();
  }
}

async function act(
  clients: Clients,
  action: string,
  name: string | undefined,
  text: (key: string) => string | undefined,
): Promise<number> {
  // A registry nothing reads would take consoles and never run them: refuse rather than mislead.
  // Every deployment marks its table (at deploy, and on the dispatcher's first run).
  if (!(await clients.registry.isFleet()))
    throw new CliError(
      `table ${clients.table} has no console registry: give the CheckpointTableName output of a canary-collector stack deployed from this version`,
    );
  switch (action) {
    case 'add':
      return await add(clients, name as string, text);
    case 'list':
      return await list(clients);
    case 'pause':
    case 'resume':
      await clients.registry.setPaused(name as string, action === 'pause');
      process.stdout.write(
        `${name}: ${action === 'pause' ? 'paused: no run is dispatched for it until resumed' : 'resumed: its next runs are dispatched on schedule'}\n`,
      );
      return 0;
    case 'remove':
      if ((await clients.registry.get(name as string))?.managedBy === 'config')
        throw new CliError(
          `console "${name}" is listed in the deployment config: take it off the consoles list and deploy (nothing was changed)`,
        );
      await clients.registry.remove(name as string);
      process.stdout.write(
        `${name}: removed from the registry; its secret and checkpoints are kept (delete the secret with aws secretsmanager delete-secret, and its checkpoints with reset, if you no longer need them)\n`,
      );
      return 0;
    case 'test':
      return await test(clients, name as string);
    case 'token':
      return await token(clients, name as string, text);
    default:
      throw new UsageError(`unknown action "${action}": add, list, pause, resume, remove, test or token`);
  }
}

async function add(
  clients: Clients,
  name: string,
  text: (key: string) => string | undefined,
): Promise<number> {
  const address = consoleAddress(text);
  const sources = parseSources(text('sources'));
  const entryInput = {
    name,
    secretId: `${text('secret-prefix') ?? 'canary-collector/'}${name}`,
    ...(text('incidents-from') === undefined ? {} : { incidentsFrom: text('incidents-from') }),
    ...(text('audit-from') === undefined ? {} : { auditFrom: text('audit-from') }),
    allowedHosts: allowedHosts(),
    sources,
    addedAt: new Date().toISOString(),
  };
  const parsed = RegistryEntrySchema.safeParse(entryInput);
  if (!parsed.success) throw new UsageError(issueLines(parsed.error).join('; '));
  if ((await clients.registry.get(name)) !== undefined)
    throw new CliError(`console "${name}" is already registered (nothing was changed)`);
  const secret = { ...address, authToken: readToken(text('token-file')) };
  try {
    await clients.secrets.send(
      new CreateSecretCommand({
        Name: parsed.data.secretId,
        SecretString: JSON.stringify(secret),
        Description: `canary-collector console ${name}`,
      }),
    );
  } catch (error) {
    if (error instanceof ResourceExistsException)
      throw new CliError(
        `a secret named ${parsed.data.secretId} already exists; it was not created by this command and is left as it is (give --secret-prefix, or remove it first)`,
      );
    throw error;
  }
  await clients.registry.put(parsed.data);
  process.stdout.write(
    `${name}: registered, token in secret ${parsed.data.secretId}; its first runs are dispatched within one interval\n`,
  );
  return 0;
}

/**
 * `console token <name>`: puts a registered console's secret (a console listed in the deployment
 * config gets its first one so; any console a new token). Secrets Manager keeps the previous value as
 * the AWSPREVIOUS version; the next run reads the new one.
 */
async function token(
  clients: Clients,
  name: string,
  text: (key: string) => string | undefined,
): Promise<number> {
  const entry = await clients.registry.get(name);
  if (entry === undefined)
    throw new CliError(`console "${name}" is not registered (console list shows them)`);
  const address = consoleAddress(text);
  const value = JSON.stringify({ ...address, authToken: readToken(text('token-file')) });
  try {
    await clients.secrets.send(new PutSecretValueCommand({ SecretId: entry.secretId, SecretString: value }));
    process.stdout.write(`${name}: new token stored in secret ${entry.secretId}; the next run reads it\n`);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    if (entry.secretId.startsWith('arn:'))
      throw new CliError(
        `secret ${entry.secretId} of console "${name}" does not exist; create it (it was named in the deployment config)`,
      );
    await clients.secrets.send(
      new CreateSecretCommand({
        Name: entry.secretId,
        SecretString: value,
        Description: `canary-collector console ${name}`,
      }),
    );
    process.stdout.write(`${name}: token stored in new secret ${entry.secretId}; the next run reads it\n`);
  }
  return 0;
}

async function list(clients: Clients): Promise<number> {
  const entries = await clients.registry.list();
  if (entries.length === 0) {
    process.stdout.write('no consoles registered: canary-collector console add <name> …\n');
    return 0;
  }
  const rows = entries.map((e) => [
    e.name,
    e.paused ? 'paused' : 'active',
    describeSources(e),
    e.incidentsFrom ?? '',
    e.managedBy === 'config' ? 'deployment config' : 'console add',
    e.addedAt,
  ]);
  const head = ['console', 'state', 'sources', 'incidents from', 'managed by', 'added'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [head, ...rows])
    process.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}

async function test(clients: Clients, name: string): Promise<number> {
  const entry = await clients.registry.get(name);
  if (entry === undefined)
    throw new CliError(`console "${name}" is not registered (console list shows them)`);
  const credentials = await secretJson(
    clients.secrets,
    entry.secretId,
    CredentialsSchema,
    `console ${name}'s secret (canary-collector console token puts it)`,
  );
  const report = await testConnection(credentials, {
    allowedHosts: entry.allowedHosts,
    advice: { where: 'lambda', target: credentials.domainHash === undefined ? 'url' : 'domain' },
  });
  for (const check of report.checks)
    process.stdout.write(
      check.ok
        ? `  ✔ ${check.label}\n`
        : `  ✘ ${check.label}: ${check.code}: ${printable(check.message ?? '')}\n`,
    );
  process.stdout.write(report.ok ? `${name}: connection OK\n` : `${name}: connection FAILED\n`);
  return report.ok ? 0 : 1;
}
