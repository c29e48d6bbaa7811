import { describe, expect, it } from 'vitest';
import { age } from '#fakes/simulator/devices.ts';
import { TOKEN_LOGTYPE, type TokenKind } from '#fakes/simulator/inventory.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { LOGTYPES } from '#lib/output/shared/logtypes.ts';

type Incident = {
  id: string;
  description: Record<string, unknown> & { events: Array<Record<string, unknown>> };
};

const NOW = Date.parse('2026-11-22T10:00:00Z') / 1000;

/**
 * The simulator's data set as the API lists it, with two minutes of a live console on top: the birds
 * and tokens are every one the console listed meanwhile (a live console removes some, and an
 * incident outlives its bird or token, as on a real console).
 */
function dataSet(seed: number) {
  const simulator = new CanarySimulator({ seed, incidents: 5000, now: () => NOW });
  const birds = new Map<unknown, Record<string, unknown>>();
  const tokens = new Map<unknown, Record<string, unknown>>();
  const list = () => {
    for (const bird of simulator.devices.list()) birds.set(bird.id, bird);
    for (const token of simulator.tokens.list()) tokens.set(token.canarytoken, token);
  };
  list();
  for (let i = 0; i < 120; i++) {
    simulator.tick();
    list();
  }
  const incidents = simulator.store.page(0, simulator.store.maxUpdatedId, Number.MAX_SAFE_INTEGER)
    .incidents as Incident[];
  return { simulator, incidents, birds: [...birds.values()], tokens: [...tokens.values()] };
}

const isToken = (incident: Incident) => /^1[67]\d{3}$/.test(String(incident.description.logtype));

describe('the simulator’s data join', () => {
  for (const seed of [1, 7, 21]) {
    it(`seed ${seed}: every Canary incident happens on a listed bird, with its name and addresses`, () => {
      const { incidents, birds } = dataSet(seed);
      const byId = new Map(birds.map((bird) => [bird.id, bird]));
      const onBirds = incidents.filter((incident) => !isToken(incident));
      expect(onBirds.length).toBeGreaterThan(3000);
      const missing = onBirds.filter((incident) => {
        const d = incident.description;
        const bird = byId.get(d.node_id as string);
        return (
          bird === undefined ||
          bird.name !== d.name ||
          bird.ip_address !== d.ip_address ||
          bird.mac_address !== d.mac_address ||
          bird.flock_id !== d.flock_id
        );
      });
      expect(missing.map((incident) => incident.id)).toEqual([]);
    });

    it(`seed ${seed}: every token incident triggers one listed token, named the same in all its events`, () => {
      const { incidents, tokens } = dataSet(seed);
      const byValue = new Map(tokens.map((token) => [token.canarytoken, token]));
      const hits = incidents.filter(isToken);
      expect(hits.length).toBeGreaterThan(300);
      const wrong = hits.filter((incident) => {
        const d = incident.description;
        const named = new Set(d.events.map((event) => event.canarytoken));
        const token = byValue.get(d.node_id as string);
        return (
          token === undefined ||
          named.size !== 1 ||
          !named.has(token.canarytoken) ||
          token.memo !== d.memo ||
          TOKEN_LOGTYPE[token.kind as TokenKind] !== Number(d.logtype) ||
          d.events.some((event) => event.kind !== undefined && event.kind !== token.kind)
        );
      });
      expect(wrong.map((incident) => incident.id)).toEqual([]);
      // several tokens are hit, of several kinds, every logtype a catalogued one
      expect(new Set(hits.map((incident) => incident.description.node_id)).size).toBeGreaterThan(5);
      for (const incident of hits) expect(LOGTYPES.has(Number(incident.description.logtype))).toBe(true);
    });
  }

  it('has birds whose times agree: live ones seen seconds ago, offline ones hours ago, uptime in words too', () => {
    const simulator = new CanarySimulator({ seed: 3, birds: 12, now: () => NOW });
    const birds = simulator.devices.list();
    const offline = birds.filter((bird) => bird.live === false);
    expect(offline.length).toBe(2);
    for (const bird of birds) {
      const lastSeen = Date.parse(String(bird.last_seen)) / 1000;
      const firstSeen = Date.parse(String(bird.first_seen)) / 1000;
      if (bird.live === true) expect(NOW - lastSeen).toBeLessThan(60);
      else expect(NOW - lastSeen).toBeGreaterThan(6 * 3600);
      expect(firstSeen).toBeLessThanOrEqual(lastSeen - Number(bird.uptime));
      expect(bird.uptime_age).toBe(age(Number(bird.uptime)));
    }
    // a bird going offline was last seen then; coming back, it has just booted
    const [first] = simulator.devices.ids() as [string];
    simulator.devices.setLive(first, false);
    const gone = simulator.devices.list().find((bird) => bird.id === first);
    expect(Date.parse(String(gone?.last_seen)) / 1000).toBe(NOW);
    simulator.devices.setLive(first, true);
    expect(simulator.devices.list().find((bird) => bird.id === first)?.uptime_age).toBe('55 seconds');
  });

  it('says an age in words as the console does', () => {
    expect(age(59)).toBe('59 seconds');
    expect(age(3 * 86_400 + 4 * 3600 + 5)).toBe('3 days, 4 hours');
    expect(age(3660)).toBe('1 hour, 1 minute');
  });

  it('is the same data for the same seed, and other data for another', () => {
    const render = (seed: number) =>
      JSON.stringify(new CanarySimulator({ seed, incidents: 0 }).store.render(4321));
    expect(render(5)).toBe(render(5));
    expect(render(5)).not.toBe(render(6));
  });
});
