import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { answerCloudFormation } from '../aws/cfnResponse.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { listFileIn, readListedConsoles, syncRegistry } from '../aws/registrySync.ts';
import { CollectorError } from '../core/errors.ts';
import { loadRegistrySyncEnv } from '../model/registrySyncEnv.ts';
import { type AwsClients, documentsClient, lazyClients } from './clients.ts';

/** What the sync is built from; each has a production default. */
export interface SyncHandlerDeps {
  env: Record<string, string | undefined>;
  clients: Pick<AwsClients, 'documents'>;
  /** Where consoles.json is: beside the bundle (LAMBDA_TASK_ROOT, which Lambda sets) in AWS. */
  listFile: string;
  logger: Logger;
}

/**
 * The custom resource that applies the deployment config's console list at each deploy that changes
 * it. A Delete does nothing: the registry belongs to the retained table, and CloudFormation also
 * sends Delete to the old resource when it replaces one, which must not empty the new one's list.
 */
export function createSyncHandler(overrides: Partial<SyncHandlerDeps> = {}) {
  const env = overrides.env ?? process.env;
  const deps: SyncHandlerDeps = {
    env,
    logger: new Logger({ serviceName: 'canary-collector' }),
    listFile: listFileIn(env.LAMBDA_TASK_ROOT ?? '.'),
    ...overrides,
    clients: overrides.clients ?? lazyClients({ documents: documentsClient }),
  };
  const { logger } = deps;
  return async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
    const tableName = deps.env.CHECKPOINT_TABLE ?? '';
    const physicalId = `${tableName}/console-list`;
    if (event.RequestType === 'Delete') {
      await answerCloudFormation(event, { ok: true, physicalId: event.PhysicalResourceId });
      return;
    }
    try {
      loadRegistrySyncEnv(deps.env);
      const listed = readListedConsoles(deps.listFile);
      // A rollback asks again for the list of before, while this function still has the new one
      // bundled: then the registry is left as it is (the failed update wrote nothing, or the next
      // deploy repairs it), rather than fail the rollback too.
      const requested = (event.ResourceProperties as { ConsolesSha256?: unknown }).ConsolesSha256;
      if (requested !== listed.digest) {
        logger.warn('console list of another version requested: registry left as it is', {
          requested: String(requested),
          bundled: listed.digest,
        });
        await answerCloudFormation(event, { ok: true, physicalId });
        return;
      }
      const summary = await syncRegistry(
        new ConsoleRegistry(deps.clients.documents, tableName),
        listed.consoles,
      );
      logger.info('console list applied', {
        indexed: summary.indexed,
        added: summary.added,
        updated: summary.updated,
        removed: summary.removed,
        unchanged: summary.unchanged,
      });
      await answerCloudFormation(event, {
        ok: true,
        physicalId,
        data: {
          Added: String(summary.added.length),
          Updated: String(summary.updated.length),
          Removed: String(summary.removed.length),
        },
      });
    } catch (error) {
      const reason =
        error instanceof CollectorError
          ? `${error.code}: ${error.message}`
          : `the console list could not be applied: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`;
      logger.error('console list not applied', { reason });
      await answerCloudFormation(event, { ok: false, physicalId, reason });
    }
  };
}
