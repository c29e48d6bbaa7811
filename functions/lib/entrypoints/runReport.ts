import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RunSummary } from '../core/collect.ts';

/**
 * What a run tells the operator: one log line, and EMF metrics. A fleet publishes its metrics per
 * source, and per console only what is bad news (a failed run, a growing backlog): a custom metric
 * costs $0.30 a month for every hour it is published, so a thousand consoles times eight metrics
 * would cost more than everything else the collector uses.
 */
export function runReporter(logger: Logger, metrics: Metrics, fleet: () => boolean) {
  return (summary: RunSummary): void => {
    if (summary.status === 'failed') logger.error('run failed', { ...summary });
    else
      logger.info(
        summary.status === 'skipped' ? 'run skipped: another run holds the lease' : 'run finished',
        { ...summary },
      );
    const inFleet = fleet();
    metrics.addDimensions(
      inFleet ? { source: summary.source } : { console: summary.console, source: summary.source },
    );
    if (inFleet && (summary.status === 'failed' || summary.more)) {
      const perConsole = metrics.singleMetric();
      perConsole.addDimensions({ console: summary.console, source: summary.source });
      perConsole.addMetric(
        summary.status === 'failed' ? 'RunFailed' : 'BacklogRemaining',
        MetricUnit.Count,
        1,
      );
    }
    metrics.addMetric(
      summary.status === 'failed'
        ? 'RunFailed'
        : summary.status === 'skipped'
          ? 'RunSkipped'
          : 'RunSucceeded',
      MetricUnit.Count,
      1,
    );
    metrics.addMetric('RecordsSent', MetricUnit.Count, summary.stats.recordsSent);
    metrics.addMetric('ObjectsReceived', MetricUnit.Count, summary.stats.received);
    metrics.addMetric('DuplicatesFiltered', MetricUnit.Count, summary.stats.duplicates);
    metrics.addMetric('CanaryRequests', MetricUnit.Count, summary.stats.requests);
    metrics.addMetric('RunDuration', MetricUnit.Milliseconds, summary.stats.elapsedMs);
    metrics.addMetric('BacklogRemaining', MetricUnit.Count, summary.more ? 1 : 0);
    metrics.publishStoredMetrics();
  };
}
