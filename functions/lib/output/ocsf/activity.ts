import type { OutputRecord } from '#lib/core/ports.ts';
import { API_ACTIVITY, AUTHENTICATION, baseEvent, type OcsfEvent, present } from './base.ts';

interface AuditEntry {
  action_type?: string;
  message?: string;
  user?: string | null;
  user_ip?: string | null;
  user_browser_agent?: string | null;
  flock_id?: string | null;
}

/** The API activity an audit action is, from the verb in its action type. */
function apiActivity(action: string): { id: number; name: string } {
  if (/create|add|generate|enable|invite|new/i.test(action)) return { id: 1, name: 'Create' };
  if (/fetch|read|download|list|view|export|search/i.test(action)) return { id: 2, name: 'Read' };
  if (/delete|remove|purge|disable|revoke/i.test(action)) return { id: 4, name: 'Delete' };
  if (/update|edit|change|push|move|assign|acknowledge|set|rename|modify|reset/i.test(action))
    return { id: 3, name: 'Update' };
  return { id: 99, name: 'Other' };
}

/**
 * An audit entry: logins and logouts as Authentication, everything else as API Activity on the
 * console, with the user as actor and the user's address as the source endpoint.
 */
export function auditActivity(record: OutputRecord): OcsfEvent {
  const entry = record.canary as AuditEntry;
  const action = entry.action_type ?? '';
  const user = present({ name: entry.user ?? undefined });
  const src = present({ ip: entry.user_ip ?? undefined });
  const source = Object.keys(src).length > 0 ? src : { name: 'unknown' };
  const userAgent = entry.user_browser_agent
    ? { http_request: { user_agent: entry.user_browser_agent } }
    : {};
  if (/log_?in|log_?out|sign_?in|sign_?out/i.test(action)) {
    const logoff = /out/i.test(action);
    const failed = /fail/i.test(action);
    return baseEvent(
      record,
      AUTHENTICATION,
      logoff ? { id: 2, name: 'Logoff' } : { id: 1, name: 'Logon' },
      failed ? 3 : 1,
      {
        message: entry.message ?? action,
        user: Object.keys(user).length > 0 ? user : { name: 'unknown' },
        src_endpoint: source,
        status_id: failed ? 2 : 1,
        status: failed ? 'Failure' : 'Success',
        ...userAgent,
      },
    );
  }
  return baseEvent(record, API_ACTIVITY, apiActivity(action), 1, {
    message: entry.message ?? action,
    actor: { user: Object.keys(user).length > 0 ? user : { name: 'unknown' } },
    api: { operation: action === '' ? 'unknown' : action, service: { name: 'Canary Console' } },
    src_endpoint: source,
    ...userAgent,
    ...(entry.flock_id ? { resources: [{ uid: entry.flock_id, type: 'Flock' }] } : {}),
  });
}
