/**
 * The names of the methods on `window.kiosk`. Kept apart from `api.ts` so the
 * sandboxed preload can list them without bundling zod; `api.ts` checks at
 * compile time that this list and its schema table agree.
 */
export const API_METHODS = [
  'getKioskInfo',
  'getContent',
  // session log (customer flow)
  'startSession',
  'logEvent',
  'endSession',
  // staff and admin access
  'getAccessStatus',
  'setupAdminPin',
  'unlock',
  'lock',
  'keepUnlocked',
  // admin (token of an unlocked admin)
  'getDashboard',
  'listUsbDrives',
  'exportStats',
  'getSettings',
  'updateSettings',
  'changePin',
  'quitKiosk',
  // content packs (admin)
  'listPacks',
  'importPackFromUsb',
  'rollbackPack',
  // installer self-test (admin)
  'getSelfTest',
] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** IPC channel for one method. One place, so preload and ipc.ts cannot drift. */
export function channelFor(method: ApiMethod): string {
  return `kiosk:${method}`;
}
