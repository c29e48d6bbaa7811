import { CollectorError } from '../core/errors.ts';
import { printable } from './replies.ts';
import { tokenScrubber } from './scrub.ts';

/**
 * The console's generic webhook settings API (console-settings/notification-channels.md): what
 * `push setup --apply` uses to point a console at the receiver. The auth token goes in the
 * X-Canary-Auth-Token header, never in the URL; parameters are form-encoded, as documented.
 */
export interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
  auditTrail: boolean;
}

type Reply = { result?: string; message?: string; generic_webhooks?: Array<{ url?: string }> };

async function call(
  apiBase: string,
  token: string,
  path: string,
  form?: Record<string, string>,
): Promise<Reply> {
  let reply: Response;
  try {
    reply = await fetch(`${apiBase}${path}`, {
      method: form === undefined ? 'GET' : 'POST',
      headers: {
        'x-canary-auth-token': token,
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
      // a redirect followed would carry the token and the push header value to wherever it points
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new CollectorError(
      'CANARY_UNREACHABLE',
      `the console did not answer ${path}: ${error instanceof Error ? error.name : 'error'}`,
    );
  }
  if (reply.status >= 300 && reply.status < 400) {
    await reply.body?.cancel().catch(() => {});
    throw new CollectorError(
      'CANARY_REDIRECT',
      `the console answered ${path} with ${reply.status}, a redirect to ${redirectHost(reply, apiBase)}; it was not followed and nothing more was sent`,
      { status: reply.status },
    );
  }
  const body = (await reply.json().catch(() => ({}))) as Reply;
  // the console's own words, without control characters or the token in any shape
  const said = (fallback: string) =>
    tokenScrubber(token)
      .scrub(printable(typeof body.message === 'string' ? body.message : fallback))
      .slice(0, 300);
  if (reply.status === 401)
    throw new CollectorError('CANARY_AUTH_FAILED', 'the console refused the auth token');
  if (reply.status === 403)
    throw new CollectorError(
      'CANARY_FORBIDDEN',
      `the console refused to change its webhooks with this key (${said('forbidden')}): give a key that may change settings with --token-file (it is used once, not stored)`,
    );
  if (!reply.ok || body.result === 'error')
    throw new CollectorError(
      'CANARY_API_ERROR',
      `the console answered ${path} with ${reply.status}: ${said('error')}`,
    );
  return body;
}

/** Where a redirect pointed: its host only (its path or query may carry anything), or that it named none. */
function redirectHost(reply: Response, apiBase: string): string {
  const location = reply.headers.get('location');
  if (location === null || location.trim() === '') return 'no location';
  try {
    return `host ${new URL(location, apiBase).host}`;
  } catch {
    return 'an unreadable location';
  }
}

/** The URLs of the console's generic webhooks (their header values are never listed). */
export async function webhookUrls(apiBase: string, token: string): Promise<string[]> {
  const listed = await call(apiBase, token, '/settings/generic/list');
  return (listed.generic_webhooks ?? []).flatMap((hook) => (typeof hook.url === 'string' ? [hook.url] : []));
}

/**
 * Adds the generic webhook at `target.url` (the console refuses one whose URL it already has), turns
 * the audit trail on or off for it, and has the console send its test webhook.
 */
export async function addWebhook(apiBase: string, token: string, target: WebhookTarget): Promise<void> {
  await call(apiBase, token, '/settings/generic/add', {
    url: target.url,
    headers: JSON.stringify(target.headers),
  });
  await call(apiBase, token, '/settings/webhook/configure', {
    url: target.url,
    setting: 'receive_audit_trail_records',
    value: String(target.auditTrail),
  });
  await call(apiBase, token, '/settings/generic/test', { url: target.url });
}

/**
 * Removes the generic webhook at `url`: 'removed', or 'absent' when the console has none there. The
 * remove endpoint's exact parameters are our reading of the documentation's list of endpoints, not a
 * documented example (canary-api.md §8), so its answer is not trusted alone: the list afterwards
 * decides, and a webhook still listed is an error saying to remove it by hand.
 */
export async function removeWebhook(
  apiBase: string,
  token: string,
  url: string,
): Promise<'removed' | 'absent'> {
  if (!(await webhookUrls(apiBase, token)).includes(url)) return 'absent';
  const failure = await call(apiBase, token, '/settings/generic/remove', { url }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(await webhookUrls(apiBase, token)).includes(url)) return 'removed';
  if (failure instanceof CollectorError && failure.code !== 'CANARY_API_ERROR') throw failure;
  throw new CollectorError(
    'CANARY_API_ERROR',
    `the console still lists the webhook at ${url} after removing it: remove it in the console (Settings → Webhooks → Generic)`,
  );
}

/**
 * Makes the console post to `target`: adds the generic webhook (replacing one at the same URL, which
 * is the receiver's own address for this console, e.g. after the push key changed), turns the audit
 * trail on or off for it, and has the console send its test webhook. Other webhooks are not touched.
 */
export async function applyWebhook(
  apiBase: string,
  token: string,
  target: WebhookTarget,
): Promise<{ replaced: boolean }> {
  const replaced = (await webhookUrls(apiBase, token)).includes(target.url);
  if (replaced) await call(apiBase, token, '/settings/generic/remove', { url: target.url });
  await addWebhook(apiBase, token, target);
  return { replaced };
}
