import type { TokenItem } from '../canary/tokens.ts';
import type { OutputRecord } from '../core/ports.ts';
import { eventId } from './common.ts';
import { redactSecrets } from './redact.ts';

/** One `token` record per Canarytoken per snapshot, its secrets removed; `redacted_fields` lists them. */
export function tokenRecords(consoleName: string, items: TokenItem[], collectedAt: string): OutputRecord[] {
  return items.map(({ token, snapshotAt }) => {
    const { value, redacted } = redactSecrets(token);
    const id = token.canarytoken ?? token.key ?? JSON.stringify(value);
    const time = new Date(snapshotAt).toISOString();
    return {
      event_id: eventId(consoleName, 'token', id, snapshotAt),
      source: 'token',
      console: consoleName,
      time,
      collected_at: collectedAt,
      snapshot_at: time,
      redacted_fields: redacted,
      canary: value,
    };
  });
}
