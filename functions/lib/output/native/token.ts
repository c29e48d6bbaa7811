import { msToIso } from '#lib/canary/time.ts';
import type { TokenItem } from '#lib/canary/tokens.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { redactSecrets } from '../shared/redact.ts';
import { text } from '../shared/values.ts';
import { outputRecord } from './record.ts';
import { tokenView } from './semantics.ts';
import { timeFallback, unreadable } from './times.ts';

/** One `token` record per Canarytoken per snapshot, its secrets removed; `redacted_fields` lists them. */
export function tokenRecords(consoleName: string, items: TokenItem[], collectedAt: string): OutputRecord[] {
  return items.map(({ token, snapshotAt }) => {
    const { value, redacted } = redactSecrets(token);
    const time = msToIso(snapshotAt) ?? collectedAt;
    const view = tokenView(value as Record<string, unknown>);
    // `time` is the snapshot's; a `created` the console sent that does not read is flagged.
    const fallback = timeFallback(unreadable(token.created, view.normalized.created as string | null));
    return outputRecord({
      console: consoleName,
      source: 'token',
      key: [text(token.canarytoken) ?? text(token.key) ?? JSON.stringify(value), snapshotAt],
      time,
      collectedAt,
      canary: value,
      extra: { ...fallback, ...view, snapshot_at: time, redacted_fields: redacted },
    });
  });
}
