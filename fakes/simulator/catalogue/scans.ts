import { packet } from './attacker.ts';
import type { Kind } from './kind.ts';

/** Port scans: a host's ports, a network's, and the NMAP scans a bird sees from their packets. */
export const PORT_SCANS: Kind[] = [
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
];
