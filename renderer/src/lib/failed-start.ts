/**
 * What the page does when the app (start-app.ts) does not start: its chunk
 * failed to load, or hydration threw. The prerendered attract screen would
 * otherwise stay up, holding every tap (early-taps.ts), and do nothing while
 * a customer taps at it. A reload fetches everything again, which clears a
 * passing fault (a read error, a renderer short of memory); after a few in a
 * row the shell's out-of-order page sends the customer to the counter, as it
 * does when the renderer keeps crashing (electron/lockdown.ts).
 */

/** Failed starts in a row, kept across reloads of this window (sessionStorage: nothing personal). */
export const FAILED_STARTS_KEY = 'help-kiosk.failed-starts';
/** Reloads before giving up; they wait 1 s, 2 s, 4 s. */
export const RELOADS_BEFORE_GIVING_UP = 3;
const FIRST_DELAY_MS = 1000;
/** Served next to the renderer by the shell (electron/static/) and by the e2e harness. */
export const OUT_OF_ORDER_PAGE = './out-of-order.html';

export interface StartPage {
  reload(): void;
  /** Leaves the page for `url`, without a history entry. */
  replace(url: string): void;
}

export type Recovery = { kind: 'reload'; inMs: number } | { kind: 'out-of-order' };

/**
 * Decides and schedules what to do after a failed start. `storage` is a getter: reading
 * `sessionStorage` itself throws where storage is refused.
 */
export function recoverFromFailedStart(
  storage: () => Pick<Storage, 'getItem' | 'setItem'>,
  page: StartPage,
  later: (fn: () => void, ms: number) => void = (fn, ms) => void setTimeout(fn, ms),
): Recovery {
  let failures: number;
  try {
    const store = storage();
    failures = (Number.parseInt(store.getItem(FAILED_STARTS_KEY) ?? '0', 10) || 0) + 1;
    store.setItem(FAILED_STARTS_KEY, String(failures));
  } catch {
    // Without a count, reloading could go on for ever: say out of order at once.
    failures = Number.POSITIVE_INFINITY;
  }
  if (failures > RELOADS_BEFORE_GIVING_UP) {
    page.replace(OUT_OF_ORDER_PAGE);
    return { kind: 'out-of-order' };
  }
  const inMs = FIRST_DELAY_MS * 2 ** (failures - 1);
  later(() => page.reload(), inMs);
  return { kind: 'reload', inMs };
}

/** The app is running: the next failure starts counting again. */
export function startSucceeded(storage: () => Pick<Storage, 'removeItem'>): void {
  try {
    storage().removeItem(FAILED_STARTS_KEY);
  } catch {
    // Nothing was counted then.
  }
}
