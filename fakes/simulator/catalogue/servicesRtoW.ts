import { login, SIM_NTLM, SIM_PASSWORD, users } from './attacker.ts';
import type { Kind } from './kind.ts';

/** The services of the catalogue from RDP to WinRM, then custom TCP services, in its order. */
export const SERVICES_R_TO_W: Kind[] = [
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
];
