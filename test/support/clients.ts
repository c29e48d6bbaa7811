import { CanarySimulator, type SimulatorOptions } from '#fakes/simulator/server.ts';
import { CanaryClient } from '#lib/canary/client.ts';
import { type Responder, scriptedServer } from './httpServer.ts';

const quick = { timeoutMs: 5000, maxRetries: 0 };

/** A Canary client talking to a fresh simulator over HTTP. */
export async function simulatorClient(options: SimulatorOptions) {
  const simulator = new CanarySimulator(options);
  const url = await simulator.start();
  const client = new CanaryClient({
    baseUrl: `${url}/api/v1`,
    authToken: simulator.options.authToken,
    ...quick,
  });
  return { simulator, client, stop: () => simulator.stop() };
}

/** A Canary client talking to a scripted server: each request gets the next responder. */
export async function scriptedClient(responders: Responder[]) {
  const server = await scriptedServer(responders);
  const client = new CanaryClient({
    baseUrl: `${server.url}/api/v1`,
    authToken: 'test-token-123456',
    ...quick,
  });
  return { server, client, stop: server.close };
}
