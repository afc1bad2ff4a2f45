import { expect, it } from 'vitest';
import { spread } from './stats';

it('spread is max over min of the usable values', () => {
  expect(spread([100, 240, 120])).toBeCloseTo(2.4);
  expect(spread([5])).toBe(1);
  // A timed-out run (NaN) or an empty one (0) says nothing about the spread.
  expect(spread([Number.NaN, 0, 50, 60])).toBeCloseTo(1.2);
  expect(spread([])).toBeNaN();
});
