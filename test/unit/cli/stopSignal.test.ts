import { afterEach, describe, expect, it } from 'vitest';
import { onCtrlC, SAME_PRESS_MS } from '#cli/stopSignal.ts';

describe('Ctrl-C: one press is one stop, a later press forces', () => {
  let stopListening = () => {};
  afterEach(() => stopListening());

  it('the copies of one press (npm, tsx, the kernel) stop once; a press after the window forces', () => {
    let now = 1_000_000;
    const calls: string[] = [];
    stopListening = onCtrlC({ stop: () => calls.push('stop'), force: () => calls.push('force') }, () => now);
    process.emit('SIGINT', 'SIGINT');
    now += 3;
    process.emit('SIGINT', 'SIGINT'); // npm's forward
    now += 30;
    process.emit('SIGINT', 'SIGINT'); // tsx's relay
    expect(calls).toEqual(['stop']);
    now += SAME_PRESS_MS;
    process.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['stop', 'force']);
  });

  it('stops listening when the run is over', () => {
    const before = process.listenerCount('SIGINT');
    const off = onCtrlC({ stop: () => {}, force: () => {} });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    off();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
