import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AfterIdMode, AuditStore } from './audit.ts';
import { control } from './control.ts';
import { DeviceStore } from './devices.ts';
import { auditFeed, drift, incidentsFeed, type Reply, tokensFeed, updated } from './feeds.ts';
import { type Fault, send, serveFault } from './http.ts';
import { type AddSpec, IncidentStore } from './incidents.ts';
import { Rng } from './random.ts';
import { settings } from './settings.ts';
import { TokenStore } from './tokens.ts';
import { checkVariants, ENDPOINTS, type Endpoint, type VariantSetting, varyReply } from './variants.ts';
import { auditWebhook, incidentWebhook, WebhookSender } from './webhooks.ts';

export type { Fault } from './http.ts';

export interface SimulatorOptions {
  seed?: number;
  incidents?: number;
  authToken?: string;
  /** HTTP status for a bad token; the real status is undocumented, the body is not. */
  authErrorStatus?: number;
  auditEntries?: number;
  /** Offset audit timestamps are rendered in (the console's `tz`), e.g. "+0200". */
  auditOffset?: string;
  afterIdMode?: AfterIdMode;
  birds?: number;
  tokens?: number;
  /** Reply shapes other than the documented one (variants.ts): named ones, or a seeded mix. Off by default. */
  variants?: VariantSetting;
  /** Seeds the mix's choices apart from the data (default: the data's seed). */
  variantSeed?: number;
  now?: () => number;
}

/**
 * A Thinkst Canary console over real HTTP: the endpoints the collector reads, with the documented
 * shapes, plus a control API under /_sim/ to change data and inject faults while it runs.
 */
export class CanarySimulator {
  readonly store: IncidentStore;
  readonly audit: AuditStore;
  readonly devices: DeviceStore;
  readonly tokens: TokenStore;
  readonly options: Required<
    Omit<SimulatorOptions, 'now' | 'auditOffset' | 'afterIdMode' | 'variants' | 'variantSeed'>
  >;
  readonly requests: Array<{ method: string; path: string; url: string; headerToken: boolean }> = [];
  private readonly faults: Fault[] = [];
  private readonly server: Server;
  private readonly rng: Rng;
  apiEnabled = true;
  private ticks = 0;
  /** Schema drift: new fields, optional fields missing, numbers as strings, in every list reply. */
  drift = false;
  /** Reply variants served (variants.ts); undefined: the documented shapes only. */
  variants: VariantSetting | undefined;
  /** How often each variant was served, so a test can tell it was exercised. */
  readonly variantsServed = new Map<string, number>();
  private readonly variantRng: Rng;
  /** A flock-scoped key: it may ping, but not read the console-wide feeds. */
  flockToken: string | undefined;
  /** The console's generic webhooks: added through the settings API, sent on new incidents and audit entries. */
  readonly webhooks = new WebhookSender();
  /** A read-only API key: it reads every feed, but the settings API refuses it. */
  readOnly = false;
  /** Called on every API request, after it is counted: scenarios change data mid-walk here. */
  onRequest: ((path: string, count: number) => void) | undefined;
  url = '';

  constructor(options: SimulatorOptions = {}) {
    this.options = {
      seed: 1,
      incidents: 50,
      authToken: 'sim-token-0123456789abcdef',
      authErrorStatus: 401,
      auditEntries: 40,
      birds: 12,
      tokens: 24,
      ...options,
    };
    this.store = new IncidentStore({
      seed: this.options.seed,
      incidents: this.options.incidents,
      birds: this.options.birds,
      tokens: this.options.tokens,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.audit = new AuditStore({
      seed: this.options.seed,
      entries: this.options.auditEntries,
      ...(options.auditOffset === undefined ? {} : { offset: options.auditOffset }),
      ...(options.afterIdMode === undefined ? {} : { afterId: options.afterIdMode }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.devices = new DeviceStore(this.options.seed, this.options.birds, options.now);
    this.tokens = new TokenStore(this.options.seed, this.options.tokens);
    this.rng = new Rng(this.options.seed ^ 0x5eed);
    checkVariants(options.variants);
    this.variants = options.variants;
    this.variantRng = new Rng((options.variantSeed ?? this.options.seed) ^ 0x7a71);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        send(res, 500, { result: 'error', message: String(error) }),
      );
    });
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  inject(...faults: Fault[]): void {
    this.faults.push(...faults.map((fault) => ({ times: 1, ...fault })));
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /**
   * One second of a live console: a few new incidents, an acknowledgement, new events on an open
   * one, new audit entries; every 5th tick a bird goes offline or comes back, every 10th a token is
   * added or removed, every 30th a bird is added or one leaves. So every record type, bird_change
   * included, shows up within a minute of a local run with a short snapshot interval.
   */
  tick(): { added: number; acknowledged: number; audit: number } {
    this.ticks++;
    const added = this.addIncidents(this.rng.int(0, 3)).length;
    const acknowledged = this.rng.next() < 0.5 ? this.store.acknowledgeSome(1, this.rng).length : 0;
    if (this.rng.next() < 0.2 && this.store.count > 0)
      this.store.addEvents(this.rng.int(0, this.store.count - 1), 1);
    const audit = this.rng.int(0, 2);
    this.addAudit(audit);
    if (this.ticks % 5 === 0) this.devices.flip();
    if (this.ticks % 10 === 0) this.tokens.churn();
    if (this.ticks % 30 === 0) {
      const ids = this.devices.ids();
      if (this.ticks % 60 === 0 && ids.length > 1) this.devices.remove(this.rng.pick(ids));
      else this.devices.add();
    }
    return { added, acknowledged, audit };
  }

  /** New incidents, as attackers make them: in the feeds at once, and posted to every webhook. */
  addIncidents(count: number, spec: AddSpec = {}): number[] {
    const added = this.store.add(count, spec);
    for (const index of added) this.webhooks.send('incident', incidentWebhook(this.store.render(index)));
    return added;
  }

  /** New audit-trail entries, posted to the webhooks that take the audit trail. */
  addAudit(count: number): void {
    const before = this.audit.count;
    this.audit.add(count);
    for (let id = before + 1; id <= this.audit.count; id++)
      this.webhooks.send('audit', auditWebhook(this.audit.render(id)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/_sim/'))
      return control(this, { rng: this.rng, faults: this.faults }, req, res, url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const headerToken = req.headers['x-canary-auth-token'];
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      url: req.url ?? '',
      headerToken: headerToken !== undefined,
    });
    this.onRequest?.(path, this.requests.filter((r) => r.path === path).length);
    const fault = this.takeFault(path, url.search);
    if (fault !== undefined) return serveFault(res, fault);
    const token = typeof headerToken === 'string' ? headerToken : url.searchParams.get('auth_token');
    if (token !== undefined && token === this.flockToken && path !== '/ping') {
      return send(res, 403, {
        message: 'This API key is limited to one flock and cannot read this endpoint',
        result: 'error',
      });
    }
    if (token !== this.options.authToken && !(token === this.flockToken && path === '/ping')) {
      const message = typeof headerToken === 'string' ? 'Unauthorized' : 'Invalid auth_token';
      return send(res, this.options.authErrorStatus, { message, result: 'error' });
    }
    if (!this.apiEnabled)
      return send(res, 403, { message: 'API access is disabled on this console', result: 'error' });
    if (path === '/ping') return send(res, 200, { result: 'success' });
    const ctx = { url: this.url, authToken: this.options.authToken };
    const reply = (r: Reply) => {
      const body = this.drift && r.status === 200 ? drift(r.body) : r.body;
      if (this.variants === undefined || r.status !== 200 || !ENDPOINTS.includes(path as Endpoint))
        return send(res, r.status, body);
      const varied = varyReply(
        this.variants,
        path as Endpoint,
        body,
        r.limit ?? Number.MAX_SAFE_INTEGER,
        this.variantRng,
      );
      for (const id of varied.applied) this.variantsServed.set(id, (this.variantsServed.get(id) ?? 0) + 1);
      if (!('raw' in varied)) return send(res, r.status, varied.body);
      res.writeHead(varied.raw.status, varied.raw.headers);
      res.end(varied.raw.text);
    };
    if (path === '/incidents/all') return reply(incidentsFeed(this.store, url, ctx));
    if (path === '/audit_trail/fetch') return reply(auditFeed(this.audit, url));
    if (path === '/devices/all') {
      return reply({
        status: 200,
        body: { devices: this.devices.list(), feed: 'All Devices', result: 'success', ...updated() },
      });
    }
    if (path === '/canarytokens/paginate') return reply(tokensFeed(this.tokens, url, ctx));
    if (path.startsWith('/settings/')) return settings(this, req, res, path, url);
    return send(res, 404, { message: 'Not found', result: 'error' });
  }

  private takeFault(path: string, search: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        (fault.path === undefined || path.startsWith(fault.path)) &&
        (fault.query === undefined || search.includes(fault.query)),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index] as Fault;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }
}
