import * as z from 'zod';
import { issueLines } from '#lib/model/issues.ts';
import { OCSF_VERSION } from './base.ts';

/**
 * zod schemas of the OCSF 1.4.0 classes the collector emits: the attributes those classes require,
 * the ones the collector always sets, and the types of the optional ones it may set. Every record
 * the simulator's data produces in the OCSF format is checked against them in the tests.
 */
const int = z.number().int();
const ms = int.positive();

const Endpoint = z
  .looseObject({
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    port: int.min(0).max(65535).optional(),
    hostname: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    uid: z.string().min(1).optional(),
  })
  .refine(
    (e) => e.ip !== undefined || e.hostname !== undefined || e.name !== undefined || e.uid !== undefined,
    'an endpoint needs an ip, hostname, name or uid',
  );

const Metadata = z.looseObject({
  version: z.literal(OCSF_VERSION),
  uid: z.string().min(1),
  product: z.looseObject({ name: z.string().min(1), vendor_name: z.string().min(1) }),
  log_name: z.string().optional(),
  tenant_uid: z.string().optional(),
  logged_time: ms.optional(),
  correlation_uid: z.string().optional(),
});

const base = {
  activity_name: z.string().min(1),
  category_name: z.string().min(1),
  class_name: z.string().min(1),
  type_uid: int,
  type_name: z.string().min(1),
  time: ms,
  severity_id: z.union([
    z.literal(0),
    z.literal(1),
    z.literal(2),
    z.literal(3),
    z.literal(4),
    z.literal(5),
    z.literal(6),
    z.literal(99),
  ]),
  severity: z.string().min(1),
  message: z.string().optional(),
  status_id: int.optional(),
  metadata: Metadata,
  unmapped: z.record(z.string(), z.unknown()),
};

const typeUid = (event: { class_uid: number; activity_id: number; type_uid: number }) =>
  event.type_uid === event.class_uid * 100 + event.activity_id;
const Resource = z.looseObject({
  uid: z.string().min(1),
  type: z.string().min(1),
  name: z.string().optional(),
});

export const DetectionFindingSchema = z
  .looseObject({
    ...base,
    class_uid: z.literal(2004),
    category_uid: z.literal(2),
    activity_id: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    finding_info: z.looseObject({
      uid: z.string().min(1),
      title: z.string().min(1),
      types: z.array(z.string()).optional(),
      created_time: ms.optional(),
      modified_time: ms.optional(),
      analytic: z.looseObject({ uid: z.string(), name: z.string(), type_id: int }).optional(),
    }),
    is_alert: z.boolean().optional(),
    confidence_id: int.optional(),
    count: int.nonnegative().optional(),
    start_time: ms.optional(),
    evidences: z
      .array(z.looseObject({ src_endpoint: Endpoint.optional(), dst_endpoint: Endpoint.optional() }))
      .min(1)
      .optional(),
    resources: z.array(Resource).min(1).optional(),
  })
  .refine(typeUid, 'type_uid must be class_uid * 100 + activity_id');

export const AuthenticationSchema = z
  .looseObject({
    ...base,
    class_uid: z.literal(3002),
    category_uid: z.literal(3),
    activity_id: z.union([z.literal(1), z.literal(2)]),
    user: z.looseObject({ name: z.string().min(1) }),
    src_endpoint: Endpoint,
  })
  .refine(typeUid, 'type_uid must be class_uid * 100 + activity_id');

export const ApiActivitySchema = z
  .looseObject({
    ...base,
    class_uid: z.literal(6003),
    category_uid: z.literal(6),
    activity_id: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(99)]),
    actor: z.looseObject({ user: z.looseObject({ name: z.string().min(1) }) }),
    api: z.looseObject({ operation: z.string().min(1) }),
    src_endpoint: Endpoint,
    resources: z.array(Resource).optional(),
  })
  .refine(typeUid, 'type_uid must be class_uid * 100 + activity_id');

export const DeviceInventoryInfoSchema = z
  .looseObject({
    ...base,
    class_uid: z.literal(5001),
    category_uid: z.literal(5),
    activity_id: z.union([z.literal(1), z.literal(2), z.literal(99)]),
    device: z.looseObject({
      type_id: int,
      uid: z.string().min(1).optional(),
      name: z.string().optional(),
      ip: z.union([z.ipv4(), z.ipv6()]).optional(),
      mac: z.string().optional(),
      first_seen_time: ms.optional(),
      last_seen_time: ms.optional(),
    }),
  })
  .refine(typeUid, 'type_uid must be class_uid * 100 + activity_id');

export const CloudResourcesInventoryInfoSchema = z
  .looseObject({
    ...base,
    class_uid: z.literal(5023),
    category_uid: z.literal(5),
    activity_id: z.union([z.literal(1), z.literal(2)]),
    resources: z.array(Resource).min(1),
  })
  .refine(typeUid, 'type_uid must be class_uid * 100 + activity_id');

export const OCSF_SCHEMAS: Record<number, z.ZodType> = {
  2004: DetectionFindingSchema,
  3002: AuthenticationSchema,
  6003: ApiActivitySchema,
  5001: DeviceInventoryInfoSchema,
  5023: CloudResourcesInventoryInfoSchema,
};

/** Checks an OCSF event against the schema of its class; the problems, or an empty list. */
export function ocsfProblems(event: unknown): string[] {
  const classUid = (event as { class_uid?: unknown }).class_uid;
  const schema = typeof classUid === 'number' ? OCSF_SCHEMAS[classUid] : undefined;
  if (schema === undefined) return [`class_uid ${String(classUid)} is not one the collector emits`];
  const result = schema.safeParse(event);
  return result.success ? [] : issueLines(result.error);
}
