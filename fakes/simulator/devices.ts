import { birdAt, startsOffline } from './inventory.ts';
import { Rng, streamSeed } from './random.ts';

interface Device {
  /** The fields that do not move with the clock, and any given to add(). */
  fields: Record<string, unknown>;
  given: Record<string, unknown>;
  live: boolean;
  /** Epoch seconds it last booted, and (offline) when it was last seen. */
  bootedAt: number;
  lastSeen: number | undefined;
}

/**
 * The console's birds: bird n is generated from (seed, n) (inventory.ts), the same birds the
 * incidents happen on; they go offline, come back, appear and disappear. The times agree with each
 * other and with the clock: a live bird was seen seconds ago and has been up since it booted
 * (`uptime` in seconds, `uptime_age` the same in words); an offline one was last seen when it went
 * offline, and every sixth of the first birds starts offline, hours ago.
 */
export class DeviceStore {
  private readonly devices = new Map<string, Device>();
  private readonly rng: Rng;
  private readonly seed: number;
  private readonly now: () => number;
  private serial = 0;

  constructor(seed: number, count: number, now: () => number = () => Math.floor(Date.now() / 1000)) {
    this.seed = seed;
    this.now = now;
    this.rng = new Rng(streamSeed(seed, 0xb1d5));
    for (let i = 0; i < count; i++) this.add({}, startsOffline(i + 1));
  }

  list(): Record<string, unknown>[] {
    return [...this.devices.values()].map((device) => this.render(device));
  }

  ids(): string[] {
    return [...this.devices.keys()];
  }

  /**
   * Adds a bird, live unless `offline` (then last seen hours ago); `fields` replace the generated
   * values (odd data: `first_seen: 'garbage'`).
   */
  add(fields: Record<string, unknown> = {}, offline = false): string {
    const r = this.rng;
    const n = ++this.serial;
    const bird = birdAt(this.seed, n);
    const now = this.now();
    const lastSeen = offline ? now - r.int(7 * 3600, 72 * 3600) : undefined;
    const bootedAt = (lastSeen ?? now) - r.int(3600, 120 * 86_400);
    const seen = Math.min(1_767_225_600 + n * 3600, bootedAt);
    this.devices.set(bird.id, {
      fields: {
        id: bird.id,
        name: bird.name,
        description: r.pick(['Windows file server', 'Linux web server', 'Cisco router']),
        location: r.pick(['Cape Town DC', 'London office', 'AWS eu-west-1']),
        note: '',
        ip_address: bird.ip,
        mac_address: bird.mac,
        netmask: '255.255.255.0',
        subnet: '10.0.0.0/8',
        public_ip: `198.51.100.${r.int(1, 254)}`,
        flock_id: bird.flock,
        first_seen: new Date(seen * 1000).toUTCString(),
        first_seen_std: std(seen),
        version: '4.2.1',
        personality: r.pick(['linux-db', 'windows-fs', 'cisco-router', 'synology-nas']),
        ippers: '',
        sensor: 'thinkstcanary',
        outside_bird: false,
        ignore_notifications_disconnect: false,
      },
      given: fields,
      live: !offline,
      bootedAt,
      lastSeen,
    });
    return bird.id;
  }

  remove(id: string): boolean {
    return this.devices.delete(id);
  }

  /**
   * A bird goes offline (last seen now, or at `lastSeen` epoch seconds: one that went away hours
   * ago) or comes back (just booted).
   */
  setLive(id: string, live: boolean, lastSeen?: number): boolean {
    const device = this.devices.get(id);
    if (device === undefined) return false;
    if (device.live !== live) {
      if (live) device.bootedAt = this.now() - 60;
      device.lastSeen = live ? undefined : Math.max(device.bootedAt, lastSeen ?? this.now());
    } else if (!live && lastSeen !== undefined) device.lastSeen = Math.max(device.bootedAt, lastSeen);
    device.live = live;
    return true;
  }

  /** One live change: a bird goes offline or comes back. */
  flip(): void {
    const ids = this.ids();
    if (ids.length === 0) return;
    const id = this.rng.pick(ids);
    this.setLive(id, !(this.devices.get(id) as Device).live);
  }

  private render(device: Device): Record<string, unknown> {
    // A live bird checks in every few seconds; an offline one stopped when it went away.
    const lastSeen = device.lastSeen ?? this.now() - 5;
    const uptime = Math.max(0, lastSeen - device.bootedAt);
    return {
      ...device.fields,
      live: device.live,
      last_seen: new Date(lastSeen * 1000).toUTCString(),
      last_seen_std: std(lastSeen),
      uptime,
      uptime_age: age(uptime),
      ...device.given,
    };
  }
}

/** Seconds in words, as the console's `uptime_age`: "3 days, 4 hours", "12 minutes". */
export function age(seconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 && parts.length < 2) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? `${seconds} seconds` : parts.join(', ');
}

function std(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC+0000`;
}
