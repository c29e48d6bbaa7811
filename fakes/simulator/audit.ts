import { Rng, streamSeed } from './random.ts';

/** How the simulated console treats `after_id`: newer consoles honour it (in some order); older ignore it. */
export type AfterIdMode = 'ascending' | 'descending' | 'ignored';

export interface AuditOptions {
  seed: number;
  entries: number;
  /** Offset the console renders timestamps in, as the `tz` setting would (e.g. "+0200"); default UTC. */
  offset?: string;
  afterId?: AfterIdMode;
  firstTimestamp?: number;
  now?: () => number;
}

const ACTIONS = [
  ['user_login', "User 'alice@corp.example' logged in"],
  ['device_push_settings', "User 'API Token' pushed settings to device SRV-04"],
  ['canarytoken_create', "User 'bob@corp.example' created a Canarytoken"],
  ['flock_move', "User 'alice@corp.example' moved device FS-02 to flock Finance"],
  ['incident_acknowledge', "User 'API Token' acknowledged an incident"],
  ['user_assign_to_flock', "User 'carol@corp.example' was assigned to flock Default Flock"],
] as const;

/**
 * The console's audit trail: ids 1..n, generated from (seed, id) on demand; newest first on the wire.
 * `purge(id)` removes entries up to and including `id`, as POST /audit_trail/purge does.
 */
export class AuditStore {
  count: number;
  purgedUpTo = 0;
  afterIdMode: AfterIdMode;
  private readonly options: AuditOptions;
  private readonly now: () => number;
  private readonly added = new Map<number, number>();
  private readonly fields = new Map<number, Record<string, unknown>>();

  constructor(options: AuditOptions) {
    this.options = options;
    this.count = options.entries;
    this.afterIdMode = options.afterId ?? 'ascending';
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Adds `count` entries; `fields` replace the rendered values (odd data: `timestamp: 'garbage'`). */
  add(count: number, fields?: Record<string, unknown>): void {
    for (let i = 0; i < count; i++) {
      this.added.set(++this.count, this.now());
      if (fields !== undefined) this.fields.set(this.count, fields);
    }
  }

  purge(upTo: number): void {
    this.purgedUpTo = Math.max(this.purgedUpTo, upTo);
  }

  /** Entries with low < id <= high, newest first, at most `limit`. */
  newestFirst(high: number, low: number, limit: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (let id = Math.min(high, this.count); id > Math.max(low, this.purgedUpTo) && out.length < limit; id--)
      out.push(this.render(id));
    return out;
  }

  /** Entries with id > low, oldest first, at most `limit`. */
  oldestFirst(low: number, limit: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (let id = Math.max(low, this.purgedUpTo) + 1; id <= this.count && out.length < limit; id++)
      out.push(this.render(id));
    return out;
  }

  render(id: number): Record<string, unknown> {
    const r = new Rng(streamSeed(this.options.seed ^ 0xa0d17, id));
    const [action, message] = r.pick(ACTIONS);
    const epoch = this.added.get(id) ?? (this.options.firstTimestamp ?? 1_767_225_600) + id * 60;
    return {
      id,
      action_type: action,
      message,
      timestamp: stdTime(epoch, this.options.offset ?? '+0000'),
      user: message.match(/'([^']+)'/)?.[1] ?? 'API Token',
      user_ip: `10.1.${r.int(0, 9)}.${r.int(2, 250)}`,
      user_browser_agent: r.pick(['Mozilla/5.0 (Macintosh)', 'python-requests/2.32', '']),
      user_browser_language: 'en-US',
      flock_id: r.next() < 0.5 ? null : 'flock:default',
      additional_information: r.next() < 0.3 ? { settings_changed: ['ssh.port'] } : null,
      ...this.fields.get(id),
    };
  }
}

/** "2020-04-03 12:56:42 UTC+0000" in the given offset, as the audit trail renders it. */
export function stdTime(epochSeconds: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const shifted = new Date((epochSeconds + minutes * 60) * 1000);
  return `${shifted.toISOString().slice(0, 19).replace('T', ' ')} UTC${offset}`;
}
