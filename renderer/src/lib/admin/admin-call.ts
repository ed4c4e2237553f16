/**
 * Every admin call carries the admin's token and passes its answer through
 * `KioskMode.guard`: an expired token (`unauthorized`) ends on the attract
 * screen wherever it is noticed.
 */
import type { KioskMode } from '../access/kiosk-mode.svelte';
import type { KioskResult } from '../kiosk';

export type AdminCall = <T>(request: (token: string) => Promise<KioskResult<T>>) => Promise<KioskResult<T>>;

export function adminCall(mode: Pick<KioskMode, 'guard'>, token: string): AdminCall {
  return async function callAsAdmin(request) {
    return mode.guard(await request(token));
  };
}
