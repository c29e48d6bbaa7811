/**
 * Captures everything this test file's process writes to stdout and stderr (the collector's JSON log
 * lines and EMF metrics), with every log level and metrics on, for the token-leak checks. Captured,
 * not forwarded: the worker's own output would only repeat those lines.
 */
export function captureOutput(): string[] {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const captured: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
  }
  return captured;
}
