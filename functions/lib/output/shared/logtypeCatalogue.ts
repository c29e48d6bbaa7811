import {
  type Category,
  DNS_TOKEN,
  HTTP,
  HTTP_TOKEN,
  LOGIN,
  type LogtypeInfo,
  PACKET,
  type Severity,
} from './logtypeShapes.ts';

/**
 * The catalogue itself: every logtype of the Canary incident object catalogue, grouped by family, in
 * the order the documentation lists them.
 */
export const CATALOGUE: LogtypeInfo[] = [];
function group(
  family: string,
  category: Category,
  severity: Severity,
  fields: readonly string[],
  logtypes: Array<[number, string]>,
): void {
  for (const [logtype, name] of logtypes)
    CATALOGUE.push({ logtype, name, family, category, severity, fields });
}

group('console', 'operational', 'low', [], [[1004, 'Canary Disconnected']]);
group(
  'settings',
  'operational',
  'informational',
  ['SETTINGS'],
  [
    [23001, 'Console Settings Changed'],
    [23002, 'Canary Settings Changed'],
    [23003, 'Flock Settings Changed'],
  ],
);
group('settings', 'operational', 'informational', [], [[22011, 'Network Settings Roll-back']]);
group('canarytoken-http', 'attack', 'critical', HTTP_TOKEN, [
  [17000, 'Canarytoken Triggered (HTTP)'],
  [17001, 'Tokens HTTP Remote Image'],
  [17003, 'Tokens HTTP Cloned Site'],
  [17004, 'Tokens Doc MSWord'],
  [17005, 'Tokens HTTP AWS S3'],
  [17006, 'Tokens HTTP Google Docs'],
  [17007, 'Tokens HTTP Google Sheets'],
  [17008, 'Tokens HTTP Signed EXE'],
  [17009, 'Tokens HTTP QR Code'],
  [17012, 'Tokens HTTP AWS ID'],
  [17016, 'Tokens HTTP Fast Redirect'],
  [17017, 'Tokens HTTP Slow Redirect'],
  [17019, 'Tokens HTTP Office365 Mail'],
  [17020, 'Tokens HTTP Slack API'],
  [17021, 'Tokens HTTP Gmail'],
  [17024, 'Tokens HTTP Azure ID'],
]);
group('canarytoken-dns', 'attack', 'critical', DNS_TOKEN, [
  [16000, 'Canarytoken Triggered (DNS)'],
  [16006, 'Tokens DNS Desktop.ini'],
  [16008, 'Tokens DNS PDF Acrobat Reader'],
  [16009, 'Tokens DNS MSWord Macro'],
  [16010, 'Tokens DNS MSExcel Macro'],
  [16011, 'Tokens DNS Sensitive Command'],
  [17023, 'Tokens Doc MSExcel'],
]);
group(
  'canarytoken-wireguard',
  'attack',
  'critical',
  ['client_public_key', 'client_session_index'],
  [[17022, 'Tokens WireGuard']],
);
group(
  'custom-tcp',
  'attack',
  'high',
  ['BANNER_ID', 'DATA', 'FUNCTION'],
  [
    [20001, 'TCP Banner Sent on Connection'],
    [20002, 'TCP Banner Sent after a Line'],
    [20003, 'TCP Banner Keep-alive Connection'],
    [20004, 'TCP Banner Keep-alive Secret Received'],
    [20005, 'TCP Banner Keep-alive Data Received'],
    [20006, 'TCP Banner Connection Refused'],
  ],
);
group('ftp', 'attack', 'high', LOGIN, [[2000, 'FTP Login Attempt']]);
group('git', 'attack', 'high', ['HOST', 'REPO'], [[19001, 'Git Repository Clone Attempt']]);
group(
  'http',
  'attack',
  'high',
  ['POSTDATA', 'HOSTNAME', 'RESPONSE', 'HEADERS', 'SKIN', 'PATH', 'USERAGENT', 'METHOD'],
  [[3005, 'HTTP API Request']],
);
group('http', 'attack', 'medium', HTTP, [
  [3000, 'HTTP Page Load (GET)'],
  [3002, 'HTTP Page Load (POST)'],
  [3003, 'HTTP Page Load (Error)'],
]);
group('http', 'attack', 'high', [...LOGIN, ...HTTP], [[3001, 'HTTP Login Attempt']]);
group('http', 'attack', 'medium', ['METHOD', 'PATH', 'RESPONSE'], [[3004, 'HTTP Service Scan']]);
group('http-proxy', 'attack', 'high', [...LOGIN, 'URL', 'USERAGENT'], [[7001, 'HTTP Proxy Request']]);
group(
  'ldap',
  'attack',
  'high',
  ['DN', 'MECH', 'VER', 'SEARCH_ATTRIBUTE', 'REQ', 'PASSWORD', 'TYPE'],
  [[31001, 'LDAP Bind Attempt']],
);
group(
  'tampering',
  'attack',
  'critical',
  ['MESSAGE', 'MESSAGE_THINKST'],
  [[30001, 'Local Tampering Detected']],
);
group(
  'modbus',
  'attack',
  'high',
  ['UNIT_ID', 'FUNC_CODE', 'FUNC_NAME', 'SFUNC_CODE', 'SFUNC_NAME'],
  [
    [18001, 'ModBus Query Function'],
    [18002, 'ModBus Read Function'],
    [18003, 'ModBus Write Function'],
  ],
);
group(
  'mongodb',
  'attack',
  'high',
  ['cmd', 'db', 'user', 'password'],
  [
    [28001, 'Mongo Command'],
    [28002, 'Mongo Auth Command'],
  ],
);
group(
  'mssql',
  'attack',
  'high',
  [...LOGIN, 'HOSTNAME', 'DOMAINNAME', 'APPNAME', 'SERVERNAME'],
  [
    [9001, 'MSSQL Login Attempt (SQL Server auth)'],
    [9002, 'MSSQL Login Attempt (Windows auth)'],
  ],
);
group(
  'mysql',
  'attack',
  'high',
  ['USERNAME', 'CLIENT_HASH', 'SALT', 'PASSWORD'],
  [[8001, 'MySQL Login Attempt']],
);
group('ntp', 'attack', 'medium', ['NTP_CMD'], [[11001, 'NTP Monlist Request']]);
group(
  'port-scan',
  'attack',
  'medium',
  ['ports'],
  [
    [5001, 'Host Port Scan (SYN)'],
    [5002, 'Host Port Scan (Net)'],
    [5003, 'Host Port Scan'],
    [5009, 'Port Runfinger Scan'],
    [5011, 'Port Runfinger Dialect'],
    [5012, 'Port Runfinger LANMAN'],
  ],
);
group('port-scan', 'attack', 'medium', [], [[5007, 'Consolidated Network Port Scan']]);
group('port-scan', 'attack', 'medium', PACKET, [
  [5004, 'NMAP OS Scan'],
  [5005, 'NMAP NULL Scan'],
  [5006, 'NMAP XMAS Scan'],
  [5008, 'NMAP FIN Scan'],
]);
group(
  'rdp',
  'attack',
  'high',
  ['BUILD', 'DOMAINNAME', 'MAJORVERSION', 'MINORVERSION', 'USERNAME'],
  [
    [14001, 'RDP New Connection'],
    [14002, 'RDP Failed Connection'],
    [14003, 'RDP Confirmed Connection'],
    [14004, 'RDP Login Attempt'],
  ],
);
group('redis', 'attack', 'high', ['CMD', 'ARGS'], [[21001, 'Redis Command']]);
group(
  'smb',
  'attack',
  'critical',
  [
    'USER',
    'FILENAME',
    'AUDITACTION',
    'DOMAIN',
    'LOCALNAME',
    'MODE',
    'OFFSET',
    'REMOTENAME',
    'SHARENAME',
    'SIZE',
    'SMBARCH',
    'SMBVER',
    'STATUS',
  ],
  [[5000, 'Shared File Opened']],
);
group(
  'smb',
  'attack',
  'high',
  ['USER', 'DOMAIN', 'LOCALNAME', 'MODE', 'REMOTENAME', 'SHARENAME', 'SMBARCH', 'SMBVER', 'STATUS'],
  [
    [5010, 'SMB Login'],
    [5013, 'SMB Group Enumeration'],
    [5014, 'SMB Share Connect'],
  ],
);
group('sip', 'attack', 'medium', ['HEADERS'], [[15001, 'SIP Request']]);
group('snmp', 'attack', 'medium', ['COMMUNITY_STRING', 'REQUESTS'], [[13001, 'SNMP Request']]);
group(
  'ssh',
  'attack',
  'high',
  [...LOGIN, 'LOCALVERSION', 'REMOTEVERSION', 'KEY', 'WATCHED_CREDENTIALS'],
  [
    [4000, 'SSH New Connection'],
    [4001, 'SSH Remote Version Sent'],
    [4002, 'SSH Login Attempt'],
  ],
);
group('telnet', 'attack', 'high', [...LOGIN, 'TERMSIZE', 'TERMTYPE'], [[6001, 'Telnet Login Attempt']]);
group('tftp', 'attack', 'medium', ['FILENAME', 'OPCODE', 'MODE'], [[10001, 'TFTP Request']]);
group('tn3270', 'attack', 'high', LOGIN, [[32001, 'TN3270 Login Attempt']]);
group(
  'vnc',
  'attack',
  'high',
  ['PASSWORD', 'SERVER_CHALLENGE', 'CLIENT_RESPONSE'],
  [[12001, 'VNC Login Attempt']],
);
group(
  'winrm',
  'attack',
  'high',
  [
    ...LOGIN,
    'WORKSTATION',
    'DOMAINNAME',
    'USERAGENT',
    'AUTHTYPE',
    'SNAME',
    'REALM',
    'TKTVNO',
    'WINRMPAYLOAD',
  ],
  [[29001, 'WinRM Login Attempt']],
);
group('test', 'operational', 'informational', [], [[111111, 'Dummy Incident (test)']]);
