import { describe, expect, it } from 'vitest';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { adviceFor } from '#lib/core/advice.ts';
import { ERROR_CODES } from '#lib/core/errors.ts';

describe('advice fits where it runs', () => {
  const codes = Object.keys(ERROR_CODES);

  it('has specific advice for every code, in Lambda and locally', () => {
    for (const code of codes) {
      for (const where of ['lambda', 'local'] as const) {
        expect(adviceFor(code, '', { where }), `${code} ${where}`).not.toMatch(/See docs\/errors.md/);
      }
    }
  });

  it('locally never speaks of the deployed stack', () => {
    for (const code of codes) {
      for (const target of ['domain', 'url', 'loopback'] as const) {
        const text = adviceFor(code, 'host does not resolve', { where: 'local', target });
        expect(text, code).not.toMatch(
          /redeploy|in the secret|console’s secret|allowedHosts|deployment config/,
        );
      }
    }
  });

  it('in Lambda names the secret, the deployment config and the redeploy', () => {
    expect(adviceFor('CANARY_AUTH_FAILED', '')).toMatch(/authToken into the console’s secret/);
    expect(adviceFor('CONFIG_INVALID', '')).toMatch(/then redeploy/);
    expect(adviceFor('HOST_NOT_ALLOWED', '')).toMatch(/allowedHosts in the deployment config and redeploy/);
    expect(adviceFor('CANARY_AUTH_FAILED', '', { where: 'local' })).toMatch(/check CANARY_AUTH_TOKEN/);
    expect(adviceFor('HOST_NOT_ALLOWED', '', { where: 'local' })).toMatch(/CANARY_ALLOWED_HOSTS/);
  });

  it('names the address the console was given by, never a domain hash for a base URL', () => {
    const dns = 'the host name does not resolve';
    expect(adviceFor('CANARY_UNREACHABLE', dns, { where: 'local', target: 'domain' })).toMatch(
      /check CANARY_DOMAIN/,
    );
    expect(adviceFor('CANARY_UNREACHABLE', dns, { where: 'local', target: 'url' })).toMatch(
      /check CANARY_BASE_URL/,
    );
    expect(adviceFor('CANARY_NOT_FOUND', '', { where: 'local', target: 'url' })).not.toMatch(
      /CANARY_DOMAIN|hash/,
    );
    const loopback = adviceFor('CANARY_UNREACHABLE', 'connection failed (ECONNREFUSED)', {
      where: 'local',
      target: 'loopback',
    });
    expect(loopback).toMatch(/Nothing answers at CANARY_BASE_URL/);
    expect(loopback).not.toMatch(/port 443|canary\.tools/);
  });
});

describe('the live simulator', () => {
  it('changes all four sources within a minute of ticks', () => {
    const simulator = new CanarySimulator({ seed: 3, incidents: 10 });
    const before = {
      incidents: simulator.store.count,
      audit: simulator.audit.count,
      birds: JSON.stringify(simulator.devices.list().map((d) => [d.id, d.live])),
      tokens: JSON.stringify(simulator.tokens.list().map((t) => t.canarytoken)),
    };
    for (let i = 0; i < 60; i++) simulator.tick();
    expect(simulator.store.count).toBeGreaterThan(before.incidents);
    expect(simulator.audit.count).toBeGreaterThan(before.audit);
    expect(JSON.stringify(simulator.devices.list().map((d) => [d.id, d.live]))).not.toBe(before.birds);
    expect(JSON.stringify(simulator.tokens.list().map((t) => t.canarytoken))).not.toBe(before.tokens);
  });
});
