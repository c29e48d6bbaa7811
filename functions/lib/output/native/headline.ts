import type { Incident } from '#lib/canary/schemas.ts';
import type { LogtypeInfo } from '../shared/logtypes.ts';
import { text } from '../shared/values.ts';

/**
 * The sentence that says what an incident is: which logtype, on which Canary (and port) or which
 * Canarytoken, from where. Every format carries it word for word (native `message`, OCSF `message`,
 * ECS `message`), and a pushed alert of the same incident says the same.
 */
export function incidentHeadline(incident: Incident, info: LogtypeInfo): string {
  const d = incident.description as Record<string, unknown>;
  const from = text(d.src_host) ?? 'an unknown source';
  if (info.family.startsWith('canarytoken'))
    return tokenHeadline(info, text(d.memo), canarytokenOf(incident), from);
  const canary = text(d.name) ?? text(d.dst_host) ?? 'a Canary';
  if (info.category === 'operational') return `${info.name}: ${canary}`;
  const port = text(String(d.dst_port ?? ''));
  return `${info.name} on ${canary}${port === null ? '' : ` port ${port}`} from ${from}`;
}

/**
 * `Canarytoken "<memo>" (HTTP Remote Image) triggered from 198.51.100.7`: the token by its memo (the
 * name a person gave it), else by its value; its kind from the logtype's name without the words
 * the sentence already has ("Canarytoken Triggered (DNS)" is DNS, "Tokens HTTP Gmail" is HTTP Gmail).
 */
export function tokenHeadline(
  info: LogtypeInfo,
  memo: string | null,
  canarytoken: string | null,
  from: string,
): string {
  const kind =
    /^Canarytoken Triggered \((.+)\)$/i.exec(info.name)?.[1] ?? info.name.replace(/^Tokens? /i, '');
  const name = memo === null ? (canarytoken ?? null) : `"${memo}"`;
  return `Canarytoken ${name === null ? '' : `${name} `}(${kind}) triggered from ${from}`;
}

/** The token a token incident is about: the `canarytoken` its events name (the same in all of them). */
export function canarytokenOf(incident: Incident): string | null {
  for (const event of incident.description.events ?? []) {
    if (event !== null && typeof event === 'object' && !Array.isArray(event)) {
      const value = text((event as Record<string, unknown>).canarytoken);
      if (value !== null) return value;
    }
  }
  return null;
}
