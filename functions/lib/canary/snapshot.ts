/**
 * Snapshot sources (birds, tokens) take at most one snapshot per interval, and never two less than an
 * hour apart. A snapshot is stamped with its run's start, floored to the minute: an hourly schedule
 * fires a little after the minute, so consecutive snapshots stay exactly an interval apart instead of
 * drifting past it and skipping every other run. Local runs may shorten both (see SnapshotSchedule).
 */
export const MIN_SNAPSHOT_INTERVAL_MS = 60 * 60 * 1000;

export interface SnapshotSchedule {
  intervalMs: number;
  /** The shortest gap between two snapshots: an hour, unless a local run set a shorter interval. */
  minIntervalMs?: number;
}

/** The interval's schedule; `localIntervalSeconds` (local runs only) replaces both interval and floor. */
export function snapshotSchedule(
  intervalMinutes: number,
  localIntervalSeconds: number | undefined,
): SnapshotSchedule {
  if (localIntervalSeconds === undefined) return { intervalMs: intervalMinutes * 60_000 };
  return { intervalMs: localIntervalSeconds * 1000, minIntervalMs: localIntervalSeconds * 1000 };
}

export function snapshotStamp(now: number, schedule?: SnapshotSchedule): number {
  const step = Math.min(60_000, schedule?.minIntervalMs ?? 60_000);
  return Math.floor(now / step) * step;
}

export function snapshotDue(
  lastSnapshotAt: number | null | undefined,
  stamp: number,
  schedule: SnapshotSchedule,
): boolean {
  if (lastSnapshotAt === null || lastSnapshotAt === undefined) return true;
  const floor = schedule.minIntervalMs ?? MIN_SNAPSHOT_INTERVAL_MS;
  return stamp - lastSnapshotAt >= Math.max(schedule.intervalMs, floor);
}
