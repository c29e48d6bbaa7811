import type { Rng } from './random.ts';

/**
 * The logtypes of the incident object catalogue, with event dictionaries shaped as the console sends
 * them: strings for numbers and ports, "True"/"False" for booleans. Used only to generate data.
 */
export interface Kind {
  logtypes: number[];
  summary: string;
  port: number | '';
  weight: number;
  token?: boolean;
  event: (r: Rng) => unknown;
}

const users = ['admin', 'root', 'administrator', 'backup', 'svc_sql', 'jsmith', 'oracle', 'test'];
const passwords = ['123456', 'Password1', 'admin', 'letmein', 'Summer2026!', 'qwerty'];
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  'curl/8.5.0',
  'python-requests/2.32',
  'Nmap Scripting Engine',
];
/** Credential material attackers send, which the collector must never pass on as it is. */
export const SIM_PASSWORD = 'Summer2026!';
export const SIM_BASIC_AUTH = 'Basic YWRtaW46U3VtbWVyMjAyNiE=';
export const SIM_NTLM = 'TlRMTVNTUAADAAAAGAAYAEgAAAAYABgAYAAAAAAAAAA=';
const login = (r: Rng) => ({ USERNAME: r.pick(users), PASSWORD: r.pick(passwords) });
const packet = (r: Rng) => ({
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
const http = (r: Rng) => ({
  PATH: r.pick(['/', '/login', '/admin', '/wp-login.php', '/.env']),
  USERAGENT: r.pick(agents),
  METHOD: r.pick(['GET', 'POST']),
  RESPONSE: r.pick(['200', '302', '404']),
  SKIN: r.pick(['nasLogin', 'iisDefault', 'synology']),
});

export const KINDS: Kind[] = [
  { logtypes: [1004], summary: 'Canary Disconnected', port: '', weight: 2, event: () => ({}) },
  {
    logtypes: [23001],
    summary: 'Console Settings Changed',
    port: '',
    weight: 1,
    event: () => ({ SETTINGS: 'whitelist_ips changed' }),
  },
  {
    logtypes: [23002],
    summary: 'Canary Settings Changed',
    port: '',
    weight: 1,
    event: () => ({ SETTINGS: 'smb.enabled: False -> True' }),
  },
  {
    logtypes: [23003],
    summary: 'Flock Settings Changed',
    port: '',
    weight: 1,
    event: () => ({ SETTINGS: 'flock notifications changed' }),
  },
  {
    logtypes: [22011],
    summary: 'Network Settings Roll-back',
    port: '',
    weight: 1,
    event: (r) => [`Rollbacktime: ${1_767_225_600 + r.int(0, 9_000_000)}`],
  },
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
  {
    logtypes: [5001, 5002, 5003, 5009, 5011, 5012],
    summary: 'Host Port Scan',
    port: '',
    weight: 6,
    event: (r) => ({ ports: r.pick(['23,80,443', '21,22,445,3389', '1433,3306']) }),
  },
  {
    logtypes: [5007],
    summary: 'Consolidated Network Port Scan',
    port: '',
    weight: 2,
    event: (r) => ({ '22': [r.ip(), r.ip()], '445': [r.ip()] }),
  },
  { logtypes: [5008], summary: 'NMAP FIN Scan Detected', port: '', weight: 1, event: packet },
  { logtypes: [5005], summary: 'NMAP NULL Scan Detected', port: '', weight: 1, event: packet },
  {
    logtypes: [5004],
    summary: 'NMAP OS Scan Detected',
    port: '',
    weight: 1,
    event: (r) => ({ ...packet(r), SYN: '' }),
  },
  { logtypes: [5006], summary: 'NMAP XMAS Scan Detected', port: '', weight: 1, event: packet },
  {
    logtypes: [14001, 14002, 14003, 14004],
    summary: 'RDP Login Attempt',
    port: 3389,
    weight: 3,
    event: (r) => ({ DOMAINNAME: 'CORP', MAJORVERSION: '10', MINORVERSION: '0', USERNAME: r.pick(users) }),
  },
  {
    logtypes: [21001],
    summary: 'Redis Command',
    port: 6379,
    weight: 1,
    event: (r) => {
      const CMD = r.pick(['INFO', 'CONFIG', 'KEYS', 'AUTH']);
      return { CMD, ARGS: CMD === 'AUTH' ? SIM_PASSWORD : '*' };
    },
  },
  {
    logtypes: [5000, 5010, 5013, 5014],
    summary: 'Shared File Opened',
    port: 445,
    weight: 5,
    event: (r) => ({
      USER: r.pick(users),
      FILENAME: r.pick(['passwords.xlsx', 'payroll-2026.docx']),
      AUDITACTION: 'pread',
      DOMAIN: 'CORP',
      LOCALNAME: 'FS-01',
      MODE: 'workgroup',
      OFFSET: '0',
      REMOTENAME: 'WS-0042',
      SHARENAME: 'Finance',
      SIZE: String(r.int(100, 100000)),
      SMBARCH: 'Windows 10',
      SMBVER: '3',
      STATUS: 'ok',
    }),
  },
  {
    logtypes: [15001],
    summary: 'SIP Request',
    port: 5060,
    weight: 1,
    event: (r) => ({
      HEADERS: {
        'User-Agent': 'friendly-scanner',
        From: `<sip:${r.int(100, 999)}@corp>`,
        Authorization: 'Digest username="100", response="6629fae49393a05397450978507c4ef1"',
      },
    }),
  },
  {
    logtypes: [13001],
    summary: 'SNMP Request',
    port: 161,
    weight: 1,
    event: () => ({ COMMUNITY_STRING: 'public', REQUESTS: '1.3.6.1.2.1.1.1.0' }),
  },
  {
    logtypes: [4000, 4001, 4002],
    summary: 'SSH Login Attempt',
    port: 22,
    weight: 8,
    event: (r) => ({
      ...login(r),
      LOCALVERSION: 'SSH-2.0-OpenSSH_9.6',
      REMOTEVERSION: 'SSH-2.0-libssh2_1.11',
    }),
  },
  {
    logtypes: [6001],
    summary: 'Telnet Login Attempt',
    port: 23,
    weight: 2,
    event: (r) => ({ ...login(r), TERMSIZE: '80x24', TERMTYPE: 'xterm' }),
  },
  {
    logtypes: [10001],
    summary: 'TFTP Request',
    port: 69,
    weight: 1,
    event: () => ({ FILENAME: 'running-config', OPCODE: 'READ', MODE: 'octet' }),
  },
  { logtypes: [32001], summary: 'TN3270 Login Attempt', port: 23, weight: 1, event: login },
  {
    logtypes: [12001],
    summary: 'VNC Login Attempt',
    port: 5900,
    weight: 1,
    event: (r) => ({ PASSWORD: '', SERVER_CHALLENGE: r.hex(32), CLIENT_RESPONSE: r.hex(32) }),
  },
  {
    logtypes: [29001],
    summary: 'WinRM Login Attempt',
    port: 5985,
    weight: 1,
    event: (r) => ({
      USERNAME: r.pick(users),
      DOMAINNAME: 'CORP',
      AUTHTYPE: 'ntlm',
      USERAGENT: 'Microsoft WinRM Client',
      WINRMPAYLOAD: `POST /wsman HTTP/1.1\r\nAuthorization: Negotiate ${SIM_NTLM}\r\n\r\n<s:Envelope/>`,
    }),
  },
  {
    logtypes: [20001, 20002, 20003, 20004, 20005, 20006],
    summary: 'Custom TCP Service Request',
    port: 8443,
    weight: 1,
    event: (r) => ({ BANNER_ID: String(r.int(1, 3)), DATA: 'HELO', FUNCTION: 'DATA_RECEIVED' }),
  },
  {
    logtypes: [
      17000, 17001, 17003, 17004, 17005, 17006, 17007, 17008, 17009, 17012, 17016, 17017, 17019, 17020, 17021,
      17024,
    ],
    summary: 'Canarytoken triggered',
    port: '',
    weight: 4,
    token: true,
    event: (r) => ({
      type: 'http',
      canarytoken: r.hex(25),
      headers: { 'User-Agent': r.pick(agents) },
      url: `http://canarytokens.com/${r.hex(25)}/index.html`,
    }),
  },
  {
    logtypes: [16000, 16006, 16008, 16009, 16010, 16011, 17023],
    summary: 'Canarytoken triggered',
    port: '',
    weight: 2,
    token: true,
    event: (r) => ({
      type: 'dns',
      canarytoken: r.hex(25),
      hostname: `${r.hex(25)}.canarytokens.com`,
      cmd_computer_name: 'WS-0042',
      cmd_user_name: r.pick(users),
    }),
  },
  {
    logtypes: [17022],
    summary: 'Canarytoken triggered',
    port: '',
    weight: 1,
    token: true,
    event: (r) => ({ client_public_key: r.hex(44), client_session_index: String(r.int(1, 9999)) }),
  },
];

const totalWeight = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

export function pickKind(r: Rng): Kind {
  let roll = r.next() * totalWeight;
  for (const kind of KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return KINDS[KINDS.length - 1] as Kind;
}

export function kindOf(logtype: number): Kind | undefined {
  return KINDS.find((kind) => kind.logtypes.includes(logtype));
}
