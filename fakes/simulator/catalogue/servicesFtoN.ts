import { agents, http, login, passwords, SIM_BASIC_AUTH, SIM_PASSWORD, users } from './attacker.ts';
import type { Kind } from './kind.ts';

/** The services of the catalogue from FTP to NTP, in its order (the port scans come next). */
export const SERVICES_F_TO_N: Kind[] = [
  { logtypes: [2000], summary: 'FTP Login Attempt', port: 21, weight: 4, event: login },
  {
    logtypes: [19001],
    summary: 'Git Repository Clone Attempt',
    port: 9418,
    weight: 1,
    event: (r) => ({ HOST: 'git.corp.local', REPO: r.pick(['infra.git', 'secrets.git']) }),
  },
  {
    logtypes: [3000, 3002, 3003],
    summary: 'HTTP Page Load',
    port: 80,
    weight: 4,
    event: (r) => ({ ...http(r), CHANNEL: 'TLS' }),
  },
  {
    logtypes: [3001],
    summary: 'HTTP Login Attempt',
    port: 443,
    weight: 5,
    event: (r) => ({ ...http(r), ...login(r) }),
  },
  {
    logtypes: [3004],
    summary: 'HTTP Service Scan',
    port: 80,
    weight: 2,
    event: () => ({ METHOD: 'GET', PATH: '/', RESPONSE: '200' }),
  },
  {
    logtypes: [3005],
    summary: 'HTTP API Request',
    port: 8080,
    weight: 1,
    event: (r) => ({
      ...http(r),
      HOSTNAME: 'api.corp.local',
      HEADERS: { Host: 'api.corp.local', 'User-Agent': r.pick(agents), Authorization: SIM_BASIC_AUTH },
      POSTDATA: { q: 'select', password: SIM_PASSWORD },
    }),
  },
  {
    logtypes: [7001],
    summary: 'HTTP Proxy Request',
    port: 8080,
    weight: 1,
    event: (r) => ({ ...login(r), URL: 'http://example.org/', USERAGENT: r.pick(agents) }),
  },
  {
    logtypes: [31001],
    summary: 'LDAP Bind Attempt Detected',
    port: 389,
    weight: 1,
    event: (r) => ({
      DN: `cn=${r.pick(users)},dc=corp,dc=local`,
      MECH: 'SIMPLE',
      VER: '3',
      REQ: 'bind',
      PASSWORD: r.pick(passwords),
      TYPE: 'simple',
    }),
  },
  {
    logtypes: [30001],
    summary: 'Local Tampering Detected',
    port: '',
    weight: 1,
    event: () => ({ MESSAGE: 'Case opened', MESSAGE_THINKST: 'enclosure sensor triggered' }),
  },
  {
    logtypes: [18001, 18002, 18003],
    summary: 'ModBus Request',
    port: 502,
    weight: 1,
    event: (r) => ({
      UNIT_ID: String(r.int(0, 247)),
      FUNC_CODE: String(r.int(1, 16)),
      FUNC_NAME: 'Read Coils',
    }),
  },
  {
    logtypes: [28001, 28002],
    summary: 'Mongo Authentication Attempt',
    port: 27017,
    weight: 1,
    event: (r) => ({ cmd: 'saslStart', db: 'admin', user: r.pick(users), password: r.pick(passwords) }),
  },
  {
    logtypes: [9001, 9002],
    summary: 'MSSQL Login Attempt',
    port: 1433,
    weight: 2,
    event: (r) => ({ ...login(r), HOSTNAME: 'WS-0042', APPNAME: 'SQLCMD', SERVERNAME: r.ip() }),
  },
  {
    logtypes: [8001],
    summary: 'MySQL Login Attempt',
    port: 3306,
    weight: 2,
    event: (r) => ({
      USERNAME: r.pick(users),
      CLIENT_HASH: r.hex(40),
      SALT: r.hex(20),
      PASSWORD: '<Password not in common list>',
    }),
  },
  {
    logtypes: [11001],
    summary: 'NTP Monlist Request',
    port: 123,
    weight: 1,
    event: () => ({ NTP_CMD: 'monlist' }),
  },
];
