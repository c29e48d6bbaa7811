import { MIN_SCRUBBED_TOKEN, type TokenScrubber, tokenScrubber } from '#lib/canary/scrub.ts';
import { mapped } from '#lib/core/iterables.ts';
import type { EventSink, SinkRecord } from '#lib/core/ports.ts';
import { keptJson } from '#lib/core/serialise.ts';

/** What the console's auth token becomes in a record: the word the token inventories use for a secret. */
export const TOKEN_REDACTED = '[REDACTED]';

/**
 * Delivers records without the console's own auth token in them, in any of its shapes: a memo, an
 * incident's event or an audit entry may quote it, and no format or field should carry it on. Each
 * record costs one search of the JSON text the sink sends anyway (kept, so it is not serialised
 * twice); only a record that holds the token is rebuilt, string by string, so the JSON stays valid.
 */
export class TokenScrubSink implements EventSink {
  private readonly scrubber: TokenScrubber | undefined;

  constructor(
    private readonly inner: EventSink,
    authToken: string,
  ) {
    // a Canary API key is 32 characters; a shorter one (a test's) would rewrite ordinary words
    this.scrubber = authToken.length < MIN_SCRUBBED_TOKEN ? undefined : tokenScrubber(authToken);
  }

  put(records: Iterable<SinkRecord>): Promise<{ calls: number; bytes: number }> {
    const scrubber = this.scrubber;
    if (scrubber === undefined) return this.inner.put(records);
    return this.inner.put(mapped(records, (record) => this.clean(record, scrubber)));
  }

  private clean(record: SinkRecord, scrubber: TokenScrubber): SinkRecord {
    const json = keptJson(record);
    if (!scrubber.finds(json)) return record;
    return strings(record, scrubber) as SinkRecord;
  }
}

/** A copy with every string, keys included, scrubbed. */
function strings(node: unknown, scrubber: TokenScrubber): unknown {
  if (typeof node === 'string') return scrubber.scrub(node, TOKEN_REDACTED);
  if (Array.isArray(node)) return node.map((item) => strings(item, scrubber));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      scrubber.scrub(key, TOKEN_REDACTED),
      strings(value, scrubber),
    ]),
  );
}
