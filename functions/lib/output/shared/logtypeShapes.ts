/** What a catalogue entry is, and the event fields several logtypes share. */

export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type Category = 'attack' | 'operational';

export interface LogtypeInfo {
  logtype: number;
  name: string;
  family: string;
  category: Category;
  severity: Severity;
  /** The keys of this logtype's event dictionaries (besides timestamp and timestamp_std). */
  fields: readonly string[];
}

/** The keys of event dictionaries several logtypes share (besides timestamp and timestamp_std). */
export const LOGIN = ['USERNAME', 'PASSWORD'];
export const PACKET = [
  'ID',
  'LEN',
  'MAC',
  'PREC',
  'PROTO',
  'RES',
  'TOS',
  'TTL',
  'URGP',
  'WINDOW',
  'SYN',
  'ACK',
];
export const HTTP = ['PATH', 'USERAGENT', 'CHANNEL', 'METHOD', 'RESPONSE', 'SKIN'];
export const HTTP_TOKEN = [
  'type',
  'canarytoken',
  'headers',
  'url',
  'kind',
  'geoip',
  'ip_blocklist',
  'cloned_site',
  'original_site',
  'referer',
  'additional_info',
];
export const DNS_TOKEN = [
  'type',
  'canarytoken',
  'hostname',
  'generic_data',
  'windows_desktopini_access_username',
  'windows_desktopini_access_domain',
  'windows_desktopini_computer_name',
  'ms_macro_os',
  'ms_macro_username',
  'ms_macro_ip',
  'cmd_computer_name',
  'cmd_user_name',
  'cmd_invocation_id',
];
