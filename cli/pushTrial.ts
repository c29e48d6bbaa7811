import { isLoopback, resolveBaseUrl } from '#lib/canary/endpoint.ts';
import { addWebhook, removeWebhook, webhookUrls } from '#lib/canary/webhookSettings.ts';
import { CollectorError, describeError } from '#lib/core/errors.ts';
import { CliError, UsageError } from './args.ts';
import { readToken } from './consoleOptions.ts';
import type { Target } from './target.ts';

/**
 * `run --push` against a real console (CANARY_BASE_URL / CANARY_DOMAIN): the local receiver listens at
 * --push-listen, the console is given --push-url (a tunnel's) or the listen address, through its
 * settings API as `push setup --apply` does, and the webhook the run added is removed when it ends.
 */
export interface PushPlan {
  listen: { host: string; port: number };
  /** The origin the console posts to, when it is not the listen address. */
  publicUrl?: string;
  /** Only for a real console: the settings API and the key that may change settings. */
  settings?: { apiBase: string; token: string };
}

export interface PushOptionText {
  push: boolean;
  once: boolean;
  listen?: string;
  url?: string;
  tokenFile?: string;
}

const FIX_URL = 'give --push-url https://<your tunnel> (forwarding to --push-listen)';

/** The run's push options, checked before anything starts; undefined without --push. */
export function pushPlan(
  given: PushOptionText,
  target: Target,
  allowedHosts: string[],
): PushPlan | undefined {
  if (!given.push) {
    const stray =
      given.listen !== undefined ? '--push-listen' : given.url !== undefined ? '--push-url' : undefined;
    if (stray !== undefined) throw new UsageError(`${stray} is an option of --push: give --push too`);
    return undefined;
  }
  // the webhook lives only while the run does: one pass would add it, drain and take it away again
  if (given.once)
    throw new UsageError(
      target.kind === 'simulator'
        ? '--push needs the live simulator (no --once): its webhooks come as incidents happen; drop --once'
        : '--push needs a continuous run: the webhook lasts only as long as the run (Ctrl-C ends it); drop --once',
    );
  if (target.kind === 'simulator' && (given.url !== undefined || given.tokenFile !== undefined))
    throw new UsageError(
      `${given.url !== undefined ? '--push-url' : '--token-file'} is for a real console (CANARY_BASE_URL or CANARY_DOMAIN): the simulator posts to --push-listen`,
    );
  if (given.url !== undefined && given.listen === undefined)
    throw new UsageError('give --push-listen <host:port> too: the address your tunnel forwards to');
  const listen = listenAddress(given.listen ?? '127.0.0.1:0');
  const publicUrl = given.url === undefined ? undefined : checkedPushUrl(given.url);
  if (publicUrl === undefined && !isLoopback(listen.host.toLowerCase()))
    throw new UsageError(
      `--push-listen ${given.listen} is not loopback, and the console would post to it in plain http: ${FIX_URL}`,
    );
  if (target.kind === 'simulator') return { listen };
  if (publicUrl === undefined && target.address !== 'loopback')
    throw new UsageError(
      `console "${target.name}" cannot reach this machine's loopback, where the receiver listens: ${FIX_URL}`,
    );
  const token = given.tokenFile === undefined ? target.credentials.authToken : readToken(given.tokenFile);
  let apiBase: string;
  try {
    apiBase = resolveBaseUrl(target.credentials, allowedHosts);
  } catch (error) {
    if (error instanceof CollectorError) throw new CliError(error.message, 2);
    throw error;
  }
  return { listen, ...(publicUrl === undefined ? {} : { publicUrl }), settings: { apiBase, token } };
}

/** `host:port` (an IPv6 host in brackets), port 0 for any free one. */
function listenAddress(text: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port > 65_535)
    throw new UsageError(`--push-listen must be host:port (e.g. 127.0.0.1:8787), not "${text}"`);
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

/** The tunnel's origin: https (plain http only on loopback), no credentials, path or query. */
function checkedPushUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname.toLowerCase())))
  )
    throw new UsageError(
      '--push-url must be https:// (plain http only on loopback): the webhook header crosses the network',
    );
  if (
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.pathname !== '/'
  )
    throw new UsageError(
      `--push-url must be the tunnel's origin only (${url.protocol}//${url.host}): the console posts to <it>/<console>`,
    );
  return url.origin;
}

/** A listen error (a port in use, an address not on this machine) as one line naming the option. */
export function listenError(error: unknown, plan: PushPlan): unknown {
  const code = (error as { code?: unknown }).code;
  if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') return error;
  const where = `${plan.listen.host}:${plan.listen.port}`;
  return new CliError(
    `--push-listen ${where}: ${code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'not allowed to listen there' : 'not an address of this machine'}: give another with --push-listen`,
  );
}

export interface ConsoleWebhook {
  readonly url: string;
  /** Removes the webhook this run added; the line saying what happened, and whether it failed. */
  remove(): Promise<{ line: string; failed: boolean }>;
}

/**
 * Adds the run's webhook at `url`. One already there was not added by this run (a person's, or one a
 * forced exit left): it is left as it is, and the run does not start, as its pushes would go to a
 * header this run does not know.
 */
export async function addConsoleWebhook(
  settings: NonNullable<PushPlan['settings']>,
  target: { url: string; headers: Record<string, string> },
): Promise<ConsoleWebhook> {
  const { apiBase, token } = settings;
  if ((await webhookUrls(apiBase, token)).includes(target.url))
    throw new CliError(
      `the console already has a webhook at ${target.url}, not added by this run: it was left as it is; remove it in the console (Settings → Webhooks → Generic) or give another --push-listen port or --push-url`,
    );
  const webhook: ConsoleWebhook = {
    url: target.url,
    remove: async () => {
      try {
        const removed = await removeWebhook(apiBase, token, target.url);
        return {
          line: `push: ${removed === 'removed' ? 'removed the webhook at' : 'the console no longer had the webhook at'} ${target.url}`,
          failed: false,
        };
      } catch (error) {
        const { code, message } = describeError(error, { where: 'local' });
        return {
          line: `push: could not remove the webhook at ${target.url}: ${code}: ${message}\n  → remove it in the console (Settings → Webhooks → Generic)`,
          failed: true,
        };
      }
    },
  };
  try {
    await addWebhook(apiBase, token, { ...target, auditTrail: true });
  } catch (error) {
    // the add may have gone through before a later step failed: nothing this run added stays
    await webhook.remove();
    // the collectors' advice (which key may read) is wrong here: the message itself names the fix
    if (
      error instanceof CollectorError &&
      (error.code === 'CANARY_FORBIDDEN' || error.code === 'CANARY_REDIRECT')
    )
      throw new CliError(`${error.code}: ${error.message}`);
    throw error;
  }
  return webhook;
}
