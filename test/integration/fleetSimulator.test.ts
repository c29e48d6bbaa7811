import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorFleet } from '#fakes/simulator/fleet.ts';

/** 200 consoles over real HTTP, each with its own host, data and token. */
const fleet = new SimulatorFleet(200);
beforeAll(() => fleet.start());
afterAll(() => fleet.stop());

const get = (baseUrl: string, path: string, token: string) =>
  fetch(`${baseUrl}${path}`, { headers: { 'X-Canary-Auth-Token': token } });

describe('the simulator fleet', () => {
  it('starts 200 consoles, each at its own address with its own token', () => {
    expect(fleet.consoles).toHaveLength(200);
    expect(new Set(fleet.consoles.map((c) => c.baseUrl)).size).toBe(200);
    expect(new Set(fleet.consoles.map((c) => c.authToken)).size).toBe(200);
    expect(new Set(fleet.consoles.map((c) => c.name)).size).toBe(200);
  });

  it('gives every console its own data, and answers only its own token', async () => {
    const [a, b] = fleet.consoles as [(typeof fleet.consoles)[0], (typeof fleet.consoles)[0]];
    const first = async (c: typeof a) => {
      const reply = await get(c.baseUrl, '/api/v1/incidents/all?incidents_since=0&limit=5', c.authToken);
      expect(reply.status).toBe(200);
      return ((await reply.json()) as { incidents: Array<{ id: string }> }).incidents.map((i) => i.id);
    };
    const [idsA, idsB] = [await first(a), await first(b)];
    expect(idsA.length).toBeGreaterThan(0);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    const wrong = await get(a.baseUrl, '/api/v1/incidents/all?incidents_since=0&limit=5', b.authToken);
    expect(wrong.status).toBe(401);
  });
});
