/** Per-run statistics, the same figures Devo's collector prints per pull cycle, plus delivery figures. */
export interface RunStats {
  requests: number;
  received: number;
  duplicates: number;
  filtered: number;
  recordsSent: number;
  bytesSent: number;
  pages: number;
  sinkCalls: number;
  checkpointWrites: number;
  elapsedMs: number;
  recordsPerSecond: number;
}

export function emptyStats(): RunStats {
  return {
    requests: 0,
    received: 0,
    duplicates: 0,
    filtered: 0,
    recordsSent: 0,
    bytesSent: 0,
    pages: 0,
    sinkCalls: 0,
    checkpointWrites: 0,
    elapsedMs: 0,
    recordsPerSecond: 0,
  };
}

export function finishStats(stats: RunStats, elapsedMs: number): RunStats {
  const seconds = elapsedMs / 1000;
  const recordsPerSecond = seconds > 0 ? Math.round((stats.recordsSent / seconds) * 10) / 10 : 0;
  return { ...stats, elapsedMs, recordsPerSecond };
}
