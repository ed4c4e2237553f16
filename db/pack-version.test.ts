import { describe, expect, it } from 'vitest';
import { compareVersions } from './pack-version';

describe('compareVersions', () => {
  it('orders by major, then minor, then patch, numerically rather than as text', () => {
    expect(compareVersions('1.0.10', '1.0.9')).toBe(1);
    expect(compareVersions('1.2.0', '1.10.0')).toBe(-1);
    expect(compareVersions('2.0.0', '1.99.99')).toBe(1);
    expect(compareVersions('1.0.1', '1.0.1')).toBe(0);
  });
});
