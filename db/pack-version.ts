/**
 * Pack versions are MAJOR.MINOR.PATCH (the content schema guarantees the
 * shape): the kiosk only ever moves a pack forward.
 */

/** -1, 0 or 1 as version `a` is older than, the same as, or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
