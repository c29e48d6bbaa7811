import type { OutputRecord } from '#lib/core/ports.ts';
import {
  baseEvent,
  CLOUD_RESOURCES_INVENTORY_INFO,
  DEVICE_INVENTORY_INFO,
  type OcsfEvent,
  present,
} from './base.ts';

interface Bird {
  id: string;
  name?: string;
  description?: string;
  location?: string;
  ip_address?: string;
  mac_address?: string;
  first_seen?: string;
  last_seen?: string;
  live?: boolean | string;
}

const epoch = (text: string | undefined) => {
  const value = text === undefined ? Number.NaN : Date.parse(text.replace(/ \(.*\)$/, ''));
  return Number.isNaN(value) ? undefined : value;
};

/**
 * A bird as Device Inventory Info (a Collect activity per snapshot); a bird change is the same class
 * with an Other activity named after the change, Medium when a bird went offline or disappeared.
 */
export function deviceInventory(record: OutputRecord): OcsfEvent {
  const bird = record.canary as Bird;
  const device = present({
    uid: bird.id,
    name: bird.name,
    hostname: bird.name,
    ip: bird.ip_address || undefined,
    mac: bird.mac_address || undefined,
    type_id: 99,
    type: 'Canary',
    desc: bird.description || undefined,
    location: bird.location ? { desc: bird.location } : undefined,
    first_seen_time: epoch(bird.first_seen),
    last_seen_time: epoch(bird.last_seen),
    is_managed: true,
  });
  if (record.source === 'bird_change') {
    const change = String(record.change);
    const severity = change === 'offline' || change === 'disappeared' ? 3 : 1;
    return baseEvent(record, DEVICE_INVENTORY_INFO, { id: 99, name: `Bird ${change}` }, severity, {
      message: `Canary ${bird.name ?? bird.id} ${change}`,
      device,
    });
  }
  return baseEvent(record, DEVICE_INVENTORY_INFO, { id: 2, name: 'Collect' }, 1, { device });
}

interface Token {
  canarytoken?: string;
  key?: string;
  kind?: string;
  memo?: string;
  flock_id?: string;
  hostname?: string;
  url?: string;
}

/** A Canarytoken (secrets already removed) as a resource of Cloud Resources Inventory Info. */
export function tokenInventory(record: OutputRecord): OcsfEvent {
  const token = record.canary as Token;
  return baseEvent(record, CLOUD_RESOURCES_INVENTORY_INFO, { id: 2, name: 'Collect' }, 1, {
    resources: [
      present({
        uid: token.canarytoken ?? String(record.event_id),
        name: token.memo,
        type: `Canarytoken${token.kind ? ` (${token.kind})` : ''}`,
        hostname: token.hostname,
        group: token.flock_id ? { uid: token.flock_id } : undefined,
      }),
    ],
  });
}
