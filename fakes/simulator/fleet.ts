import { createHash } from 'node:crypto';
import { CanarySimulator, type SimulatorOptions } from './server.ts';

export interface FleetConsole {
  name: string;
  baseUrl: string;
  authToken: string;
  simulator: CanarySimulator;
}

/**
 * Many Canary consoles at once, as an organisation or an MSSP runs them: each its own simulator on its
 * own port (its own host to the collector), with its own data (seed) and its own auth token, so a
 * fleet run can prove every console's objects arrive once and under the right console.
 */
export class SimulatorFleet {
  readonly consoles: FleetConsole[] = [];

  constructor(
    private readonly count: number,
    private readonly options: Omit<SimulatorOptions, 'seed' | 'authToken'> = {
      incidents: 20,
      auditEntries: 10,
      birds: 3,
      tokens: 4,
    },
  ) {}

  async start(): Promise<FleetConsole[]> {
    for (let i = 0; i < this.count; i++) {
      const name = `console-${String(i + 1).padStart(4, '0')}`;
      const authToken = createHash('sha256').update(`fleet token ${name}`).digest('hex').slice(0, 32);
      const simulator = new CanarySimulator({ ...this.options, seed: 1000 + i, authToken });
      this.consoles.push({ name, baseUrl: await simulator.start(), authToken, simulator });
    }
    return this.consoles;
  }

  async stop(): Promise<void> {
    await Promise.all(this.consoles.map((c) => c.simulator.stop()));
  }
}
