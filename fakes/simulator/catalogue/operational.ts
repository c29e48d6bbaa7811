import type { Kind } from './kind.ts';

/** What the console reports about itself and its birds: disconnections, settings changes, roll-backs. */
export const OPERATIONAL: Kind[] = [
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
];
