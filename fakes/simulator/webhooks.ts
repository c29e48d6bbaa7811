/**
 * The console's generic webhooks, as Thinkst documents them (webhooks/generic.md): the payloads a
 * console posts for a new incident, an audit-trail entry and the integration test, and the settings
 * API that adds, lists, tests and removes them. Like a real console, a delivery is tried once: there
 * is no retry, so a receiver that is down loses the push (polling still delivers the incident).
 */

export interface Webhook {
  url: string;
  headers: Record<string, string>;
  auditTrail: boolean;
}

export interface WebhookDelivery {
  url: string;
  kind: 'incident' | 'audit' | 'test';
  status: number | 'failed';
  /** When the console sent it (ms), and the incident's hash when it was one. */
  at: number;
  hash?: string;
}

/** "2026-02-02 14:19:02 (UTC)": the webhook's incident time. */
export const webhookTime = (epochSeconds: number) =>
  `${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} (UTC)`;

const MASKED = '*******';

/** A webhook names the first event's details, not megabytes of them (an oversized incident's padding). */
const short = (value: unknown) =>
  typeof value === 'string' && value.length > 1024 ? `${value.slice(0, 1024)}…` : value;

/** The webhook body of a rendered incident (the simulator's /incidents/all shape). */
export function incidentWebhook(incident: Record<string, unknown>): Record<string, unknown> {
  const d = incident.description as Record<string, unknown>;
  const token = String(d.name) === 'N/A';
  const events = Array.isArray(d.events) ? (d.events as Array<Record<string, unknown>>) : [];
  const first = events[0] ?? {};
  const details: Array<[string, unknown]> = Object.entries(first)
    .filter(([key]) => key !== 'timestamp' && key !== 'timestamp_std')
    .map(([key, value]) => [
      key.charAt(0) + key.slice(1).toLowerCase(),
      // the console masks typed passwords in webhooks
      /^pass/i.test(key) ? MASKED : short(typeof value === 'object' ? JSON.stringify(value) : value),
    ]);
  const common = {
    Description: String(incident.summary),
    Timestamp: webhookTime(Number(d.created)),
    SourceIP: String(d.src_host),
    IncidentHash: String(incident.hash_id),
    Intro: `${String(incident.summary)} has been detected${token ? '' : ` against one of your Canaries (${String(d.name)}) at ${String(d.dst_host)}`}.`,
    AdditionalDetails: details,
    LogType: String(d.logtype),
    MatchedAnnotations: '{}',
  };
  if (token)
    return {
      ...common,
      Reminder: String(d.memo ?? ''),
      Token: String(d.node_id),
      AlertType: 'CanarytokenIncident',
      Triggered: '1',
    };
  return {
    ...common,
    CanaryName: String(d.name),
    CanaryID: String(d.node_id),
    CanaryIP: String(d.dst_host),
    CanaryLocation: 'Server room A',
    ReverseDNS: String(d.src_host_reverse ?? ''),
    CanaryPort: d.dst_port === '' ? undefined : Number(d.dst_port),
    AlertType: 'CanaryIncident',
  };
}

/** The webhook body of a rendered audit-trail entry ("2020-04-03 12:56:42 UTC+0000" becomes ISO 8601). */
export function auditWebhook(entry: Record<string, unknown>): Record<string, unknown> {
  const stamp = String(entry.timestamp)
    .replace(' ', 'T')
    .replace(' UTC', '')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return {
    type: 'console-audit',
    payload: {
      timestamp: stamp,
      message: entry.message,
      action_type: entry.action_type,
      flock_id: entry.flock_id ?? null,
      flock_name: entry.flock_id === null || entry.flock_id === undefined ? null : 'Default Flock',
      user: entry.user,
      user_ip: entry.user_ip,
      user_browser_agent: entry.user_browser_agent,
      user_browser_language: entry.user_browser_language ?? 'en-GB',
      user_access_route: '',
    },
  };
}

export const TEST_WEBHOOK = (now: number) => ({
  Description: 'Fake Location',
  Timestamp: webhookTime(Math.floor(now / 1000)),
  CanaryName: 'DummyDevice',
  CanaryID: '0000000testnode',
  CanaryIP: '1.1.1.1',
  Flock: 'flock:dummyincidentflock',
  SourceIP: '2.2.2.2',
  CanaryLocation: 'Fake Location',
  ReverseDNS: 'theattackers.ip.local',
  Intro: 'This is a dummy incident.',
  AdditionalDetails: [
    ['Field1', 'VALUE1'],
    ['Field2', 'VALUE2'],
  ],
  AlertType: 'CanaryIncident',
  LogType: 111111,
});

export class WebhookSender {
  readonly hooks = new Map<string, Webhook>();
  readonly deliveries: WebhookDelivery[] = [];
  /** Sends in flight, so a test can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();
  /** While true, nothing is sent (a network fault between console and receiver: pushes are lost). */
  drop = false;

  constructor(private readonly now: () => number = Date.now) {}

  send(kind: WebhookDelivery['kind'], body: Record<string, unknown>, only?: string): void {
    for (const hook of this.hooks.values()) {
      if (only !== undefined && hook.url !== only) continue;
      if (kind === 'audit' && !hook.auditTrail) continue;
      const at = this.now();
      const hash = typeof body.IncidentHash === 'string' ? body.IncidentHash : undefined;
      const record = (status: number | 'failed'): void => {
        this.deliveries.push({ url: hook.url, kind, status, at, ...(hash === undefined ? {} : { hash }) });
      };
      if (this.drop) {
        record('failed');
        continue;
      }
      const sending = fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...hook.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (reply) => {
          await reply.arrayBuffer();
          record(reply.status);
        })
        .catch(() => record('failed'))
        .finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    }
  }

  /** Resolves when every webhook sent so far has been answered (or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
