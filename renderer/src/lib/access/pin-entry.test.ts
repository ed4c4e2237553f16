import { describe, expect, it } from 'vitest';
import { PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinEntry } from './pin-entry.svelte';

function typed(entry: PinEntry, keys: string) {
  for (const k of keys) entry.press(k);
}

describe('PinEntry', () => {
  it('takes digits one by one and counts them, 6 to 8 as the store accepts', () => {
    const entry = new PinEntry();
    expect([entry.min, entry.max]).toEqual([PIN_MIN_DIGITS, PIN_MAX_DIGITS]);
    expect([PIN_MIN_DIGITS, PIN_MAX_DIGITS]).toEqual([6, 8]);
    typed(entry, '4821');
    expect(entry.length).toBe(4);
    expect(entry.complete).toBe(false);
    typed(entry, '93');
    expect(entry.complete).toBe(true);
    expect(entry.full).toBe(false);
  });

  it('stops at the maximum length: further digits are ignored', () => {
    const entry = new PinEntry();
    typed(entry, '1357924680');
    expect(entry.length).toBe(8);
    expect(entry.full).toBe(true);
    expect(entry.take()).toBe('13579246');
  });

  it('ignores anything that is not a single digit', () => {
    const entry = new PinEntry();
    for (const k of ['a', '', '12', ' ', '-', '٣']) entry.press(k);
    expect(entry.length).toBe(0);
  });

  it('delete removes the last digit, and does nothing on an empty pad', () => {
    const entry = new PinEntry();
    entry.delete();
    expect(entry.length).toBe(0);
    typed(entry, '2468013');
    entry.delete();
    entry.delete();
    expect(entry.length).toBe(5);
    typed(entry, '57');
    expect(entry.take()).toBe('2468057');
  });

  it('take() hands the PIN over once and clears the pad; too short, it keeps the digits and returns null', () => {
    const entry = new PinEntry();
    typed(entry, '80417');
    expect(entry.take()).toBeNull();
    expect(entry.length).toBe(5);
    typed(entry, '2');
    expect(entry.take()).toBe('804172');
    expect(entry.length).toBe(0);
    expect(entry.take()).toBeNull();
  });

  it('masks: nothing readable on the object says which digits were typed', () => {
    const entry = new PinEntry();
    typed(entry, '918273');
    const visible = JSON.stringify({ ...entry, length: entry.length, complete: entry.complete, full: entry.full });
    expect(visible).not.toMatch(/9|18|27|73/);
    expect(Object.values(entry).some((v) => typeof v === 'string')).toBe(false);
  });

  it('clear() empties the pad', () => {
    const entry = new PinEntry();
    typed(entry, '123');
    entry.clear();
    expect(entry.length).toBe(0);
  });
});
