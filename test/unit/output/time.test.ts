import { describe, expect, it } from 'vitest';
import { canaryTimeToIso, epochToIso } from '#lib/canary/time.ts';
import { birdNormalized } from '#lib/output/native/semantics.ts';

describe('console times', () => {
  it.each([
    ['2020-04-03 12:56:42 UTC+0000', '2020-04-03T12:56:42.000Z'],
    ['2020-04-03 14:56:42 UTC+0200', '2020-04-03T12:56:42.000Z'],
    ['2020-04-03 07:26:42 UTC-0530', '2020-04-03T12:56:42.000Z'],
    ['2020-04-03 12:56:42 GMT+00:00', '2020-04-03T12:56:42.000Z'],
    ['2020-04-03T12:56:42Z', '2020-04-03T12:56:42.000Z'],
    ['2020-04-03T14:56:42.250+02:00', '2020-04-03T12:56:42.250Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(canaryTimeToIso(text)).toBe(iso);
  });

  it.each([['yesterday'], [''], ['2020-13-45 99:00:00 UTC+0000'], [1586000000]])(
    'gives undefined for %s',
    (text) => {
      expect(canaryTimeToIso(text)).toBeUndefined();
    },
  );

  it('reads epoch seconds as numbers and strings', () => {
    expect(epochToIso('1586338742')).toBe('2020-04-08T09:39:02.000Z');
    expect(epochToIso('1585947447.092035')).toBe('2020-04-03T20:57:27.092Z');
    expect(epochToIso(0)).toBeUndefined();
  });
});

describe('bird times, in the spellings consoles send', () => {
  it.each([
    ['Tue, 14 Apr 2020 22:11:18 GMT', undefined],
    ['Tue Apr 14 2020 22:11:18 GMT+0000 (UTC)', undefined],
    ['1586902278', undefined],
    ['not a time', '2020-04-14 22:11:18 UTC+0000'],
  ])('reads first_seen %s (first_seen_std %s)', (firstSeen, std) => {
    const view = birdNormalized({ id: 'b1', first_seen: firstSeen, first_seen_std: std });
    expect(view.first_seen).toBe('2020-04-14T22:11:18.000Z');
  });
});

describe('times that do not read never throw', () => {
  it.each([[1e13], ['1e13'], [Number.MAX_VALUE], [253_402_300_800], ['not a time'], [Number.NaN], [-5]])(
    'epoch %s gives undefined',
    (value) => {
      expect(epochToIso(value)).toBeUndefined();
    },
  );

  it('reads the last second of year 9999', () => {
    expect(epochToIso(253_402_300_799)).toBe('9999-12-31T23:59:59.000Z');
  });

  it.each([['2026-13-01 00:00:00 UTC+0000'], ['2026-02-30 00:00:00 UTC+0000'], ['2026-04-31T00:00:00Z']])(
    'a date that does not exist, %s, gives undefined',
    (text) => {
      expect(canaryTimeToIso(text)).toBeUndefined();
    },
  );

  it('a bird time past year 9999 is null, not a six-digit year', () => {
    const view = birdNormalized({ id: 'b1', first_seen: 'Tue Apr 14 20200 22:11:18 GMT', last_seen: 1e13 });
    expect([view.first_seen, view.last_seen]).toEqual([null, null]);
  });
});
