import { agents, users } from './attacker.ts';
import type { Kind } from './kind.ts';

/** Canarytokens triggered: web and DNS tokens, and the WireGuard token's handshake. */
export const CANARYTOKENS: Kind[] = [
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
