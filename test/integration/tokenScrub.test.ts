import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_REDACTED } from '#lib/aws/sinks/tokenScrubSink.ts';
import { localRun } from '../support/localRun.ts';

/**
 * A console whose own objects quote its auth token: an incident (upper-cased), an audit entry (in a
 * Basic header's base64), a Canarytoken memo (URL-encoded) and a token field (base64url). Every
 * record the real handlers deliver, in every format, holds none of it; the text around it stays.
 * The token has "+", "/" and "=" so that its URL-encoded and base64url shapes differ from it.
 */
const TOKEN = 'Tok+en/0123456789=abcdefXYZ';
const SHAPES = [
  TOKEN,
  TOKEN.toUpperCase(),
  encodeURIComponent(TOKEN),
  Buffer.from(TOKEN).toString('base64').slice(0, -4),
  // inside "admin:<token>" the token's base64 starts two bytes into a group
  Buffer.from(`admin:${TOKEN}`).toString('base64').slice(8, -4),
  Buffer.from(TOKEN).toString('base64url').slice(0, -4),
];

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe('the console’s own auth token in its objects', () => {
  it.each([
    ['native', { OUTPUT_FORMAT: 'native' }],
    ['ocsf', { OUTPUT_FORMAT: 'ocsf' }],
    ['ecs', { OUTPUT_FORMAT: 'ecs' }],
    ['native in the Splunk HEC envelope', { OUTPUT_FORMAT: 'native', OUTPUT_ENVELOPE: 'splunk-hec' }],
  ])('is delivered in none of its shapes (%s)', async (_label, settings) => {
    const local = await localRun({
      simulator: { incidents: 2, auditEntries: 2, tokens: 2, authToken: TOKEN },
      settings,
    });
    stops.push(local.stop);
    const sim = local.simulator;
    sim.addIncidents(1, {
      logtype: 4002,
      fields: { description: { src_host_reverse: `ops note: ${TOKEN.toUpperCase()} is the key` } },
    });
    sim.audit.add(1, { message: `api call with Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` });
    sim.tokens.add('http', {
      memo: `rotate ${encodeURIComponent(TOKEN)} soon`,
      reminder: Buffer.from(TOKEN).toString('base64url'),
    });
    for (const source of ['incidents', 'audit-trail', 'tokens'] as const) {
      expect((await local.run(source)).status).toBe('completed');
    }

    const text = readFileSync(local.outFile, 'utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) JSON.parse(line);
    for (const shape of SHAPES) expect(text.toLowerCase()).not.toContain(shape.toLowerCase());
    // what surrounded the token is delivered as the console had it
    expect(text).toContain(`ops note: ${TOKEN_REDACTED} is the key`);
    expect(text).toContain(`rotate ${TOKEN_REDACTED} soon`);
    expect(text).toMatch(/api call with Basic YWRtaW46\S*\[REDACTED\]/);
  });
});
