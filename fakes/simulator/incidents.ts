import { type Kind, kindOf, pickKind } from './catalogue.ts';
import { Rng, streamSeed } from './random.ts';
import { Targets, type TriggeredToken, tokenEvent } from './targets.ts';

export interface IncidentStoreOptions {
  seed: number;
  /** Incidents present when the simulator starts. */
  incidents: number;
  /** Creation time of the first seeded incident (epoch seconds); the rest follow `spacingSeconds` apart. */
  firstCreated?: number;
  spacingSeconds?: number;
  /** The console's initial birds and tokens (inventory.ts): what the incidents happen on. */
  birds?: number;
  tokens?: number;
  now?: () => number;
}

export interface AddSpec {
  logtype?: number;
  events?: number;
  /** Pads every event to about this many bytes (to make oversized incidents). */
  eventBytes?: number;
  /** The attacker's address (one source across several Canaries). */
  src?: string;
  /**
   * Values that replace the rendered ones, as a console with odd data sends them (`updated_time:
   * 1e13`); `description` entries replace the description's own.
   */
  fields?: Record<string, unknown> & { description?: Record<string, unknown> };
}

interface Overlay {
  updatedId: number;
  updatedTime: number;
  acknowledged: boolean;
  extraEvents: number;
  spec?: AddSpec & { created: number };
}

/**
 * The simulated console's incidents. Seeded incidents are generated on demand from (seed, index), so
 * 100,000 of them cost almost no memory; only changed or added ones are stored. `updated_id` is a
 * console-wide counter: an acknowledgement or new events give the incident a new, higher one.
 */
export class IncidentStore {
  private readonly options: Required<Omit<IncidentStoreOptions, 'now' | 'birds' | 'tokens'>>;
  private readonly now: () => number;
  /** slots[u] = index of the incident that had updated_id u (stale once it moved on). */
  private readonly slots: number[] = [-1];
  private readonly overlays = new Map<number, Overlay>();
  private readonly targets: Targets;
  count: number;
  maxUpdatedId: number;

  constructor(options: IncidentStoreOptions) {
    this.options = { firstCreated: 1_767_225_600, spacingSeconds: 30, ...options };
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    for (let index = 0; index < options.incidents; index++) this.slots.push(index);
    this.count = options.incidents;
    this.maxUpdatedId = options.incidents;
    this.targets = new Targets(options.seed, options.birds ?? 12, options.tokens ?? 24);
  }

  updatedIdOf(index: number): number {
    return this.overlays.get(index)?.updatedId ?? index + 1;
  }

  /** Versions with since < updated_id <= bound, ascending, at most `limit`; `next` is where to go on. */
  page(since: number, bound: number, limit: number): { incidents: unknown[]; next: number | null } {
    const incidents: unknown[] = [];
    let u = Math.max(since + 1, 1);
    for (; u <= bound && incidents.length < limit; u++) {
      const index = this.slots[u];
      if (index !== undefined && index >= 0 && this.updatedIdOf(index) === u)
        incidents.push(this.render(index));
    }
    return { incidents, next: u <= bound ? u - 1 : null };
  }

  add(count: number, spec: AddSpec = {}): number[] {
    const indexes: number[] = [];
    for (let i = 0; i < count; i++) {
      const index = this.count++;
      const created = this.now();
      this.overlays.set(index, {
        updatedId: 0,
        updatedTime: created,
        acknowledged: false,
        extraEvents: 0,
        spec: { ...spec, created },
      });
      this.bump(index);
      indexes.push(index);
    }
    return indexes;
  }

  acknowledge(index: number): boolean {
    if (index < 0 || index >= this.count) return false;
    const overlay = this.overlay(index);
    if (overlay.acknowledged) return false;
    overlay.acknowledged = true;
    this.bump(index);
    return true;
  }

  /** Acknowledges up to `count` unacknowledged incidents, picked from the seed. */
  acknowledgeSome(count: number, r: Rng): number[] {
    const done: number[] = [];
    for (let tries = 0; done.length < count && tries < count * 20 && this.count > 0; tries++) {
      const index = r.int(0, this.count - 1);
      if (this.acknowledge(index)) done.push(index);
    }
    return done;
  }

  addEvents(index: number, count: number): boolean {
    if (index < 0 || index >= this.count) return false;
    this.overlay(index).extraEvents += count;
    this.bump(index);
    return true;
  }

  private overlay(index: number): Overlay {
    let overlay = this.overlays.get(index);
    if (overlay === undefined) {
      overlay = { updatedId: index + 1, updatedTime: 0, acknowledged: false, extraEvents: 0 };
      this.overlays.set(index, overlay);
    }
    return overlay;
  }

  private bump(index: number): void {
    const overlay = this.overlay(index);
    overlay.updatedId = ++this.maxUpdatedId;
    overlay.updatedTime = this.now();
    this.slots[overlay.updatedId] = index;
  }

  render(index: number): Record<string, unknown> {
    const r = new Rng(streamSeed(this.options.seed, index));
    const overlay = this.overlays.get(index);
    const spec = overlay?.spec;
    const kind: Kind = (spec?.logtype === undefined ? undefined : kindOf(spec.logtype)) ?? pickKind(r);
    const token = kind.token ? this.targets.token(r, kind, spec?.logtype) : undefined;
    const logtype = spec?.logtype ?? token?.logtype ?? r.pick(kind.logtypes);
    const created = spec?.created ?? this.options.firstCreated + index * this.options.spacingSeconds;
    const bird = this.targets.bird(r);
    const drawn = this.targets.source(r);
    const src = spec?.src ?? drawn;
    const baseEvents = spec?.events ?? (r.next() < 0.05 ? r.int(20, 120) : r.int(1, 4));
    const eventCount = baseEvents + (overlay?.extraEvents ?? 0);
    const events = Array.from({ length: eventCount }, (_, j) =>
      this.event(kind, r, created + j, spec?.eventBytes, token),
    );
    const updatedTime = overlay?.updatedTime || created + Math.max(0, eventCount - 1);
    // Its own stream: an incident keeps its id and hash when events join it, as on a real console.
    const hashId = new Rng(streamSeed(this.options.seed ^ 0x4a54, index)).hex(32);
    const family = token === undefined ? bird.id : 'canarytoken';
    const incident: Record<string, unknown> & { description: Record<string, unknown> } = {
      id: `incident:${family}:${hashId.slice(0, 24)}:${src}:${created}`,
      hash_id: hashId,
      summary: kind.summary,
      updated: new Date(updatedTime * 1000).toUTCString(),
      updated_std: std(updatedTime),
      updated_time: String(updatedTime),
      updated_id: this.updatedIdOf(index),
      description: {
        acknowledged: overlay?.acknowledged ? 'True' : 'False',
        created: String(created),
        created_std: std(created),
        description: kind.summary,
        dst_host: kind.token ? '' : bird.ip,
        dst_port: kind.port === '' ? '' : String(kind.port),
        events,
        events_count: String(eventCount),
        flock_id: token === undefined ? bird.flock : 'flock:default',
        flock_name: token === undefined ? bird.flockName : 'Default Flock',
        ip_address: kind.token ? '' : bird.ip,
        ippers: '',
        local_time: std(created).replace(' UTC+0000', ''),
        logtype: String(logtype),
        mac_address: kind.token ? '' : bird.mac,
        name: kind.token ? 'N/A' : bird.name,
        // a token incident's node is its token (as the token store lists it)
        node_id: token === undefined ? bird.id : token.canarytoken,
        notified: 'False',
        src_host: src,
        src_host_reverse: r.next() < 0.5 ? `host-${src.replaceAll('.', '-')}.example.net` : '',
        src_port: String(r.int(1024, 65535)),
        ...(token === undefined ? {} : { memo: token.memo }),
      },
    };
    if (spec?.fields === undefined) return incident;
    const { description = {}, ...top } = spec.fields;
    return { ...incident, ...top, description: { ...incident.description, ...description } };
  }

  private event(kind: Kind, r: Rng, timestamp: number, padTo?: number, token?: TriggeredToken): unknown {
    const body = kind.event(r);
    if (Array.isArray(body)) return body;
    // Each catalogue event is a fresh object: the times are set on it, not on a copy (an object
    // literal that starts with a spread is V8's slow path, a microsecond an event).
    const event =
      token === undefined
        ? (body as Record<string, unknown>)
        : tokenEvent(body as Record<string, unknown>, token);
    event.timestamp = timestamp;
    event.timestamp_std = std(timestamp);
    if (padTo !== undefined) event.PADDING = 'x'.repeat(Math.max(0, padTo - JSON.stringify(event).length));
    return event;
  }
}

/**
 * "2026-01-01 00:00:30 UTC+0000", as the console writes times. The date of the day last asked for is
 * kept: a page renders thousands of these within a few days, and a Date per call was a tenth of the
 * simulator's time in a backfill.
 */
function std(epochSeconds: number): string {
  if (!Number.isInteger(epochSeconds) || epochSeconds < 0 || epochSeconds >= 253_402_300_800)
    return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC+0000`;
  const day = Math.floor(epochSeconds / 86_400);
  if (day !== stdDay) {
    stdDay = day;
    stdDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
  }
  const inDay = epochSeconds - day * 86_400;
  const h = Math.floor(inDay / 3600);
  const m = Math.floor(inDay / 60) % 60;
  return `${stdDate} ${TWO[h]}:${TWO[m]}:${TWO[inDay % 60]} UTC+0000`;
}

const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let stdDay = -1;
let stdDate = '';
