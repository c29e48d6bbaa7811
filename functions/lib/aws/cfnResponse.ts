import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/**
 * The answer to a CloudFormation custom resource request: a PUT of the outcome to the request's
 * presigned S3 URL. Without it the stack waits an hour, so the caller sends one whatever happened.
 */
export async function answerCloudFormation(
  event: CloudFormationCustomResourceEvent,
  outcome:
    | { ok: true; physicalId: string; data?: Record<string, string> }
    | { ok: false; physicalId: string; reason: string },
): Promise<void> {
  const body = JSON.stringify({
    Status: outcome.ok ? 'SUCCESS' : 'FAILED',
    // CloudFormation shows the reason in the stack's events; it keeps about 4 KB of a response
    Reason: outcome.ok ? 'done' : outcome.reason.slice(0, 2000),
    PhysicalResourceId: outcome.physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    ...(outcome.ok && outcome.data !== undefined ? { Data: outcome.data } : {}),
  });
  // the presigned URL is signed without a content type: sending one would break the signature
  const reply = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!reply.ok) throw new Error(`CloudFormation's response URL answered HTTP ${reply.status}`);
}
