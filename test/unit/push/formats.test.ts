import { describe, expect, it } from 'vitest';
import { toEcs } from '#lib/output/ecs/index.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { ocsfProblems } from '#lib/output/ocsf/schemas.ts';
import { sampleRecords } from '#scripts/fields.ts';
import { ecsProblems } from '#siem/elastic/check.ts';
import { ecsFields } from '#siem/elastic/fields.ts';

/** Pushed records in the other formats, checked against OCSF 1.4.0 and the ECS definitions like the rest. */
const pushed = sampleRecords().filter((r) => r.source === 'alert' || r.source === 'audit_push');

describe('pushed records in OCSF and ECS', () => {
  it('are valid OCSF: findings correlated by the incident hash, audit entries as activity', () => {
    expect(pushed.length).toBeGreaterThan(30);
    const events = pushed.map(toOcsf);
    expect(events.flatMap(ocsfProblems)).toEqual([]);
    const alerts = events.filter((e) => e.class_uid === 2004);
    expect(alerts.length).toBe(pushed.filter((r) => r.source === 'alert').length);
    const alertRecords = pushed.filter((r) => r.source === 'alert');
    for (const [i, event] of alerts.entries()) {
      const hash = (alertRecords[i]?.normalized as { hash_id: string | null } | undefined)?.hash_id ?? null;
      if (hash !== null) expect((event.metadata as { correlation_uid?: string }).correlation_uid).toBe(hash);
    }
    expect(new Set(events.filter((e) => e.class_uid !== 2004).map((e) => e.class_uid))).toEqual(
      new Set([3002, 6003]),
    );
  });

  it('are valid ECS, event.kind alert exactly where the record alerts', () => {
    const ecs = ecsFields();
    const docs = pushed.map(toEcs);
    expect(docs.flatMap((doc) => ecsProblems(doc, ecs))).toEqual([]);
    for (const [i, doc] of docs.entries())
      expect((doc.event as { kind: string }).kind === 'alert').toBe(pushed[i]?.alert === true);
  });
});
