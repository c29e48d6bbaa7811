import { Rng, streamSeed } from './random.ts';

/** The console's birds: generated from the seed; they go offline, come back, appear and disappear. */
export class DeviceStore {
  private readonly devices = new Map<string, Record<string, unknown>>();
  private readonly rng: Rng;
  private serial = 0;

  constructor(seed: number, count: number) {
    this.rng = new Rng(streamSeed(seed, 0xb1d5));
    for (let i = 0; i < count; i++) this.add();
  }

  list(): Record<string, unknown>[] {
    return [...this.devices.values()];
  }

  ids(): string[] {
    return [...this.devices.keys()];
  }

  /** Adds a bird; `fields` replace the generated values (odd data: `first_seen: 'garbage'`). */
  add(fields: Record<string, unknown> = {}): string {
    const r = this.rng;
    const id = r.hex(16);
    const n = ++this.serial;
    const seen = 1_767_225_600 + n * 3600;
    this.devices.set(id, {
      id,
      name: `${r.pick(['SRV', 'FS', 'DB', 'WEB', 'DC'])}-${String(n).padStart(4, '0')}`,
      description: r.pick(['Windows file server', 'Linux web server', 'Cisco router']),
      location: r.pick(['Cape Town DC', 'London office', 'AWS eu-west-1']),
      note: '',
      ip_address: `10.${r.int(0, 9)}.${r.int(0, 255)}.${r.int(2, 250)}`,
      mac_address: Array.from({ length: 6 }, () => r.hex(2)).join(':'),
      netmask: '255.255.255.0',
      subnet: '10.0.0.0/8',
      public_ip: `198.51.100.${r.int(1, 254)}`,
      live: true,
      first_seen: new Date(seen * 1000).toUTCString(),
      first_seen_std: `${new Date(seen * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC+0000`,
      last_seen: new Date(seen * 1000).toUTCString(),
      uptime: r.int(100, 9_000_000),
      uptime_age: '3 days',
      version: '4.2.1',
      personality: r.pick(['linux-db', 'windows-fs', 'cisco-router', 'synology-nas']),
      ippers: '',
      sensor: 'thinkstcanary',
      outside_bird: false,
      ignore_notifications_disconnect: false,
      ...fields,
    });
    return id;
  }

  remove(id: string): boolean {
    return this.devices.delete(id);
  }

  setLive(id: string, live: boolean): boolean {
    const device = this.devices.get(id);
    if (device === undefined) return false;
    device.live = live;
    return true;
  }

  /** One live change: a bird goes offline or comes back. */
  flip(): void {
    const ids = this.ids();
    if (ids.length === 0) return;
    const id = this.rng.pick(ids);
    const device = this.devices.get(id) as Record<string, unknown>;
    device.live = !device.live;
  }
}
