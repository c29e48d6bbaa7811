import { describe, expect, it } from 'vitest';
import { CollectorError } from '#lib/core/errors.ts';
import { findConsole, loadConfig } from '#lib/model/collectorEnv.ts';

const NOW = Date.parse('2026-11-22T00:00:00Z');
const valid = {
  CHECKPOINT_TABLE: 'checkpoints',
  DELIVERY_STREAM: 'events',
  CONSOLES: JSON.stringify([
    { name: 'prod', secretId: 'canary/prod', incidentsFrom: '2026-01-01T00:00:00+02:00' },
  ]),
};

function configError(env: Record<string, string | undefined>): CollectorError {
  try {
    loadConfig(env, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(CollectorError);
    expect((error as CollectorError).code).toBe('CONFIG_INVALID');
    return error as CollectorError;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('loadConfig', () => {
  it('reads consoles from CONSOLES, or from the registry when CONSOLE_REGISTRY=true, never neither', () => {
    const { CONSOLES: _list, ...fleet } = valid;
    expect(loadConfig({ ...fleet, CONSOLE_REGISTRY: 'true' }, NOW).CONSOLES).toBeUndefined();
    expect(configError(fleet).message).toContain(
      'CONSOLES is required: a JSON array of consoles (or CONSOLE_REGISTRY=true',
    );
    expect(() => findConsole(loadConfig({ ...fleet, CONSOLE_REGISTRY: 'true' }, NOW), 'prod')).toThrow(
      /not configured/,
    );
  });

  it('takes a stream per OCSF class instead of one stream, for OCSF only, never both', () => {
    const { DELIVERY_STREAM: _one, ...rest } = valid;
    const byClass = {
      ...rest,
      OUTPUT_FORMAT: 'ocsf',
      DELIVERY_STREAMS: '{"2004":"lake-findings","3002":"lake-auth"}',
    };
    expect(loadConfig(byClass, NOW).DELIVERY_STREAMS).toEqual({
      '2004': 'lake-findings',
      '3002': 'lake-auth',
    });
    expect(configError({ ...byClass, DELIVERY_STREAM: 'events' }).message).toContain(
      'give DELIVERY_STREAM, or DELIVERY_STREAMS by OCSF class (one of them)',
    );
    expect(configError({ ...byClass, OUTPUT_FORMAT: 'native' }).message).toContain('need OUTPUT_FORMAT=ocsf');
    expect(configError({ ...byClass, DELIVERY_STREAMS: '{"findings":"x"}' }).message).toContain(
      'DELIVERY_STREAMS.findings: DELIVERY_STREAMS must map OCSF class_uid to a stream name',
    );
    expect(configError({ ...byClass, DELIVERY_STREAMS: '{' }).message).toContain(
      'DELIVERY_STREAMS is not valid JSON',
    );
  });

  it('reads a valid environment with defaults', () => {
    const config = loadConfig(valid, NOW);
    expect(config.PAGE_SIZE).toBe(1000);
    expect(config.HTTP_MAX_RETRIES).toBe(4);
    expect(findConsole(config, 'prod')).toMatchObject({ secretId: 'canary/prod', allowedHosts: [] });
  });

  it('lists every bad key in one error', () => {
    const error = configError({
      CONSOLES: '[{"name": "bad#name", "secretId": ""}]',
      PAGE_SIZE: '0',
      HTTP_TIMEOUT_MS: 'soon',
    });
    for (const key of [
      'CHECKPOINT_TABLE',
      'DELIVERY_STREAM',
      'CONSOLES[0].name',
      'CONSOLES[0].secretId',
      'PAGE_SIZE',
      'HTTP_TIMEOUT_MS',
    ]) {
      expect(error.message).toContain(key);
    }
  });

  it('refuses a future start, a start without a zone, and huge pages', () => {
    expect(
      configError({
        ...valid,
        CONSOLES: JSON.stringify([{ name: 'p', secretId: 's', incidentsFrom: '2027-01-01T00:00:00Z' }]),
      }).message,
    ).toMatch(/future/);
    expect(
      configError({
        ...valid,
        CONSOLES: JSON.stringify([{ name: 'p', secretId: 's', incidentsFrom: '2026-01-01 00:00' }]),
      }).message,
    ).toMatch(/zone/);
    expect(configError({ ...valid, PAGE_SIZE: '1000000' }).message).toMatch(
      /PAGE_SIZE must be at most 10000/,
    );
  });

  it('refuses a snapshot interval under an hour and a future audit start', () => {
    expect(configError({ ...valid, BIRDS_INTERVAL_MINUTES: '30' }).message).toMatch(
      /BIRDS_INTERVAL_MINUTES must be at least 60/,
    );
    expect(configError({ ...valid, TOKENS_INTERVAL_MINUTES: '59' }).message).toMatch(
      /TOKENS_INTERVAL_MINUTES must be at least 60/,
    );
    const future = JSON.stringify([{ name: 'p', secretId: 's', auditFrom: '2026-12-01' }]);
    expect(configError({ ...valid, CONSOLES: future }).message).toMatch(
      /auditFrom: 2026-12-01 is in the future/,
    );
    const notADate = JSON.stringify([{ name: 'p', secretId: 's', auditFrom: '01/12/2026' }]);
    expect(configError({ ...valid, CONSOLES: notADate }).message).toMatch(/auditFrom must be a date/);
  });

  it('takes a credential policy of mask (the default), hash or keep', () => {
    expect(loadConfig(valid, NOW).OUTPUT_CREDENTIALS).toBe('mask');
    expect(loadConfig({ ...valid, OUTPUT_CREDENTIALS: 'hash' }, NOW).OUTPUT_CREDENTIALS).toBe('hash');
    expect(loadConfig(valid, NOW).OUTPUT_FLATTEN).toBe(false);
    expect(loadConfig(valid, NOW).OUTPUT_FORMAT).toBe('native');
    expect(loadConfig({ ...valid, OUTPUT_FORMAT: 'ecs' }, NOW).OUTPUT_FORMAT).toBe('ecs');
    expect(configError({ ...valid, OUTPUT_FORMAT: 'cef' }).message).toMatch(
      /OUTPUT_FORMAT must be native, ocsf or ecs/,
    );
    expect(configError({ ...valid, OUTPUT_FLATTEN: 'yes' }).message).toMatch(
      /OUTPUT_FLATTEN must be true or false/,
    );
    expect(configError({ ...valid, OUTPUT_CREDENTIALS: 'plain' }).message).toMatch(
      /OUTPUT_CREDENTIALS must be mask, hash or keep/,
    );
  });

  it('refuses CONSOLES that is not JSON, empty, or has duplicate names', () => {
    expect(configError({ ...valid, CONSOLES: '{oops' }).message).toMatch(/not valid JSON/);
    expect(configError({ ...valid, CONSOLES: '[]' }).message).toMatch(/at least one/);
    expect(
      configError({
        ...valid,
        CONSOLES: JSON.stringify([
          { name: 'a', secretId: 's' },
          { name: 'a', secretId: 't' },
        ]),
      }).message,
    ).toMatch(/unique/);
  });

  it('names the configured consoles when asked for an unknown one', () => {
    expect(() => findConsole(loadConfig(valid, NOW), 'dev')).toThrow(
      /"dev" is not configured \(configured: prod\)/,
    );
  });
});
