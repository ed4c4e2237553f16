/** Timers a test moves by hand: `advance(ms)` runs, in time order, every timer due by then. */
import type { IdleTimers } from '../idle.svelte';

export interface FakeTimers extends IdleTimers {
  /** Milliseconds since the fake clock started. */
  readonly now: number;
  /** Timers set and not yet run or cleared. */
  readonly pending: number;
  advance(ms: number): void;
}

export function fakeTimers(): FakeTimers {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    get now() {
      return now;
    },
    get pending() {
      return due.size;
    },
    setTimeout(fn, ms) {
      const id = nextId++;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let first: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of due) if (entry[1].at <= end && (!first || entry[1].at < first[1].at)) first = entry;
        if (!first) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].fn();
      }
      now = end;
    },
  };
}
