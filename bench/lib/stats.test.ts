import { describe, expect, it } from 'vitest';
import { prng } from '../../db/test/generate-sessions';
import { median, percentile, ratioOfMediansInterval, slope } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(median(xs)).toBe(3);
    expect(percentile(xs, 95)).toBe(5);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('fits the trend of a series through its noise', () => {
    const xs = Array.from({ length: 21 }, (_, i) => 100 + i * 500);
    // 1 MB per 10,000 sessions, with a ±2 MB swing on every other sample.
    const ys = xs.map((x, i) => 80 + x / 10_000 + (i % 2 === 0 ? 2 : -2));
    expect(slope(xs, ys) * 10_000).toBeCloseTo(1, 1);
    // A flat series with one high sample at the end grows by a fraction of that sample.
    const spike = xs.map((_, i) => (i === xs.length - 1 ? 84 : 80));
    expect(slope(xs, spike) * (xs.at(-1)! - xs[0]!)).toBeLessThan(4 / 3);
  });

  it('refuses a series it cannot fit', () => {
    expect(() => slope([1], [1])).toThrow(/two or more/);
    expect(() => slope([1, 2], [1])).toThrow(/two or more/);
    expect(() => slope([3, 3], [1, 2])).toThrow(/different x/);
  });

  it('bounds a ratio of medians by resampling, the same way for the same seed', () => {
    const random = prng(1);
    const floor = Array.from({ length: 40 }, () => 120 + random() * 20);
    const twice = floor.map((x) => x * 2);
    // A sample against itself doubled: the interval holds 2, and not 1.5.
    const [lo2, hi2] = ratioOfMediansInterval(twice, floor, prng(5));
    expect(lo2).toBeLessThanOrEqual(2);
    expect(hi2).toBeGreaterThanOrEqual(2);
    expect(lo2).toBeGreaterThan(1.5);
    // Two draws of one distribution: the interval holds 1 and is narrower than ±15%.
    const other = Array.from({ length: 40 }, () => 120 + random() * 20);
    const [lo, hi] = ratioOfMediansInterval(other, floor, prng(5));
    expect(lo).toBeLessThanOrEqual(1);
    expect(hi).toBeGreaterThanOrEqual(1);
    expect(hi - lo).toBeLessThan(0.15);
    expect(ratioOfMediansInterval(other, floor, prng(5))).toEqual([lo, hi]);
    expect(() => ratioOfMediansInterval([], floor, prng(5))).toThrow(/non-empty/);
  });
});
