import { describe, expect, it } from 'vitest';
import { applyCredentialPolicy } from '#lib/output/native/incidentView.ts';
import { MASK, treatEvent } from '#lib/output/shared/credentials.ts';

const mask = () => MASK;

describe('treating credentials copies only what it changes', () => {
  it('masks a password deep in an event and leaves the input as it was', () => {
    const event = { USERNAME: 'root', nested: [{ keep: 1 }, { PASSWORD: 'hunter2', port: 22 }], flag: true };
    const before = structuredClone(event);
    const out = treatEvent(event, mask) as typeof event;
    expect(out).toEqual({
      USERNAME: 'root',
      nested: [{ keep: 1 }, { PASSWORD: MASK, port: 22 }],
      flag: true,
    });
    expect(event).toEqual(before);
    // the untouched branch is shared, the changed one copied
    expect(out.nested[0]).toBe(event.nested[0]);
    expect(out.nested[1]).not.toBe(event.nested[1]);
    expect(Object.keys(out)).toEqual(Object.keys(event));
  });

  it('returns an event with nothing to treat as it is', () => {
    const event = { USERNAME: 'root', port: 22, list: ['a', { b: null }] };
    expect(treatEvent(event, mask)).toBe(event);
  });

  it('masks a numeric secret and Redis AUTH arguments, as before', () => {
    expect(treatEvent({ PIN: 1, PASSWORD: 1234 }, mask)).toEqual({ PIN: 1, PASSWORD: MASK });
    expect(treatEvent({ CMD: 'AUTH', ARGS: ['secret'] }, mask)).toEqual({ CMD: 'AUTH', ARGS: [MASK] });
    expect(treatEvent({ CMD: 'GET', ARGS: ['key'] }, mask)).toEqual({ CMD: 'GET', ARGS: ['key'] });
  });

  it('gives the incident itself when no event holds a credential, a copy when one does', () => {
    const plain = { id: 'i', updated_id: 1, description: { events: [{ USERNAME: 'a' }] } };
    expect(applyCredentialPolicy(plain, { mode: 'mask' })).toBe(plain);
    const secret = { id: 'i', updated_id: 1, description: { events: [{ PASSWORD: 'x' }] } };
    const treated = applyCredentialPolicy(secret, { mode: 'mask' });
    expect(treated).not.toBe(secret);
    expect(treated.description.events).toEqual([{ PASSWORD: MASK }]);
    expect(secret.description.events).toEqual([{ PASSWORD: 'x' }]);
  });
});
