/**
 * A source state as it may appear in a log line or on the console: large values (the birds digest)
 * and maps of many entries (the incidents seen) are replaced by their size, so that one run's stats line stays small and cheap in CloudWatch Logs.
 */
export function loggable(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (typeof value === 'string' && value.length > 200) return `<${value.length} characters>`;
  if (Array.isArray(value)) return value.map(loggable);
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 20) {
    return `<${Object.keys(value).length} entries>`;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, loggable(child)]));
  }
  return value;
}
