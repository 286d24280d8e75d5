import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/feeds/dates.ts';

const now = new Date('2024-06-01T00:00:00Z');

describe('parseDate', () => {
  it.each([
    ['Tue, 05 Mar 2024 10:00:00 EST', '2024-03-05T15:00:00.000Z'],
    ['Tue, 05 Mar 2024 10:00:00 CEST', '2024-03-05T08:00:00.000Z'],
    ['5 Mar 24 10:00 +0530', '2024-03-05T04:30:00.000Z'],
    ['Mon, 05 Mar 2024 10:00:00 GMT+2', '2024-03-05T08:00:00.000Z'],
    ['Friday, 05 March 2024 10:00:00 Z', '2024-03-05T10:00:00.000Z'],
    ['2024-03-05T10:00:00+01:00', '2024-03-05T09:00:00.000Z'],
    ['2024-03-05T10:00:00.123Z', '2024-03-05T10:00:00.123Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['20240305T100000Z', '2024-03-05T10:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseDate(input, now)).toBe(expected);
  });

  it.each([[''], ['not a date'], ['2024-13-45'], ['Tue, 05 Mar 2024 10:00:00 XYZT'], ['0001-01-01T00:00:00Z'], ['2099-01-01T00:00:00Z']])(
    'rejects %j as null',
    (input) => {
      expect(parseDate(input, now)).toBeNull();
    },
  );

  it('returns null for non-strings', () => {
    expect(parseDate(undefined, now)).toBeNull();
    expect(parseDate(42, now)).toBeNull();
  });
});
