/** Small statistics helpers for the benchmarks (nearest-rank percentiles). */

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** High-resolution stopwatch in milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Least-squares slope of ys against xs. For a memory series sampled along a run, slope × span is the
 * run's growth as a trend: one sample's allocator noise (a free list kept or handed back) moves it far
 * less than it moves a difference of two single samples.
 */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) throw new Error(`slope needs two or more (x, y) pairs, got ${xs.length} x and ${ys.length} y`);
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  if (den === 0) throw new Error('slope needs at least two different x values');
  return num / den;
}

/**
 * A 95% bootstrap interval for median(xs) / median(ys): both samples resampled with replacement,
 * `resamples` times, from a seeded generator so a rerun on the same figures gives the same interval.
 * It says how far this run's sampling alone could move the ratio; a run on a busier machine moves it
 * further (the notes give the run-to-run spread).
 */
export function ratioOfMediansInterval(xs: readonly number[], ys: readonly number[], random: () => number, resamples = 2000): [number, number] {
  if (xs.length === 0 || ys.length === 0) throw new Error('ratioOfMediansInterval needs two non-empty samples');
  const draw = (s: readonly number[]) => Array.from({ length: s.length }, () => s[Math.floor(random() * s.length)]!);
  const ratios = Array.from({ length: resamples }, () => median(draw(xs)) / median(draw(ys)));
  return [percentile(ratios, 2.5), percentile(ratios, 97.5)];
}
