/**
 * Snapshot sources (birds, tokens) take at most one snapshot per interval, and never two less than an
 * hour apart. A snapshot is stamped with its run's start, floored to the minute: an hourly schedule
 * fires a little after the minute, so consecutive snapshots stay exactly an interval apart instead of
 * drifting past it and skipping every other run.
 */
export const MIN_SNAPSHOT_INTERVAL_MS = 60 * 60 * 1000;

export function snapshotStamp(now: number): number {
  return Math.floor(now / 60_000) * 60_000;
}

export function snapshotDue(
  lastSnapshotAt: number | null | undefined,
  stamp: number,
  intervalMs: number,
): boolean {
  if (lastSnapshotAt === null || lastSnapshotAt === undefined) return true;
  return stamp - lastSnapshotAt >= Math.max(intervalMs, MIN_SNAPSHOT_INTERVAL_MS);
}
