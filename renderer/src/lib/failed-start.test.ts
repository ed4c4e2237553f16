import { describe, expect, it } from 'vitest';
import { FAILED_STARTS_KEY, OUT_OF_ORDER_PAGE, RELOADS_BEFORE_GIVING_UP, recoverFromFailedStart, startSucceeded } from './failed-start';

function fakeStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function fakePage() {
  const calls: string[] = [];
  return { calls, reload: () => void calls.push('reload'), replace: (url: string) => void calls.push(`replace ${url}`) };
}

describe('a failed app start', () => {
  it('reloads after 1, 2 and 4 s, then shows the out-of-order page instead of a screen that ignores taps', () => {
    const storage = fakeStorage();
    const page = fakePage();
    const timers: number[] = [];
    const later = (fn: () => void, ms: number) => {
      timers.push(ms);
      fn();
    };
    const outcomes = Array.from({ length: RELOADS_BEFORE_GIVING_UP + 1 }, () => recoverFromFailedStart(() => storage, page, later));
    expect(outcomes).toEqual([
      { kind: 'reload', inMs: 1000 },
      { kind: 'reload', inMs: 2000 },
      { kind: 'reload', inMs: 4000 },
      { kind: 'out-of-order' },
    ]);
    expect(timers).toEqual([1000, 2000, 4000]);
    expect(page.calls).toEqual(['reload', 'reload', 'reload', `replace ${OUT_OF_ORDER_PAGE}`]);
  });

  it('counts again from the start once the app has run', () => {
    const storage = fakeStorage();
    const page = fakePage();
    const later = () => undefined;
    recoverFromFailedStart(() => storage, page, later);
    recoverFromFailedStart(() => storage, page, later);
    startSucceeded(() => storage);
    expect(storage.items.has(FAILED_STARTS_KEY)).toBe(false);
    expect(recoverFromFailedStart(() => storage, page, later)).toEqual({ kind: 'reload', inMs: 1000 });
  });

  it('reads a damaged count as none', () => {
    const storage = fakeStorage();
    storage.items.set(FAILED_STARTS_KEY, 'garbage');
    expect(recoverFromFailedStart(() => storage, fakePage(), () => undefined)).toEqual({ kind: 'reload', inMs: 1000 });
  });

  it('goes straight to out of order where it cannot count, rather than reload for ever', () => {
    const page = fakePage();
    const refused = () => {
      throw new DOMException('storage is disabled', 'SecurityError');
    };
    expect(recoverFromFailedStart(refused, page, () => undefined)).toEqual({ kind: 'out-of-order' });
    expect(page.calls).toEqual([`replace ${OUT_OF_ORDER_PAGE}`]);
    expect(() => startSucceeded(refused)).not.toThrow();
  });
});
