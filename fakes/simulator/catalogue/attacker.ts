import type { Rng } from '../random.ts';

/** What attackers send to the services: names, passwords, tools, packets and web requests. */

export const users = ['admin', 'root', 'administrator', 'backup', 'svc_sql', 'jsmith', 'oracle', 'test'];
export const passwords = ['123456', 'Password1', 'admin', 'letmein', 'Summer2026!', 'qwerty'];
export const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  'curl/8.5.0',
  'python-requests/2.32',
  'Nmap Scripting Engine',
];
/** Credential material attackers send, which the collector must never pass on as it is. */
export const SIM_PASSWORD = 'Summer2026!';
export const SIM_BASIC_AUTH = 'Basic YWRtaW46U3VtbWVyMjAyNiE=';
export const SIM_NTLM = 'TlRMTVNTUAADAAAAGAAYAEgAAAAYABgAYAAAAAAAAAA=';
export const login = (r: Rng) => ({ USERNAME: r.pick(users), PASSWORD: r.pick(passwords) });
export const packet = (r: Rng) => ({
  ID: String(r.int(1, 65535)),
  LEN: String(r.int(40, 60)),
  MAC: r.hex(28),
  PREC: '0x00',
  PROTO: 'TCP',
  RES: '0x00',
  TOS: '0x00',
  TTL: String(r.int(30, 64)),
  URGP: '0',
  WINDOW: String(r.int(1024, 65535)),
});
export const http = (r: Rng) => ({
  PATH: r.pick(['/', '/login', '/admin', '/wp-login.php', '/.env']),
  USERAGENT: r.pick(agents),
  METHOD: r.pick(['GET', 'POST']),
  RESPONSE: r.pick(['200', '302', '404']),
  SKIN: r.pick(['nasLogin', 'iisDefault', 'synology']),
});
