import { text } from '../shared/values.ts';

type Event = Record<string, unknown>;

/**
 * What one event of an incident was, in a few words, from the event's own fields: who (the user
 * name tried, the host user a token saw), what was tried (a request, a file, a query, a command,
 * a lookup), from where (the tool or host named). Credential values never appear: a password is
 * "with a password". Fields are read by name across logtypes (the catalogue's dictionaries share
 * them: USERNAME for SSH, FTP, SMB, HTTP...); an event with none of them gets null, and its message
 * says which event of how many it was.
 */
export function describeEvent(event: unknown): string | null {
  if (typeof event === 'string') return text(event);
  if (Array.isArray(event)) return event.length > 0 ? describeEvent(event[0]) : null;
  if (event === null || typeof event !== 'object') return null;
  const e = event as Event;
  const parts = [who(e), tried(e), where(e)].filter((part): part is string => part !== null);
  const agent = tool(e);
  if (parts.length === 0) return agent === null ? null : `a request ${agent}`;
  return `${parts.join(', ')}${agent === null ? '' : ` ${agent}`}`;
}

const first = (e: Event, names: string[]): string | null => {
  for (const name of names) {
    const value = e[name];
    const found = typeof value === 'number' ? String(value) : text(value);
    if (found !== null) return found.length > 80 ? `${found.slice(0, 77)}...` : found;
  }
  return null;
};

function who(e: Event): string | null {
  const name = first(e, ['USERNAME', 'USER', 'user', 'DN']);
  const domain = first(e, ['DOMAIN', 'DOMAINNAME']);
  const user = name === null || domain === null ? name : `${domain}\\${name}`;
  const secret = first(e, ['PASSWORD', 'password', 'CLIENT_RESPONSE', 'CLIENT_HASH']) !== null;
  const community = first(e, ['COMMUNITY_STRING']) === null ? '' : ' with a community string';
  const password = secret ? ' with a password' : community;
  if (user !== null) return `login as "${user}"${password}`;
  if (password !== '') return `login${password}`;
  const hostUser = first(e, ['cmd_user_name', 'ms_macro_username', 'windows_desktopini_access_username']);
  return hostUser === null ? null : `by user "${hostUser}"`;
}

function tried(e: Event): string | null {
  const method = first(e, ['METHOD']);
  const path = first(e, ['PATH', 'URL', 'REPO', 'FILENAME']);
  if (method !== null && path !== null) return `${method} ${path}`;
  const share = first(e, ['SHARENAME']);
  if (share !== null) return `opened ${share}${path === null ? '' : `\\${path}`}`;
  if (path !== null) return `for ${path}`;
  // ARGS and POSTDATA are left out: they carry what was typed after the command, passwords too
  const query = first(e, [
    'q',
    'cmd',
    'CMD',
    'NTP_CMD',
    'FUNC_NAME',
    'FUNCTION',
    'OPCODE',
    'SETTINGS',
    'MESSAGE',
  ]);
  if (query !== null) return `"${query}"`;
  const oid = first(e, ['REQUESTS']);
  if (oid !== null) return `for ${oid}`;
  const lookup = first(e, ['hostname', 'HOST']);
  if (lookup !== null) return `for ${lookup}`;
  const url = first(e, ['url']);
  if (url !== null) return `request for ${url}`;
  const ports = first(e, ['ports']);
  if (ports !== null) return `on ports ${ports}`;
  if (e.client_public_key !== undefined) return 'WireGuard handshake';
  const proto = first(e, ['PROTO']);
  return proto === null ? null : `a ${proto} packet`;
}

function where(e: Event): string | null {
  const computer = first(e, ['cmd_computer_name', 'windows_desktopini_computer_name', 'ms_macro_ip']);
  if (computer !== null) return `on ${computer}`;
  const client = first(e, ['REMOTENAME', 'HOSTNAME']);
  return client === null ? null : `from host ${client}`;
}

function tool(e: Event): string | null {
  const raw = e.headers ?? e.HEADERS;
  const headers = raw !== null && typeof raw === 'object' ? (raw as Event) : {};
  const agent = first(e, ['USERAGENT']) ?? first(headers, ['User-Agent', 'user-agent']);
  return agent === null ? null : `(${agent})`;
}
