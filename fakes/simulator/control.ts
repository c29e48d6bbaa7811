import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditStore } from './audit.ts';
import type { DeviceStore } from './devices.ts';
import { type Fault, readJson, send } from './http.ts';
import type { AddSpec, IncidentStore } from './incidents.ts';
import type { Rng } from './random.ts';
import type { TokenKind, TokenStore } from './tokens.ts';

/** The simulator as its control API drives it (declared here, so this file need not import server.ts). */
export interface Controlled {
  readonly store: IncidentStore;
  readonly audit: AuditStore;
  readonly devices: DeviceStore;
  readonly tokens: TokenStore;
  readonly requests: readonly unknown[];
  addIncidents(count: number, spec?: AddSpec): number[];
  addAudit(count: number): void;
  inject(...faults: Fault[]): void;
  tick(): { added: number; acknowledged: number; audit: number };
}

/** The simulator's private parts the control API uses: its seeded choices and its pending faults. */
export interface ControlState {
  rng: Rng;
  faults: readonly Fault[];
}

/** The control API under /_sim/: change the data and inject faults while the simulator runs. */
export async function control(
  sim: Controlled,
  state: ControlState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const body = req.method === 'POST' ? await readJson(req) : {};
  switch (url.pathname) {
    case '/_sim/state':
      return send(res, 200, {
        incidents: sim.store.count,
        maxUpdatedId: sim.store.maxUpdatedId,
        requests: sim.requests.length,
      });
    case '/_sim/incidents':
      return send(res, 200, { added: sim.addIncidents(Number(body.count ?? 1), body as AddSpec) });
    case '/_sim/acknowledge':
      return send(res, 200, {
        acknowledged:
          body.index === undefined
            ? sim.store.acknowledgeSome(Number(body.count ?? 1), state.rng)
            : sim.store.acknowledge(Number(body.index))
              ? [Number(body.index)]
              : [],
      });
    case '/_sim/events':
      return send(res, 200, { ok: sim.store.addEvents(Number(body.index), Number(body.count ?? 1)) });
    case '/_sim/faults':
      sim.inject(...(Array.isArray(body.faults) ? (body.faults as Fault[]) : []));
      return send(res, 200, { faults: state.faults.length });
    case '/_sim/audit':
      sim.addAudit(Number(body.count ?? 1));
      return send(res, 200, { entries: sim.audit.count });
    case '/_sim/birds': {
      const id = String(body.id ?? '');
      const ok =
        body.action === 'add'
          ? sim.devices.add()
          : body.action === 'remove'
            ? sim.devices.remove(id)
            : sim.devices.setLive(id, body.action === 'online');
      return send(res, 200, { ok });
    }
    case '/_sim/tokens':
      return send(res, 200, {
        ok:
          body.action === 'remove'
            ? sim.tokens.remove(String(body.canarytoken))
            : sim.tokens.add(
                body.kind as TokenKind | undefined,
                (body.extra as Record<string, unknown>) ?? {},
              ),
      });
    case '/_sim/tick':
      return send(res, 200, sim.tick());
    default:
      return send(res, 404, { message: 'unknown control path', result: 'error' });
  }
}
