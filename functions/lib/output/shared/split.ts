import type { OutputRecord } from '#lib/core/ports.ts';
import { lineSafeJson, rememberJson } from '#lib/core/serialise.ts';
import { eventId } from './ids.ts';

/** Room a part leaves below the sink's record limit for its own fields (part, parts, parent id...). */
export const PART_MARGIN_BYTES = 24_000;
/** The size parts are cut to when the caller names none: below Firehose's 1,024,000-byte records. */
export const PART_TARGET_BYTES = 1_000_000;

/**
 * The native size a part may have so that the record the format makes of it still fits a sink that
 * takes `maxRecordBytes` (the sink owns that figure: aws/sinks/firehoseSink.ts): ECS carries the
 * Canary object as JSON text in `event.original`, and Security Lake's Parquet-ready OCSF in
 * `unmapped.canary`, where escaping can double it (every `"` and `\` gains a backslash); native and
 * plain OCSF carry it as it is. A Splunk HEC envelope adds a few hundred bytes, well inside the margin.
 */
export function partTargetBytes(
  format: 'native' | 'ocsf' | 'ecs',
  maxRecordBytes: number,
  options: { parquet?: boolean } = {},
): number {
  const target = maxRecordBytes - PART_MARGIN_BYTES;
  return format === 'ecs' || (format === 'ocsf' && options.parquet === true) ? target / 2 : target;
}

/** The bytes the sink sends for `record`: its line-safe JSON (serialise.ts) and the newline. */
export function recordBytes(record: OutputRecord): number {
  return Buffer.byteLength(`${lineSafeJson(record)}\n`);
}

/**
 * Splits an oversized incident record into parts that together carry every one of its events:
 * each part repeats the incident without its events, plus a run of events. `part`/`parts` and
 * `parent_event_id` let a SIEM put it back together. Nothing is truncated or dropped: an event too
 * big for a part on its own is carried as consecutive text fragments of its JSON.
 */
export function splitIncidentRecord(record: OutputRecord, targetBytes = PART_TARGET_BYTES): OutputRecord[] {
  const json = lineSafeJson(record);
  if (Buffer.byteLength(json) + 1 <= targetBytes) {
    // the sink sends this text as it is, rather than serialising the record a second time
    rememberJson(record, json);
    return [record];
  }
  const canary = record.canary as { description: { events?: unknown[] } };
  const events = canary.description.events ?? [];
  const shell = { ...record, canary: { ...canary, description: { ...canary.description, events: [] } } };
  const room = targetBytes - recordBytes(shell) - 512;
  const chunks: Array<{ events: unknown[]; fragment?: { index: number; count: number; text: string } }> = [];
  let current: unknown[] = [];
  let used = 0;
  for (const event of events) {
    const text = lineSafeJson(event);
    const size = Buffer.byteLength(text) + 1;
    if (size > room) {
      if (current.length > 0) chunks.push({ events: current });
      current = [];
      used = 0;
      chunks.push(...fragments(text, room));
      continue;
    }
    if (used + size > room && current.length > 0) {
      chunks.push({ events: current });
      current = [];
      used = 0;
    }
    current.push(event);
    used += size;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push({ events: current });
  return chunks.map((chunk, index) => ({
    ...partOf(record, index, chunks.length),
    ...(chunk.fragment === undefined ? {} : { event_fragment: chunk.fragment }),
    canary: { ...canary, description: { ...canary.description, events: chunk.events } },
  }));
}

/**
 * A flattened event too big for one record travels as consecutive fragments of its JSON text, each a
 * record with the event's context, `part`/`parts`, `parent_event_id` and `event_fragment`; the first
 * keeps the event's alert. Smaller events pass as they are.
 */
export function splitEventRecord(record: OutputRecord, targetBytes = PART_TARGET_BYTES): OutputRecord[] {
  if (recordBytes(record) <= targetBytes) return [record];
  const shell = { ...record, canary: null };
  const parts = fragments(lineSafeJson(record.canary), targetBytes - recordBytes(shell) - 512);
  return parts.map((chunk, index) => ({
    ...partOf(shell, index, parts.length),
    event_fragment: chunk.fragment,
  }));
}

/**
 * Any record cut to `targetBytes`: an incident into parts, a flattened event into fragments; other
 * records (audit entries, birds, tokens) have nothing to cut and stay whole.
 */
export function splitRecord(record: OutputRecord, targetBytes: number): OutputRecord[] {
  if (record.source === 'incident') return splitIncidentRecord(record, targetBytes);
  if (record.source === 'incident_event') return splitEventRecord(record, targetBytes);
  return [record];
}

/** Part `index` of `count` of a record: its own id, its parent's, and the alert on the first part only. */
function partOf(record: OutputRecord, index: number, count: number): OutputRecord {
  return {
    ...record,
    event_id: eventId(record.console, record.source, record.event_id, 'part', index + 1),
    parent_event_id: record.event_id,
    part: index + 1,
    parts: count,
    ...(record.alert === true && index > 0 ? { alert: false } : {}),
  };
}

/**
 * `text` is line-safe JSON, so a fragment holds no raw line separator whose escape would outgrow the
 * room, and the fragments joined are JSON that parses to the event.
 */
function fragments(text: string, room: number) {
  // Slicing by characters keeps every fragment valid UTF-8; a quarter of the room bounds multi-byte text.
  const size = Math.max(1, Math.floor(room / 4));
  const count = Math.ceil(text.length / size);
  return Array.from({ length: count }, (_, index) => ({
    events: [],
    fragment: { index: index + 1, count, text: text.slice(index * size, (index + 1) * size) },
  }));
}
