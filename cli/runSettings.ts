import { localEnv } from '#dev/stack.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { loadConfig } from '#lib/model/collectorEnv.ts';
import { CliError } from './args.ts';

/**
 * The settings a local run's collectors will read (OUTPUT_*, PAGE_SIZE, HTTP_*, ...), checked before
 * anything starts: the collectors read them only once the stack is up, and then once per source,
 * so a typo would otherwise be reported four times after a few seconds of start-up. The stack's own
 * keys are stand-ins here: only what the person set can be wrong.
 */
export function checkSettings(
  consoleName: string,
  consoleSettings: Record<string, unknown>,
  settings: Record<string, string>,
): void {
  const standIn = localEnv({
    dynamoUrl: 'http://127.0.0.1:8000',
    awsUrl: 'http://127.0.0.1:8000',
    consoles: [{ name: consoleName, secretId: 'local', ...consoleSettings }],
  });
  try {
    loadConfig({ ...process.env, ...standIn, ...settings });
  } catch (error) {
    if (error instanceof CollectorError && error.code === 'CONFIG_INVALID')
      throw new CliError(`${error.message}; nothing was started`, 2);
    throw error;
  }
}
