import { CanaryClient } from '#lib/canary/client.ts';
import { resolveBaseUrl } from '#lib/canary/endpoint.ts';
import {
  AuditPageSchema,
  DevicesPageSchema,
  IncidentsPageSchema,
  PingSchema,
  TokensPageSchema,
} from '#lib/canary/schemas.ts';
import { type AdviceContext, adviceFor } from '#lib/core/advice.ts';
import { CollectorError } from '#lib/core/errors.ts';
import type { Credentials } from '#lib/model/credentials.ts';

export interface CheckResult {
  label: string;
  ok: boolean;
  code?: string;
  message?: string;
  advice?: string;
}

export interface ConnectionReport {
  ok: boolean;
  baseUrl?: string;
  checks: CheckResult[];
}

/**
 * `test-connection`: the console's URL is allowed, /ping answers, and the token can read each source
 * (one incident, one audit entry, the birds, one Canarytoken). Stops at the first failure and says in plain words what to do about it.
 */
export async function testConnection(
  credentials: Pick<Credentials, 'authToken' | 'domainHash' | 'baseUrl'>,
  options: {
    allowedHosts?: string[];
    fetch?: typeof fetch;
    timeoutMs?: number;
    advice?: AdviceContext;
  } = {},
): Promise<ConnectionReport> {
  const checks: CheckResult[] = [];
  const fail = (label: string, error: CollectorError): ConnectionReport => {
    checks.push({
      label,
      ok: false,
      code: error.code,
      message: error.message,
      advice: adviceFor(error.code, error.message, options.advice),
    });
    return { ok: false, checks };
  };
  let baseUrl: string;
  try {
    baseUrl = resolveBaseUrl(credentials, options.allowedHosts ?? []);
  } catch (error) {
    if (error instanceof CollectorError) return fail('console URL', error);
    throw error;
  }
  const client = new CanaryClient({
    baseUrl,
    authToken: credentials.authToken,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: 1,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['ping', () => client.get('/ping', {}, PingSchema)],
    [
      'read one incident',
      () => client.get('/incidents/all', { limit: 1, incidents_since: 0, shrink: true }, IncidentsPageSchema),
    ],
    ['read one audit entry', () => client.get('/audit_trail/fetch', { limit: 1 }, AuditPageSchema)],
    ['list birds', () => client.get('/devices/all', {}, DevicesPageSchema)],
    ['read one Canarytoken', () => client.get('/canarytokens/paginate', { limit: 1 }, TokensPageSchema)],
  ];
  for (const [label, step] of steps) {
    try {
      await step();
      checks.push({ label, ok: true });
    } catch (error) {
      if (error instanceof CollectorError) return { ...fail(label, error), baseUrl };
      throw error;
    }
  }
  return { ok: true, baseUrl, checks };
}
