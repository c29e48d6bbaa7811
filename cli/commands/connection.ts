import { printable } from '#lib/canary/replies.ts';
import { parseCommand } from '../args.ts';
import { testConnection } from '../connectionTest.ts';
import { adviceContext, targetFromEnv } from '../target.ts';
import { allowedHosts } from './run.ts';

/** `canary-collector test-connection`: /ping, then one read of each source, with what to do on failure. */
export async function connectionCommand(argv: string[]): Promise<number | 'help'> {
  if (parseCommand(argv, {}).values.help === true) return 'help';
  const target = targetFromEnv(process.env);
  let credentials = target.kind === 'console' ? target.credentials : undefined;
  let stop = async () => {};
  if (credentials === undefined) {
    const { CanarySimulator } = await import('#fakes/simulator/server.ts');
    const simulator = new CanarySimulator();
    credentials = { baseUrl: await simulator.start(), authToken: simulator.options.authToken };
    stop = () => simulator.stop();
    process.stdout.write('No CANARY_* variables set: testing against the built-in simulator.\n');
  }
  try {
    const report = await testConnection(credentials, {
      allowedHosts: allowedHosts(),
      advice: adviceContext(target),
    });
    if (report.baseUrl !== undefined) process.stdout.write(`console: ${report.baseUrl}\n`);
    for (const check of report.checks) {
      process.stdout.write(
        check.ok
          ? `  ✔ ${check.label}\n`
          : `  ✘ ${check.label}: ${check.code}: ${printable(check.message ?? '')}\n    → ${check.advice}\n`,
      );
    }
    process.stdout.write(report.ok ? 'connection OK\n' : 'connection FAILED\n');
    return report.ok ? 0 : 1;
  } finally {
    await stop();
  }
}
