import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText, send } from './http.ts';
import { TEST_WEBHOOK, type WebhookSender } from './webhooks.ts';

/** What the settings API reads and changes on the simulator. */
export interface WebhookSettings {
  readonly webhooks: WebhookSender;
  /** A read-only API key: it may list the webhooks, but not change them. */
  readonly readOnly: boolean;
}

/** The generic webhook settings (console-settings/notification-channels.md), form-encoded as documented. */
export async function settings(
  sim: WebhookSettings,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Promise<void> {
  const form = new URLSearchParams(req.method === 'POST' ? await readText(req) : '');
  const param = (name: string) => form.get(name) ?? url.searchParams.get(name) ?? undefined;
  const hooks = sim.webhooks.hooks;
  if (path === '/settings/generic/list')
    return send(res, 200, {
      generic_webhooks: [...hooks.values()].map((hook, i) => ({
        header_names: Object.keys(hook.headers),
        url: hook.url,
        webhook_id: `webhook-${i + 1}`,
      })),
      result: 'success',
      webhooks_enabled: true,
    });
  if (sim.readOnly)
    return send(res, 403, {
      message: 'This API key is read-only and cannot change settings',
      result: 'error',
    });
  const target = param('url');
  if (target === undefined || !/^https?:\/\//.test(target))
    return send(res, 400, { message: 'url is required', result: 'error' });
  switch (path) {
    case '/settings/generic/add': {
      let headers: Record<string, string> = {};
      try {
        headers = JSON.parse(param('headers') ?? '{}') as Record<string, string>;
      } catch {
        return send(res, 400, { message: 'headers must be JSON', result: 'error' });
      }
      if (hooks.has(target))
        return send(res, 400, { message: 'A webhook with this URL already exists', result: 'error' });
      hooks.set(target, { url: target, headers, auditTrail: false });
      return send(res, 200, { result: 'success', webhook: target });
    }
    case '/settings/generic/remove':
      return send(res, 200, { result: hooks.delete(target) ? 'success' : 'error' });
    case '/settings/generic/test':
      sim.webhooks.send('test', TEST_WEBHOOK(Date.now()), target);
      return send(res, 200, { result: 'success' });
    case '/settings/webhook/configure': {
      const hook = hooks.get(target);
      if (hook === undefined || param('setting') !== 'receive_audit_trail_records')
        return send(res, 400, { message: 'unknown webhook or setting', result: 'error' });
      hook.auditTrail = param('value') === 'true';
      return send(res, 200, { result: 'success' });
    }
    default:
      return send(res, 404, { message: 'Not found', result: 'error' });
  }
}
